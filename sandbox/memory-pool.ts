/**
 * Players' memories, written in full when made (unless told otherwise) and
 * kept for the next instance. The operating system commits a page of memory
 * the first time it is written, and on the machines this runs on that costs
 * about 14 us a page: some 60 ms for a player's 16 MiB. Left to happen
 * during play, it would land in whichever match first fills the memory
 * (measured: a strategy that fills its memory in a runner's first match cost
 * the host 0.13 s). So a memory is written in full once, when it is made,
 * and a released one is wiped (cheap once committed) and handed to the next
 * instance: the first match of a runner costs no more than its hundredth.
 *
 * A short-lived process that plays a few matches (the `arena` command) may
 * leave a brand-new memory as it is, already zero, and let the system commit
 * only the pages QuickJS touches: some 110 ms less for a one-round match's
 * two players here. What happens in the memory is the same either way; only
 * when the host pays for its pages differs.
 *
 * A memory is released only when nothing will call into its old instance
 * again (PlayerVM.dispose).
 */

/** Spare memories kept per size: a runner's two players (a brand-new pair for every match takes and gives back two). */
const KEEP = 2
const pool = new Map<number, WebAssembly.Memory[]>()

/**
 * A wiped memory of `pages` 64 KiB pages, every page of it already committed
 * unless `commit` is false (then a brand-new one is left for the system to
 * commit page by page, as it is written).
 */
export function takeMemory(pages: number, commit = true): WebAssembly.Memory {
  const spare = pool.get(pages)?.pop()
  if (spare) {
    new Uint8Array(spare.buffer).fill(0)
    return spare
  }
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages })
  if (commit) new Uint8Array(memory.buffer).fill(0)
  return memory
}

/** Give back a memory whose instance will never run again. */
export function releaseMemory(memory: WebAssembly.Memory): void {
  const pages = memory.buffer.byteLength / 65536
  const spares = pool.get(pages) ?? []
  if (spares.length < KEEP) spares.push(memory)
  pool.set(pages, spares)
}

/** Let go of every spare memory (a Worker switching from one game's runner to the other's keeps only what it uses). */
export function dropSpareMemories(): void {
  pool.clear()
}
