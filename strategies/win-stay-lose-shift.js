/**
 * Win-Stay Lose-Shift
 *
 * Cooperates first. Afterwards it keeps its previous move when that earned a
 * good payoff (R or T) and switches when it did not (S or P). The net effect:
 * cooperate when both players made the same move last round, defect otherwise.
 *
 * Axelrod-Python: WinStayLoseShift
 * Also known as Pavlov (Kraines & Kraines 1989; Nowak & Sigmund 1993).
 */
export default function move(view) {
  const r = view.round
  if (r === 0) return 'C'
  return view.my[r - 1] === view.their[r - 1] ? 'C' : 'D'
}
