/**
 * What the command's thread and its worker threads say to each other. A
 * worker is given every player's source once, when it starts; after that a
 * task names its players by id, and its answer is the engine's plain-JSON
 * job result, cloned as it is.
 */
import type { GroupResult } from '../../engine/commons/play-group'
import type { CommonsJob } from '../../engine/commons/schedule'
import type { JobResult } from '../../engine/play-job'
import type { TournamentJob } from '../../engine/schedule'
import type { StrategySource } from '../../engine/types'

/** A job of a schedule: a pairing with all its repetitions (the dilemma), or one group (the commons). */
export type Task = { game: 'dilemma'; job: TournamentJob } | { game: 'commons'; job: CommonsJob }

export type TaskResult<T extends Task> = T extends { game: 'dilemma' } ? JobResult : GroupResult

/** The worker's workerData. */
export interface WorkerStart {
  sources: StrategySource[]
  /** The game its tasks play, to warm its runner up before the first. */
  game: Task['game']
}

export interface TaskRequest {
  id: number
  task: Task
}

export type TaskReply = { id: number; result: JobResult | GroupResult } | { id: number; error: string }

/** What a worker sends once it is warm: from then on it is sent tasks. */
export const READY = 'ready'
