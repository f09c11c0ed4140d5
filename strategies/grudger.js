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
export default function move(view) {
  return view.their.includes('D') ? 'D' : 'C'
}
