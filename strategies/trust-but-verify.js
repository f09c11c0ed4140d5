/**
 * Trust But Verify
 *
 * Tit for Tat that talks and listens, for rules with cheap talk. Before each
 * round it announces the move Tit for Tat would play. It then plays D when
 * the other side announced D, C when the other side announced C and has
 * kept every announcement so far, and otherwise Tit for Tat: once the other
 * side has broken its word, what it says counts for nothing. Without cheap
 * talk, or against a side that says nothing, it is Tit for Tat.
 *
 * Axelrod-Python: none
 * Not one of Axelrod's strategies: an example of announce(view) and
 * view.announcements (docs/cli.md, "arena experiment", the cheap-talk preset).
 */

/** What the other side announced this round ('C', 'D' or null), checked against its move next round. */
let promised = null
/** Whether the other side ever played something other than what it announced. */
let brokeItsWord = false

function titForTat(view) {
  return view.round === 0 ? 'C' : view.their[view.round - 1]
}

export function announce(view) {
  return titForTat(view)
}

export default function move(view) {
  const r = view.round
  if (r > 0 && promised !== null && view.their[r - 1] !== promised) brokeItsWord = true
  const talk = view.announcements
  const said = talk && (talk.their === 'C' || talk.their === 'D') ? talk.their : null
  promised = said
  if (said === 'D') return 'D'
  if (said === 'C' && !brokeItsWord) return 'C'
  return titForTat(view)
}
