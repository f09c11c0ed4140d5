/**
 * Win-Shift Lose-Stay
 *
 * The mirror image of Win-Stay Lose-Shift: it defects first, then defects
 * when both players made the same move last round and cooperates when they
 * differed.
 *
 * Axelrod-Python: WinShiftLoseStay
 * Also known as Reverse Pavlov (Li & Kendall 2011).
 */
export default function move(view) {
  const r = view.round
  if (r === 0) return 'D'
  return view.my[r - 1] === view.their[r - 1] ? 'D' : 'C'
}
