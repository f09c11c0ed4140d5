/**
 * The essay's experiments, ready to run: `arena experiment --preset NAME`,
 * and data any host can play (the players are built-in ids). Each states the
 * outcome it is expected to show; docs/cli.md repeats it and
 * test/cli-experiment.test.ts plays every preset through the sandbox and
 * checks it. They are small enough to run in a few seconds each.
 *
 * The classics never read the payoffs, so a field that is to respond to a
 * referee or to aligned rewards holds strategies that do: Best Response
 * (plays the move that dominates in one round under the rules in force) and
 * Dilemma Tester (plays what the dilemma test recommends). The cheap-talk
 * preset holds Trust But Verify, which listens to announcements but checks
 * them, and Sweet Talker, which promises C and always defects.
 */
import type { ExperimentSpec } from './experiment-spec'

export interface ExperimentPreset {
  name: string
  /** What it asks, in one line. */
  title: string
  /** The outcome it is expected to show. */
  expected: string
  spec: ExperimentSpec<string>
}

/** Players of the presets about the matrix: some read the rules, some never do. */
const RULE_READERS = ['best-response', 'dilemma-tester', 'tit-for-tat', 'grudger', 'defector', 'cooperator'] as const

/**
 * A referee that detects half the defections and fines each 5, paid to the
 * victim: p × f = 2.5 > T − R = 2. Shared, so that a fine moves payoffs
 * instead of destroying them: welfare then measures only what the players
 * do (a destroyed fine also costs welfare whenever someone keeps defecting).
 */
const REFEREE = { fine: 5, detection: 0.5, fines: 'shared' } as const

/**
 * The commons preset's field: seven built-ins in one group of 7, where the
 * sustainable share is 80/7 ≈ 11.43 a round each (docs/games.md).
 */
const COMMONS_FIELD = ['best-response', 'conditional-cooperator', 'grim-trigger', 'mean-matcher', 'regrowth-share', 'stock-fraction', 'restrained'] as const

/**
 * For 7 players greed pays T − R ≈ 23.8 more than restraint in one round
 * (docs/games.md's 2×2). A referee who catches 9 grabs in 10 and fines each
 * 30, destroyed: p × f = 27 > T − R (and > P − S), so restraint dominates.
 */
const COMMONS_REFEREE = { fine: 30, detection: 0.9, fines: 'destroyed' } as const

/** A hard quota just under the sustainable share: every request is cut to at most 10, 70 a round for the group. */
const COMMONS_QUOTA = 10

export const EXPERIMENT_PRESETS: readonly ExperimentPreset[] = [
  {
    name: 'one-shot-vs-repeated',
    title: 'The same field in a single round and in 200 rounds',
    expected: 'Defectors top the one-shot field (its winner defects in its one round); a nice, retaliating strategy tops the 200-round field.',
    spec: {
      players: ['tit-for-tat', 'grudger', 'generous-tit-for-tat', 'win-stay-lose-shift', 'defector', 'suspicious-tit-for-tat', 'alternator', 'cooperator', 'random'],
      seed: 1,
      repetitions: 5,
      ruleSets: [
        { name: 'one-shot', game: 'dilemma', rules: { turns: 1 } },
        { name: '200-rounds', game: 'dilemma', rules: { turns: 200 } },
      ],
    },
  },
  {
    name: 'referee',
    title: 'A referee who fines detected defections, p × f > T − R',
    expected: 'The fine makes cooperation dominant (the verdict turns from a dilemma with a future to not-a-dilemma), and cooperation and welfare rise.',
    spec: {
      players: [...RULE_READERS],
      seed: 1,
      repetitions: 5,
      ruleSets: [
        { name: 'no-referee', game: 'dilemma', rules: { turns: 200 } },
        { name: 'referee', game: 'dilemma', rules: { turns: 200, referee: REFEREE } },
      ],
    },
  },
  {
    name: 'aligned-rewards',
    title: 'Rewards aligned with the pair’s: (1 − a) × own + a × mean, a = 0.9',
    expected: 'Aligned rewards make cooperation dominant (T − a(T − S)/2 < R), and cooperation and welfare rise.',
    spec: {
      players: [...RULE_READERS],
      seed: 1,
      repetitions: 5,
      ruleSets: [
        { name: 'own-payoff', game: 'dilemma', rules: { turns: 200 } },
        { name: 'aligned', game: 'dilemma', rules: { turns: 200, align: 0.9 } },
      ],
    },
  },
  {
    name: 'cheap-talk',
    title: 'Announcements before every round, binding nothing',
    expected: 'Welfare and cooperation stay where they were, although Sweet Talker announces C and defects every round.',
    spec: {
      players: ['trust-but-verify', 'sweet-talker', 'tit-for-tat', 'grudger', 'best-response', 'defector', 'cooperator'],
      seed: 1,
      repetitions: 5,
      ruleSets: [
        { name: 'silent', game: 'dilemma', rules: { turns: 200 } },
        { name: 'cheap-talk', game: 'dilemma', rules: { turns: 200, cheapTalk: true } },
      ],
    },
  },
  {
    name: 'gas-stations',
    title: 'Two gas stations on one corner: keep prices (C) or cut them (D)',
    expected:
      'For one day it is a real dilemma and a price cutter wins; meeting every day (w = 0.95, above the threshold 0.5) it is a dilemma with a future: cooperation (keeping prices) and welfare rise, and a nice strategy wins.',
    spec: {
      players: ['dilemma-tester', 'tit-for-tat', 'generous-tit-for-tat', 'grudger', 'win-stay-lose-shift', 'suspicious-tit-for-tat', 'defector'],
      seed: 1,
      repetitions: 5,
      ruleSets: [
        // Profit a day: both keep prices 5 each; the one that cuts takes the corner's customers (7) from the other (1); a price war 2 each.
        { name: 'one-day', game: 'dilemma', rules: { payoffs: { R: 5, S: 1, T: 7, P: 2 }, turns: 1 } },
        { name: 'every-day', game: 'dilemma', rules: { payoffs: { R: 5, S: 1, T: 7, P: 2 }, continuation: 0.95 } },
      ],
    },
  },
  {
    name: 'doping',
    title: 'Two athletes before a championship: stay clean (C) or dope (D)',
    expected:
      'Without tests it is a real dilemma: doping pays whatever the other does. Tests that catch 4 dopers in 5 and take 5 from each make staying clean dominant (not-a-dilemma), and cooperation and welfare rise.',
    spec: {
      players: [...RULE_READERS],
      seed: 1,
      repetitions: 5,
      ruleSets: [
        // Both clean: a fair race, 4 each; the doper wins (6) and the clean athlete loses (0); both dope: the same race and the damage, 1 each.
        { name: 'no-tests', game: 'dilemma', rules: { payoffs: { R: 4, S: 0, T: 6, P: 1 }, turns: 1 } },
        { name: 'doping-tests', game: 'dilemma', rules: { payoffs: { R: 4, S: 0, T: 6, P: 1 }, turns: 1, referee: { fine: 5, detection: 0.8, fines: 'destroyed' } } },
      ],
    },
  },
  {
    name: 'commons',
    title: 'Seven players share one renewable stock: no mechanism, a referee, a quota',
    expected:
      'With no mechanism the stock collapses (every group ends with nothing). With a referee (p × f = 27 > T − R) or a quota of 10, every request is restrained, the stock survives, and welfare rises from near 0 to over 80% of the sustainable optimum.',
    spec: {
      players: [...COMMONS_FIELD],
      seed: 1,
      repetitions: 3,
      ruleSets: [
        { name: 'no-mechanism', game: 'commons', rules: { group: 7 } },
        { name: 'referee', game: 'commons', rules: { group: 7, referee: COMMONS_REFEREE } },
        { name: 'quota', game: 'commons', rules: { group: 7, quota: COMMONS_QUOTA } },
      ],
    },
  },
]

export const PRESET_NAMES: readonly string[] = EXPERIMENT_PRESETS.map((p) => p.name)

export function findPreset(name: string): ExperimentPreset | undefined {
  return EXPERIMENT_PRESETS.find((p) => p.name === name)
}
