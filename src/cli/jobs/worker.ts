/**
 * A worker thread of `--jobs N` (started by pool.ts through bin/job-worker.mjs):
 * warms its runner up, says so, then plays the tasks it is sent, one after
 * another in the order they came, and answers each with its result or the
 * message of what went wrong.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { READY, type TaskReply, type TaskRequest, type WorkerStart } from './protocol'
import { TaskPlayer } from './task-player'

const port = parentPort
if (!port) throw new Error('src/cli/jobs/worker.ts runs only as a worker thread')

const start = workerData as WorkerStart
const player = new TaskPlayer(start.sources)
// A runner plays one match at a time, and the next task may arrive while one is still being played.
let queue: Promise<void> = Promise.resolve()

port.on('message', (request: TaskRequest) => {
  queue = queue.then(async () => {
    let reply: TaskReply
    try {
      reply = { id: request.id, result: await player.play(request.task) }
    } catch (error) {
      reply = { id: request.id, error: error instanceof Error ? error.message : String(error) }
    }
    port.postMessage(reply)
  })
})

// Tasks are sent only from now on: until then, the command's thread plays them.
await player.warm(start.game)
port.postMessage(READY)
