/**
 * Tasks played on several threads at once: the command's own thread (with
 * the runner it already has, warm from the load check) and `threads` worker
 * threads, each with runners of its own. Tasks are handed out in the order
 * they were given, to whichever thread is free, so the results come back in
 * any order; the engine's aggregators fold them in schedule order, which is
 * what keeps the output byte-identical to playing them one by one.
 *
 * Workers start as soon as the run is scheduled, while the command checks
 * that its files load, and get tasks only once they are warm (task-player.ts),
 * so a small run is played by the command's thread before any worker is
 * ready, and never waits for one. Any failure (a task's, or a thread's) fails every pending
 * task: the command then stops with that one error, as it would in-process.
 */
import { Worker } from 'node:worker_threads'
import type { StrategySource } from '../../engine/types'
import { READY, type Task, type TaskReply, type TaskRequest, type TaskResult, type WorkerStart } from './protocol'
import { TaskPlayer, type Runners } from './task-player'

/** The worker threads' entry: the worker's code from the build, or the sources, as the command's (bin/cli-entry.mjs). */
const WORKER_ENTRY = new URL('../../../bin/job-worker.mjs', import.meta.url)
/** Tasks sent ahead to a worker, so that it never waits for the command's thread (busy playing) to send the next. */
const AHEAD = 2

interface Pending {
  task: Task
  resolve(result: unknown): void
  reject(error: Error): void
}

class ThreadLane {
  /** Resolves once the worker is warm and asks for tasks; rejects if it fails first. */
  readonly warm: Promise<void>
  /** Tasks it played. */
  played = 0
  private readonly worker: Worker
  private readonly sent = new Map<number, Pending>()
  private ready = false

  constructor(
    private readonly pool: JobPool,
    sources: readonly StrategySource[],
    game: Task['game'],
  ) {
    const start: WorkerStart = { sources: [...sources], game }
    // No inherited execArgv: bin/cli-entry.mjs loads what it needs (a caller's loader, such as tsx's, would only slow the start).
    this.worker = new Worker(WORKER_ENTRY, { workerData: start, execArgv: [] })
    let warmed = () => {}
    let failed: (error: Error) => void = () => {}
    this.warm = new Promise((resolve, reject) => ((warmed = resolve), (failed = reject)))
    // Only a caller of whenWarm() wants to hear of it; the pool's own failure path tells everyone else.
    this.warm.catch(() => {})
    const fail = (error: Error) => {
      failed(error)
      pool.fail(error)
    }
    this.worker.on('message', (message: TaskReply | typeof READY) => {
      if (message === READY) {
        this.ready = true
        warmed()
      } else {
        this.answer(message)
      }
      this.fill()
    })
    this.worker.on('error', (error) => fail(new Error(`a worker thread failed: ${error.message}`)))
    this.worker.on('exit', (code) => {
      if (!pool.closed) fail(new Error(`a worker thread stopped (exit code ${code})`))
    })
  }

  fill(): void {
    while (this.ready && this.sent.size < AHEAD) {
      const pending = this.pool.next()
      if (!pending) return
      const id = this.pool.newId()
      this.sent.set(id, pending)
      this.worker.postMessage({ id, task: pending.task } satisfies TaskRequest)
    }
  }

  rejectAll(error: Error): void {
    for (const pending of this.sent.values()) pending.reject(error)
    this.sent.clear()
  }

  stop(): Promise<number> {
    return this.worker.terminate()
  }

  private answer(reply: TaskReply): void {
    const pending = this.sent.get(reply.id)
    if (!pending) return
    this.sent.delete(reply.id)
    this.played++
    if (!('error' in reply)) return pending.resolve(reply.result)
    const error = new Error(reply.error)
    pending.reject(error)
    this.pool.fail(error)
  }
}

export class JobPool {
  closed = false
  private readonly queue: Pending[] = []
  /** The next task of the queue to hand out. */
  private head = 0
  private readonly lanes: ThreadLane[] = []
  private readonly local: TaskPlayer
  /** Whether tasks are being played here, one after another (playLocally), and until when. */
  private localBusy = false
  private localLoop: Promise<void> = Promise.resolve()
  private ids = 0

  /** Tasks of `game` played here with `runners` (made when missing) and on `threads` worker threads. */
  constructor(sources: readonly StrategySource[], runners: Runners, game: Task['game'], threads: number) {
    this.local = new TaskPlayer(sources, runners)
    for (let i = 0; i < threads; i++) this.lanes.push(new ThreadLane(this, sources, game))
  }

  run<T extends Task>(task: T): Promise<TaskResult<T>> {
    if (this.closed) return Promise.reject(new Error('the job pool is closed'))
    return new Promise<TaskResult<T>>((resolve, reject) => {
      this.queue.push({ task, resolve: resolve as (result: unknown) => void, reject })
      for (const lane of this.lanes) lane.fill()
      if (!this.localBusy) this.localLoop = this.playLocally()
    })
  }

  /** Resolves once every worker thread is warm (tests wait for it, to see them play); rejects when one fails first. */
  async whenWarm(): Promise<void> {
    await Promise.all(this.lanes.map((lane) => lane.warm))
  }

  /** How many tasks each worker thread has played so far. */
  get playedOnThreads(): number[] {
    return this.lanes.map((lane) => lane.played)
  }

  /**
   * Stop every thread; tasks not played yet are dropped. A task being played
   * here is finished first (its result dropped), so that the caller's runners
   * are idle once this resolves.
   */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.queue.length = 0
    await Promise.all([...this.lanes.map((lane) => lane.stop()), this.localLoop])
    this.local.dispose()
  }

  /** @internal The next task to play, in the order given. */
  next(): Pending | undefined {
    return this.closed || this.head === this.queue.length ? undefined : this.queue[this.head++]
  }

  /** @internal */
  newId(): number {
    return this.ids++
  }

  /** @internal Reject every task that is not finished, and stop. */
  fail(error: Error): void {
    if (this.closed) return
    for (const pending of this.queue.slice(this.head)) pending.reject(error)
    for (const lane of this.lanes) lane.rejectAll(error)
    void this.close()
  }

  private async playLocally(): Promise<void> {
    this.localBusy = true
    try {
      for (let pending = this.next(); pending; pending = this.next()) {
        try {
          pending.resolve(await this.local.play(pending.task))
        } catch (error) {
          const failure = error instanceof Error ? error : new Error(String(error))
          pending.reject(failure)
          this.fail(failure)
        }
        // Let the workers' answers in, and send them more, between two tasks played here.
        await new Promise((resolve) => setImmediate(resolve))
      }
    } finally {
      this.localBusy = false
    }
  }
}
