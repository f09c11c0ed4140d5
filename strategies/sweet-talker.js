/**
 * Sweet Talker
 *
 * Promises to cooperate before every round and defects in every round:
 * Always Defect with a promise it never keeps. With cheap talk its
 * announcements are always C; nothing binds them, and that is the point.
 *
 * Axelrod-Python: none
 * Not one of Axelrod's strategies: an example of announce(view), the liar of
 * the cheap-talk preset (docs/cli.md, "arena experiment").
 */
export function announce() {
  return 'C'
}

export default function move() {
  return 'D'
}
