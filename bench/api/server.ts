/**
 * The server under test, started exactly as `npm start` starts it
 * (scripts/start.mjs, which builds, migrates, seeds and runs `wrangler dev`
 * with src/index.ts), on a free port with a fresh `--persist-to` directory
 * and `--no-tick` (the seeded demo tournament stays idle, so nothing but the
 * bench's own run plays and the load phase is quiet). Its output is kept:
 * wrangler's `QUEUE name acked/messages (N ms)` lines time each consumer
 * invocation (printed at wrangler's default log level, info).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { OPTS, log, now, sleep } from './options'
import { closeWindow, cmdline, isAlive, openWindow, processTree, type CpuFigures, type CpuWindow } from './proc'

const READY_TIMEOUT_MS = 5 * 60_000

export interface QueueLine {
  /** When the line arrived (performance.now()): the invocation had just ended. */
  t: number
  queue: string
  acked: number
  messages: number
  ms: number
}

export class Server {
  readonly child: ChildProcess
  readonly lines: { t: number; text: string }[] = []
  readonly queueLines: QueueLine[] = []
  readonly spawnedAt = now()
  readonly args: string[]
  /** The server's processes when it was ready, with their command lines (so a reused pid is never killed). */
  private tree: { pid: number; cmd: string }[] = []
  exited = false

  constructor(
    root: string,
    readonly port: number,
    readonly persistTo: string,
  ) {
    this.args = ['--port', String(port), '--persist-to', persistTo, '--no-tick', ...(OPTS.build ? [] : ['--no-build']), ...OPTS.serverArgs]
    this.child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs'), ...this.args], {
      cwd: root,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', FORCE_COLOR: '0', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    this.child.on('exit', () => (this.exited = true))
    for (const stream of [this.child.stdout!, this.child.stderr!]) {
      let buffered = ''
      stream.setEncoding('utf8')
      stream.on('data', (chunk: string) => {
        const t = now()
        buffered += chunk
        const parts = buffered.split('\n')
        buffered = parts.pop() ?? ''
        for (const raw of parts) this.line(t, raw)
      })
    }
  }

  private line(t: number, raw: string): void {
    // eslint-disable-next-line no-control-regex
    const text = raw.replace(/\x1b\[[0-9;]*m/g, '')
    this.lines.push({ t, text })
    const q = /QUEUE (\S+) (\d+)\/(\d+) \((\d+)ms\)/.exec(text)
    if (q) this.queueLines.push({ t, queue: q[1]!, acked: Number(q[2]), messages: Number(q[3]), ms: Number(q[4]) })
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  /** When a line containing `text` first arrived, ms after the spawn. */
  lineAt(text: string): number | null {
    const l = this.lines.find((x) => x.text.includes(text))
    return l ? l.t - this.spawnedAt : null
  }

  tail(n = 30): string {
    return this.lines
      .slice(-n)
      .map((l) => `  | ${l.text}`)
      .join('\n')
  }

  /** Waits for the first answer of /api/health. */
  async ready(): Promise<{ readyMs: number; firstRequestMs: number }> {
    const deadline = now() + READY_TIMEOUT_MS
    while (now() < deadline) {
      if (this.exited) throw new Error(`the server exited before it was ready:\n${this.tail()}`)
      const t0 = now()
      try {
        const res = await fetch(`${this.url}/api/health`, { signal: AbortSignal.timeout(60_000) })
        if (res.ok) {
          await res.arrayBuffer()
          this.tree = processTree(this.child.pid!).map((pid) => ({ pid, cmd: cmdline(pid) }))
          return { readyMs: now() - this.spawnedAt, firstRequestMs: now() - t0 }
        }
      } catch {
        // not listening yet
      }
      await sleep(250)
    }
    throw new Error(`the server was not ready after ${READY_TIMEOUT_MS / 1000} s:\n${this.tail()}`)
  }

  openWindow(): CpuWindow {
    return openWindow(this.child.pid!, this.port)
  }

  closeWindow(w: CpuWindow, loadGeneratorMs = 0): CpuFigures {
    return closeWindow(w, this.child.pid!, this.port, loadGeneratorMs)
  }

  /** SIGTERM to start.mjs (it passes it on to wrangler), then whatever of the tree is left is killed by pid. */
  async stop(): Promise<void> {
    const tree = new Map(this.tree.map((p) => [p.pid, p.cmd]))
    if (!this.exited) for (const pid of processTree(this.child.pid!)) tree.set(pid, cmdline(pid))
    if (!this.exited) {
      this.child.kill('SIGTERM')
      const deadline = now() + 20_000
      while (!this.exited && now() < deadline) await sleep(100)
    }
    await sleep(500)
    for (const [pid, cmd] of tree) {
      if (!isAlive(pid) || cmdline(pid) !== cmd) continue
      log(`process ${pid} outlived the server's stop: killing it (${cmd.slice(0, 80)})`)
      try {
        process.kill(pid, 'SIGKILL')
      } catch {
        // already gone
      }
    }
  }
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.on('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const address = s.address()
      s.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}
