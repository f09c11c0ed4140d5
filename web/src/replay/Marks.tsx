/** The event markers (fault, noise flip, referee fine): a glyph on a coloured chip, and their legend. */
import { GLYPH, KIND_NAME, type EventKind } from './events'

export function Mark({ kind }: { kind: EventKind }) {
  return (
    <i class={`mark mark-${kind}`} title={KIND_NAME[kind]}>
      {GLYPH[kind]}
    </i>
  )
}

/** The legend of the marks; with `moves`, of the C and D cells too. */
export function MarksLegend({ kinds, moves = false }: { kinds: EventKind[]; moves?: boolean }) {
  return (
    <p class="legend marks-legend">
      {moves && (
        <>
          <span class="legend-item">
            <i class="cell cell-key c">C</i> cooperated
          </span>
          <span class="legend-item">
            <i class="cell cell-key d">D</i> defected
          </span>
        </>
      )}
      {kinds.map((k) => (
        <span key={k} class="legend-item">
          <Mark kind={k} /> {KIND_NAME[k]}
        </span>
      ))}
    </p>
  )
}
