/**
 * Plays tasks (protocol.ts) with the sandbox, one at a time, keeping its
 * runners warm from task to task: a worker thread has one, and so has the
 * command's own thread, which plays tasks too. The runners are the ones the
 * commands make (createMatchRunner, createGroupRunner), with their default
 * limits, so a task plays exactly as it would in-process; each is made on
 * first use, so a thread compiles the WebAssembly once and only for the game
 * it plays.
 */
import { commonsLoadFault } from '../../engine/commons/load-check'
import { playGroup } from '../../engine/commons/play-group'
import { loadFault } from '../../engine/load-check'
import { playJob } from '../../engine/play-job'
import type { StrategySource } from '../../engine/types'
import type { SandboxRunner } from '../../../sandbox/runner'
import { createGroupRunner, type CliGroupRunner } from '../group-runner'
import { createMatchRunner } from '../sandbox'
import type { Task, TaskResult } from './protocol'

/** Strategies that do nothing, for warm(): a load check of one of them makes a runner's instances. */
const IDLE: Record<Task['game'], StrategySource> = {
  dilemma: { id: '#warm-up', name: 'warm-up', source: "export default function move() {\n  return 'C'\n}\n" },
  commons: { id: '#warm-up', name: 'warm-up', source: 'export default function request() {\n  return 0\n}\n' },
}

export interface Runners {
  match?: SandboxRunner | undefined
  group?: CliGroupRunner | undefined
}

export class TaskPlayer {
  private readonly sources: readonly StrategySource[]
  private readonly runners: Runners
  /** The runners this player made (and so disposes of); the others belong to the caller. */
  private readonly own: { dispose(): void }[] = []

  constructor(sources: readonly StrategySource[], runners: Runners = {}) {
    this.sources = sources
    this.runners = { ...runners }
  }

  async play<T extends Task>(task: T): Promise<TaskResult<T>> {
    if (task.game === 'dilemma') return (await playJob(await this.match(), task.job, this.sources)) as TaskResult<T>
    return (await playGroup(await this.group(), task.job, this.sources)) as TaskResult<T>
  }

  /**
   * Make the game's runner and its first instances (the sandbox's costliest
   * moment: memory, snapshot, the WebAssembly's first calls), so that a thread
   * asks for tasks only once it plays them at full speed.
   */
  async warm(game: Task['game']): Promise<void> {
    if (game === 'dilemma') await loadFault(await this.match(), IDLE.dilemma)
    else await commonsLoadFault(await this.group(), IDLE.commons)
  }

  dispose(): void {
    for (const runner of this.own.splice(0)) runner.dispose()
  }

  private async match(): Promise<SandboxRunner> {
    if (!this.runners.match) this.own.push((this.runners.match = createMatchRunner()))
    return this.runners.match
  }

  private async group(): Promise<CliGroupRunner> {
    if (!this.runners.group) this.own.push((this.runners.group = await createGroupRunner()))
    return this.runners.group
  }
}
