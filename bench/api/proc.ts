/**
 * CPU time from /proc: of a process tree (the server: start.mjs, wrangler,
 * workerd, esbuild) and of the whole machine, so that each measured window
 * can say how many cores other processes kept busy meanwhile.
 */
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'

const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100
const ticksToMs = (ticks: number) => (ticks * 1000) / CLK_TCK

/** ppid and utime + stime (ticks) of a process, or null when it is gone. */
function procStat(pid: number): { ppid: number; ticks: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ')
    return { ppid: Number(rest[1]), ticks: Number(rest[11]) + Number(rest[12]) }
  } catch {
    return null
  }
}

export const isAlive = (pid: number) => procStat(pid) !== null

export function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ')
  } catch {
    return ''
  }
}

/** The process and all its descendants. */
export function processTree(rootPid: number): number[] {
  const children = new Map<number, number[]>()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    const s = procStat(Number(name))
    if (!s) continue
    const list = children.get(s.ppid) ?? []
    list.push(Number(name))
    children.set(s.ppid, list)
  }
  const out: number[] = []
  const pending = [rootPid]
  while (pending.length > 0) {
    const pid = pending.pop()!
    out.push(pid)
    pending.push(...(children.get(pid) ?? []))
  }
  return out
}

/** What a server process is, from its command line. */
function processLabel(pid: number, rootPid: number, port: number): string {
  if (pid === rootPid) return 'start.mjs'
  const cmd = cmdline(pid)
  if (cmd.includes('workerd')) return cmd.includes(`entry=localhost:${port}`) ? 'workerd: proxy' : 'workerd: worker+D1+queue'
  if (cmd.includes('wrangler-dist')) return 'wrangler (node)'
  if (cmd.includes('wrangler.js')) return 'wrangler launcher'
  if (cmd.includes('esbuild')) return 'esbuild'
  return cmd.split(' ')[0]?.split('/').pop() ?? String(pid)
}

/** The process that runs the Worker, its D1 and its queue (locally, one workerd). */
export const WORKER_PROCESS = 'workerd: worker+D1+queue'

/** Busy and total CPU time of the whole machine so far (ms, all cores). */
function machineCpu(): { busyMs: number; totalMs: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number)
  const total = fields.slice(0, 8).reduce((a, b) => a + b, 0)
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0)
  return { busyMs: ticksToMs(total - idle), totalMs: ticksToMs(total) }
}

export interface CpuWindow {
  t0: number
  perPid: Map<number, { label: string; ticks: number }>
  machine: { busyMs: number; totalMs: number }
  self: NodeJS.CpuUsage
}

export interface CpuFigures {
  wallMs: number
  /** CPU ms of the server's processes, by kind. */
  byProcess: Record<string, number>
  serverMs: number
  /** Cores kept busy by processes other than the server, this bench and the load generator. */
  otherCores: number
}

/** Start counting the CPU of the tree under `rootPid` (the server listens on `port`). */
export function openWindow(rootPid: number, port: number): CpuWindow {
  const perPid = new Map<number, { label: string; ticks: number }>()
  for (const pid of processTree(rootPid)) {
    const s = procStat(pid)
    if (s) perPid.set(pid, { label: processLabel(pid, rootPid, port), ticks: s.ticks })
  }
  return { t0: performance.now(), perPid, machine: machineCpu(), self: process.cpuUsage() }
}

/** CPU of the tree since `w`; `loadGeneratorMs` is what the load generator used meanwhile. */
export function closeWindow(w: CpuWindow, rootPid: number, port: number, loadGeneratorMs = 0): CpuFigures {
  const wallMs = performance.now() - w.t0
  const byProcess: Record<string, number> = {}
  let serverMs = 0
  for (const pid of processTree(rootPid)) {
    const s = procStat(pid)
    if (!s) continue
    const before = w.perPid.get(pid)
    const label = before?.label ?? processLabel(pid, rootPid, port)
    const ms = ticksToMs(s.ticks - (before?.ticks ?? 0))
    byProcess[label] = (byProcess[label] ?? 0) + ms
    serverMs += ms
  }
  const m = machineCpu()
  const self = process.cpuUsage(w.self)
  const selfMs = (self.user + self.system) / 1000
  const otherMs = m.busyMs - w.machine.busyMs - serverMs - selfMs - loadGeneratorMs
  return { wallMs, byProcess, serverMs, otherCores: Math.max(0, otherMs) / wallMs }
}
