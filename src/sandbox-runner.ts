/**
 * The isolate's sandbox runners, shared by everything the Worker plays:
 * queue batches, strategy validation, match verification. A runner plays
 * one match (or group) at a time, and one isolate may serve a queue batch
 * and requests at once, so every use waits its turn in one queue.
 *
 * One runner is kept at a time, which keeps the isolate's memory in check
 * (a Worker has 128 MB, WebAssembly included): the dilemma's two players
 * (2 x 16 MiB) or a commons group's seats (up to 16 x 4 MiB). Switching
 * game lets go of the other runner and of the spare memories its instances
 * leave in the pool.
 */
import { dropSpareMemories } from '../sandbox/memory-pool'
import type { GroupSandboxRunner } from '../sandbox/group-runner'
import type { SandboxRunner } from '../sandbox/runner'
import { createWorkerdGroupRunner, createWorkerdRunner } from '../sandbox/workerd'

let runner: SandboxRunner | null = null
let groups: GroupSandboxRunner | null = null
let queue: Promise<unknown> = Promise.resolve()

/** The runner's limits (making the runner if needed; it plays nothing). */
export function sandboxLimits(): SandboxRunner['limits'] {
  runner ??= createWorkerdRunner()
  return runner.limits
}

function enqueue<T>(run: () => Promise<T>): Promise<T> {
  const result = queue.then(run, run)
  queue = result.catch(() => undefined)
  return result
}

/** Run `task` with the isolate's dilemma runner once every earlier task is done. */
export function withSandbox<T>(task: (runner: SandboxRunner) => Promise<T>): Promise<T> {
  return enqueue(() => {
    if (groups) {
      groups.dispose()
      groups = null
      dropSpareMemories()
    }
    runner ??= createWorkerdRunner()
    return task(runner)
  })
}

/** Run `task` with the isolate's commons group runner once every earlier task is done. */
export function withGroupSandbox<T>(task: (runner: GroupSandboxRunner) => Promise<T>): Promise<T> {
  return enqueue(() => {
    if (runner) {
      runner.dispose()
      runner = null
      dropSpareMemories()
    }
    groups ??= createWorkerdGroupRunner()
    return task(groups)
  })
}
