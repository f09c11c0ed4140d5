import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import * as engine from '../src/engine/index'

describe('engine public API', () => {
  it('re-exports match, the tournament steps, rules, behaviour, ecology and prng', () => {
    for (const name of [
      'playMatch',
      'prepareMatch',
      'buildResult',
      'makeRules',
      'RulesError',
      'DEFAULT_PAYOFFS',
      'MAX_RECORDED_FAULTS',
      'playTournament',
      'scheduleTournament',
      'playJob',
      'playJobs',
      'aggregateTournament',
      'TournamentAggregator',
      'tournamentMatchSeed',
      'MAX_TOURNAMENT_FAULT_RECORDS',
      'validatePayoffs',
      'classifyGame',
      'parsePayoffs',
      'behaviourOf',
      'BehaviourTally',
      'ecology',
      'deriveSeed',
      'mulberry32',
      'normalizeSeed',
      'runExperiment',
      'planExperiment',
      'readExperimentSpec',
      'experimentTournament',
      'summarizeExperiment',
      'EXPERIMENT_PRESETS',
    ]) {
      expect(engine, name).toHaveProperty(name)
    }
    expect(engine.tournamentMatchSeed(5, 'a', 'b', 2)).toBe(engine.deriveSeed(5, 'match', 'a', 'b', 2))
  })

  it('engine sources use no I/O, Node APIs, clocks or unseeded randomness', () => {
    const dir = new URL('../src/engine/', import.meta.url)
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'))
    expect(files).toContain('tournament.ts')
    const forbidden = [
      /\bMath\.random\b/,
      /\bDate\b/,
      /\bperformance\b/,
      /\bprocess\./,
      /\brequire\(/,
      /from ['"]node:/,
      /from ['"](fs|path|os|crypto|worker_threads)['"]/,
      /\bfetch\(/,
      /\bsetTimeout\b/,
      /\bconsole\./,
    ]
    for (const f of files) {
      // Comments may mention these words; only code counts.
      const code = readFileSync(new URL(f, dir), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/(^|[^:])\/\/.*$/gm, '$1')
      for (const re of forbidden) expect(re.test(code), `${f} matches ${re}`).toBe(false)
    }
  })
})
