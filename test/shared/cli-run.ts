/**
 * The tournament that the command line (in Node) and a run on the queue (in
 * workerd) both play: classics in sorted order (a run lists its entrants by
 * entry, then by id), and the rules.
 */
export const CLI_RUN = {
  ids: ['defector', 'generous-tit-for-tat', 'grudger', 'joss', 'tit-for-tat'],
  seed: 4242,
  turns: 30,
  noise: 0.05,
  repetitions: 2,
} as const
