/**
 * The isolate's one sandbox runner, shared by everything the Worker plays:
 * queue batches, strategy validation, match verification. A SandboxRunner
 * plays one match at a time, and one isolate may serve a queue batch and
 * requests at once, so every use waits its turn. One runner also keeps the
 * isolate's memory in check: two players' sandboxes (2 x 16 MiB), made on
 * first use.
 */
import type { SandboxRunner } from '../sandbox/runner'
import { createWorkerdRunner } from '../sandbox/workerd'

let runner: SandboxRunner | null = null
let queue: Promise<unknown> = Promise.resolve()

/** The runner's limits (making the runner if needed; it plays nothing). */
export function sandboxLimits(): SandboxRunner['limits'] {
  runner ??= createWorkerdRunner()
  return runner.limits
}

/** Run `task` with the isolate's runner once every earlier task is done. */
export function withSandbox<T>(task: (runner: SandboxRunner) => Promise<T>): Promise<T> {
  const run = () => {
    runner ??= createWorkerdRunner()
    return task(runner)
  }
  const result = queue.then(run, run)
  queue = result.catch(() => undefined)
  return result
}

/** PENDING: the commons' group runner lands with the sandbox's GroupRunner. */
export function withGroupSandbox<T>(_task: (runner: import('./engine/commons/types').GroupRunner) => Promise<T>): Promise<T> {
  return Promise.reject(new Error('the commons group runner is not available yet'))
}
