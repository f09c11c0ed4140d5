/**
 * The call graph of a WebAssembly module, for the meter (scripts/meter-wasm.mjs):
 * which functions each call site may reach, where recursion can happen (its
 * strongly connected components), and longest paths through acyclic graphs
 * (what is left of it once the counted calls are cut), which bound what
 * uncounted calls can stack up.
 *
 * Sound by construction for what wasm-reader.mjs accepts: a direct call has
 * its one target; an indirect call may reach every function in the table
 * whose signature matches (call_indirect checks the signature, and the table
 * is fixed: neither imported, exported nor changed by any instruction, or the
 * reader refuses the module). Calls to imported functions leave the module:
 * the host may call back into any export, so the meter treats such a call as
 * a possible re-entry instead of drawing edges for it here.
 */
import { decodeBody } from './wasm-reader.mjs'

/**
 * Every defined function's decoded body and call sites, each call site with
 * its possible targets (function indices, imports included).
 */
export function callSites(module, { locals = false } = {}) {
  const { buf, bodies, table, types, functionType } = module
  const bySignature = new Map()
  for (const f of [...table].sort((a, b) => a - b)) {
    const signature = types[functionType[f]].signature
    if (!bySignature.has(signature)) bySignature.set(signature, [])
    bySignature.get(signature).push(f)
  }
  return bodies.map((body) => {
    const decoded = decodeBody(buf, body, { locals })
    const sites = []
    for (const e of decoded.events) {
      if (e.op === 'call') sites.push({ event: e, targets: [e.target] })
      else if (e.op === 'call_indirect') sites.push({ event: e, targets: bySignature.get(types[e.type].signature) ?? [] })
    }
    return { body, decoded, sites }
  })
}

/**
 * Tarjan's strongly connected components (iteratively: QuickJS's graph is
 * deep). `successors[v]` lists v's successors. Returns each node's component
 * and the components' members, in reverse topological order (every edge
 * between two components goes from a later one to an earlier one).
 */
export function stronglyConnected(successors) {
  const n = successors.length
  const index = new Int32Array(n).fill(-1)
  const low = new Int32Array(n)
  const onStack = new Uint8Array(n)
  const component = new Int32Array(n).fill(-1)
  const stack = []
  const members = []
  let next = 0
  for (let root = 0; root < n; root++) {
    if (index[root] >= 0) continue
    const work = [[root, 0]]
    index[root] = low[root] = next++
    stack.push(root)
    onStack[root] = 1
    while (work.length > 0) {
      const top = work[work.length - 1]
      const v = top[0]
      if (top[1] < successors[v].length) {
        const w = successors[v][top[1]++]
        if (index[w] < 0) {
          index[w] = low[w] = next++
          stack.push(w)
          onStack[w] = 1
          work.push([w, 0])
        } else if (onStack[w]) low[v] = Math.min(low[v], index[w])
        continue
      }
      work.pop()
      if (work.length > 0) {
        const u = work[work.length - 1][0]
        low[u] = Math.min(low[u], low[v])
      }
      if (low[v] === index[v]) {
        const c = members.length
        const group = []
        let w
        do {
          w = stack.pop()
          onStack[w] = 0
          component[w] = c
          group.push(w)
        } while (w !== v)
        members.push(group)
      }
    }
  }
  return { component, members }
}

/**
 * Longest paths in an acyclic graph: for every node, the heaviest sum of
 * `weight` along a path that starts at it (`from`) and along one that ends
 * at it (`to`, over paths starting at nodes where `start` holds; -Infinity
 * where none reaches). Throws if the graph has a cycle.
 */
export function longestPaths(successors, weight, start = () => true) {
  const n = successors.length
  const { members } = stronglyConnected(successors)
  for (const group of members) if (group.length > 1) throw new Error('expected an acyclic graph')
  for (let v = 0; v < n; v++) if (successors[v].includes(v)) throw new Error('expected an acyclic graph')
  // members come in reverse topological order: successors first.
  const order = members.map((g) => g[0])
  const from = new Float64Array(n)
  for (const v of order) {
    let below = 0
    for (const w of successors[v]) below = Math.max(below, from[w])
    from[v] = weight(v) + below
  }
  const to = new Float64Array(n).fill(-Infinity)
  for (let k = order.length - 1; k >= 0; k--) {
    const v = order[k]
    if (start(v)) to[v] = Math.max(to[v], weight(v))
    if (to[v] === -Infinity) continue
    for (const w of successors[v]) to[w] = Math.max(to[w], to[v] + weight(w))
  }
  return { from, to }
}
