/**
 * The floor under `npm run bench`'s whole-command tournament (g): the same
 * tournament as one whole Node process, with the strategies run natively in
 * V8 (bench/native-runner.ts: no sandbox, no budgets) instead of in QuickJS.
 * No `arena` command can take less: it starts the same Node, loads more and
 * plays the same matches more slowly. bench/whole-command.ts bundles this
 * file ahead of time, as scripts/build-cli.mjs bundles the command, so that
 * neither side pays for transpiling TypeScript.
 *
 * It prints the ranking (rank, id and median score per round, one per line), less
 * than the command prints: a floor may do less than the command, never more.
 *
 * Usage (bundled): node native-command.mjs TURNS REPETITIONS SEED PLAYER...
 * (built-in ids). TRUSTED CODE ONLY: the classics, never uploaded strategies.
 */
import { CLASSICS, classicAsSource } from '../src/classics'
import { playTournament } from '../src/engine/tournament'
import { NativeRunner } from './native-runner'

const [turns, repetitions, seed, ...ids] = process.argv.slice(2)
const players = ids.map((id) => {
  const c = CLASSICS.find((x) => x.id === id)
  if (!c) throw new Error(`no built-in strategy "${id}"`)
  return classicAsSource(c)
})
if (players.length < 2 || !Number(turns) || !Number(repetitions)) throw new Error('usage: native-command.mjs TURNS REPETITIONS SEED PLAYER PLAYER...')
const result = await playTournament(new NativeRunner(), players, {
  rules: { turns: Number(turns) },
  repetitions: Number(repetitions),
  seed: Number(seed),
})
process.stdout.write(result.standings.map((s) => `${s.rank} ${s.id} ${s.medianScore}`).join('\n') + '\n')
