/**
 * Load: autocannon in a child process of its own (bench/load.mjs), a
 * warm-up then the measured seconds, against one endpoint: requests/s,
 * latency, errors and non-2xx (429s named: a rate limiter, not the
 * endpoint, answered), the server's CPU per request by process, and what
 * this machine could serve if nothing else ran.
 */
import { spawn } from 'node:child_process'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { OPTS } from './options'
import type { CpuFigures, CpuWindow } from './proc'
import type { Server } from './server'

export interface LoadFigures {
  name: string
  path: string
  requests: number
  requestsPerSecond: number
  latencyMs: { p50: number; p90: number; p99: number; max: number }
  errors: number
  timeouts: number
  non2xx: number
  statusCodes: Record<string, number>
  rateLimited: number
  bytesPerResponse: number
  cpu: CpuFigures
  serverCpuMsPerRequest: number
  loadGeneratorCpuMsPerRequest: number
  /** Requests/s this machine could serve if nothing else ran: cores / (server + load generator CPU per request). */
  ceilingRequestsPerSecond: number
}

interface AutocannonResult {
  duration: number
  errors: number
  timeouts: number
  non2xx: number
  statusCodeStats: Record<string, { count: number }>
  latency: { p50: number; p90: number; p99: number; max: number }
  requests: { total: number }
  throughput: { total: number }
  loadGeneratorCpuMs: number
}

export function loadTest(root: string, server: Server, name: string, path: string): Promise<LoadFigures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bench', 'load.mjs'), `${server.url}${path}`, String(OPTS.connections), String(OPTS.duration), String(OPTS.warmup)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let window: CpuWindow | null = null
    let result: (AutocannonResult & { cpu: CpuFigures }) | null = null
    let buffered = ''
    child.stdout!.setEncoding('utf8')
    child.stdout!.on('data', (chunk: string) => {
      buffered += chunk
      const parts = buffered.split('\n')
      buffered = parts.pop() ?? ''
      for (const line of parts) {
        if (line === 'warm') window = server.openWindow()
        else if (line.startsWith('{')) {
          const r = JSON.parse(line) as AutocannonResult
          result = { ...r, cpu: server.closeWindow(window ?? server.openWindow(), r.loadGeneratorCpuMs) }
        }
      }
    })
    child.on('error', reject)
    child.on('close', (code) => {
      if (!result) return reject(new Error(`the load generator for ${path} exited with ${code} and no result`))
      const r: AutocannonResult & { cpu: CpuFigures } = result
      const seconds = r.duration > 0 ? r.duration : OPTS.duration
      const n = Math.max(1, r.requests.total)
      const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, v.count]))
      const serverCpuMsPerRequest = r.cpu.serverMs / n
      const loadGeneratorCpuMsPerRequest = r.loadGeneratorCpuMs / n
      resolve({
        name,
        path,
        requests: r.requests.total,
        requestsPerSecond: r.requests.total / seconds,
        latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
        errors: r.errors,
        timeouts: r.timeouts,
        non2xx: r.non2xx,
        statusCodes,
        rateLimited: statusCodes['429'] ?? 0,
        bytesPerResponse: r.throughput.total / n,
        cpu: r.cpu,
        serverCpuMsPerRequest,
        loadGeneratorCpuMsPerRequest,
        ceilingRequestsPerSecond: (cpus().length * 1000) / (serverCpuMsPerRequest + loadGeneratorCpuMsPerRequest),
      })
    })
  })
}
