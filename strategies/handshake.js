/**
 * Handshake
 *
 * Opens with C, D as a secret handshake. If the opponent opened with the
 * same C, D, it cooperates for the rest of the match; otherwise it defects
 * for the rest of the match.
 *
 * Axelrod-Python: Handshake
 * Reference: Robson (1990), "Efficiency in evolutionary games".
 */
const HANDSHAKE = 'CD'

export default function move(view) {
  const r = view.round
  if (r < HANDSHAKE.length) return HANDSHAKE[r]
  const t = view.their
  return t[0] === HANDSHAKE[0] && t[1] === HANDSHAKE[1] ? 'C' : 'D'
}
