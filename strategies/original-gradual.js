/**
 * Original Gradual
 *
 * Cooperates until the opponent defects. The n-th time it starts punishing,
 * it defects n times in a row, then cooperates twice to calm things down,
 * ignoring what the opponent does meanwhile. Unlike Gradual it counts its own
 * punishments rather than all of the opponent's defections.
 *
 * Axelrod-Python: OriginalGradual
 * Reference: Beaufils, Delahaye & Mathieu (1997), "Our Meeting With Gradual".
 */
let calming = false
let punishing = false
let punished = 0
let limit = 0

export default function move(view) {
  if (calming) {
    calming = false
    return 'C'
  }
  if (punishing) {
    if (punished < limit) {
      punished += 1
      return 'D'
    }
    calming = true
    punishing = false
    punished = 0
    return 'C'
  }
  if (view.round > 0 && view.their[view.round - 1] === 'D') {
    punishing = true
    punished += 1
    limit += 1
    return 'D'
  }
  return 'C'
}
