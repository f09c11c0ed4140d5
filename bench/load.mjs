#!/usr/bin/env node
/**
 * The load generator of `npm run bench:api`, in a process of its own (so it
 * never shares a process, or an event loop, with the server it measures):
 * autocannon against one URL for a warm-up whose figures are dropped, then
 * the measured run.
 *
 * On stdout: the line `warm` when the warm-up is over (the bench starts its
 * server CPU window there), then one line of JSON: autocannon's result plus
 * this process's own CPU time during the measured run (user + system, ms).
 *
 * Usage: node bench/load.mjs URL CONNECTIONS SECONDS WARMUP_SECONDS
 */
import autocannon from 'autocannon'

const [url, connections, seconds, warmup] = process.argv.slice(2)
if (!url || !connections || !seconds || warmup === undefined) {
  console.error('usage: node bench/load.mjs URL CONNECTIONS SECONDS WARMUP_SECONDS')
  process.exit(2)
}

if (Number(warmup) > 0) await autocannon({ url, connections: Number(connections), duration: Number(warmup) })
process.stdout.write('warm\n')
const cpu0 = process.cpuUsage()
const result = await autocannon({ url, connections: Number(connections), duration: Number(seconds) })
const cpu = process.cpuUsage(cpu0)
process.stdout.write(`${JSON.stringify({ ...result, loadGeneratorCpuMs: (cpu.user + cpu.system) / 1000 })}\n`)
