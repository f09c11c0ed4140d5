/**
 * What "Try it" plays: the default rules (makeRules: 200 rounds, payoffs
 * R=3 S=0 T=5 P=1, no noise) with a fixed seed, so a try is reproducible
 * anywhere (the same seed in `arena` or a test gives the same match), and
 * these well-known classics unless the author picks others.
 */
export const TRY_SEED = 1

export const DEFAULT_OPPONENTS: readonly string[] = ['tit-for-tat', 'defector', 'cooperator', 'grudger', 'random', 'alternator']

/** Rounds shown as a strip of moves per opponent. */
export const STRIP_ROUNDS = 40
