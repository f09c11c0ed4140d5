/**
 * Storage: rows and bytes of the run's matches, job results, batches,
 * standings and schedule in the local D1, read with `wrangler d1 execute`
 * once the server has stopped (for docs/scale.md).
 */
import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

export interface StorageFigures {
  sqliteBytes: number
  matches: { rows: number; avgMovesChars: number; avgFaultsChars: number; avgFlipsChars: number; avgTextBytes: number }
  jobResults: { rows: number; avgBytes: number; maxBytes: number }
  runs: { id: string; jobs: number; scheduleBytes: number }[]
  runBatches: number
  standings: { rows: number; avgBytes: number }
}

function d1Query(root: string, persistTo: string, sql: string): Record<string, number | string>[][] {
  const wrangler = join(dirname(createRequire(import.meta.url).resolve('wrangler/package.json')), 'bin', 'wrangler.js')
  const r = spawnSync(process.execPath, [wrangler, 'd1', 'execute', 'DB', '--local', '--persist-to', persistTo, '--json', '--command', sql], {
    cwd: root,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1' },
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  })
  if (r.status !== 0) throw new Error(`wrangler d1 execute failed: ${r.stderr || r.stdout}`)
  return (JSON.parse(r.stdout) as { results: Record<string, number | string>[] }[]).map((x) => x.results)
}

function filesUnder(dir: string): string[] {
  const out: string[] = []
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) out.push(...filesUnder(p))
    else out.push(p)
  }
  return out
}

export function storage(root: string, persistTo: string): StorageFigures {
  const [m, j, r, b, s] = d1Query(
    root,
    persistTo,
    [
      `SELECT count(*) AS rows, avg(length(a_moves) + length(b_moves)) AS moves, avg(length(faults)) AS faults, avg(length(flips)) AS flips,
         avg(length(run_id) + length(a_strategy_id) + length(b_strategy_id) + length(a_moves) + length(b_moves) + length(faults) + length(flips)
             + ifnull(length(a_opponent_view), 0) + ifnull(length(b_opponent_view), 0)) AS text FROM matches`,
      'SELECT count(*) AS rows, avg(length(result)) AS bytes, max(length(result)) AS max_bytes FROM job_results',
      'SELECT id, jobs_total AS jobs, length(jobs) AS schedule_bytes FROM runs ORDER BY created_at',
      'SELECT count(*) AS rows FROM run_batches',
      'SELECT count(*) AS rows, avg(length(standing)) AS bytes FROM standings',
    ].join(';\n'),
  ) as [Record<string, number>[], Record<string, number>[], Record<string, number | string>[], Record<string, number>[], Record<string, number>[]]
  const sqliteBytes = filesUnder(persistTo)
    .filter((f) => /\.sqlite(-wal|-shm)?$/.test(f) && f.includes('d1'))
    .reduce((n, f) => n + statSync(f).size, 0)
  return {
    sqliteBytes,
    matches: { rows: m[0]!.rows!, avgMovesChars: m[0]!.moves!, avgFaultsChars: m[0]!.faults!, avgFlipsChars: m[0]!.flips!, avgTextBytes: m[0]!.text! },
    jobResults: { rows: j[0]!.rows!, avgBytes: j[0]!.bytes!, maxBytes: j[0]!.max_bytes! },
    runs: r.map((x) => ({ id: String(x.id), jobs: Number(x.jobs), scheduleBytes: Number(x.schedule_bytes) })),
    runBatches: b[0]!.rows!,
    standings: { rows: s[0]!.rows!, avgBytes: s[0]!.bytes! },
  }
}
