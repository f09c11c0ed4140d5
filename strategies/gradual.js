/**
 * Gradual
 *
 * Cooperates until the opponent defects. Each time it then sees a defection
 * it punishes with as many defections as the opponent has made so far in the
 * match, then calms things down with two cooperations, ignoring what the
 * opponent does meanwhile.
 *
 * Axelrod-Python: Gradual
 * This is the CRISTAL-SMAC (2018) version; see Original Gradual for Beaufils et al. (1997).
 */
let punish = 0
let calm = 0
// Counted as the match goes: history only grows, so adding the last round is enough.
let defections = 0

export default function move(view) {
  const r = view.round
  if (r === 0) return 'C'
  const defected = view.their[r - 1] === 'D'
  if (defected) defections += 1
  if (punish > 0) {
    punish -= 1
    return 'D'
  }
  if (calm > 0) {
    calm -= 1
    return 'C'
  }
  if (defected) {
    punish = defections - 1
    calm = 2
    return 'D'
  }
  return 'C'
}
