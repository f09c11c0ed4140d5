/**
 * Grudger
 *
 * Cooperates until the opponent defects once; after that it defects for the
 * rest of the match. James Friedman's entry came 7th in Axelrod's first
 * tournament.
 *
 * Axelrod-Python: Grudger
 * Also known as Grim Trigger, Spiteful or Friedman (Axelrod 1980; Banks & Sundaram 1990).
 */
// Remembered as the match goes: history only grows, so checking the last round is enough.
let grudge = false

export default function move(view) {
  const r = view.round
  if (r > 0 && view.their[r - 1] === 'D') grudge = true
  return grudge ? 'D' : 'C'
}
