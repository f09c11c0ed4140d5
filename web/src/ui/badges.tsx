/** The behaviour badges: nice (never the first to defect), retaliating, forgiving, as rates from the reputation store. */
import { percent } from './format'

interface Behaviour {
  nice?: number | null
  retaliating?: number | null
  forgiving?: number | null
}

const LABELS: Record<keyof Behaviour, string> = {
  nice: 'never the first to defect',
  retaliating: 'answers a defection with a defection',
  forgiving: 'returns to cooperation after retaliating',
}

/** A badge for each trait the strategy shows in at least half of its chances. */
export function Badges({ behaviour }: { behaviour: Behaviour }) {
  const keys = (Object.keys(LABELS) as (keyof Behaviour)[]).filter((k) => typeof behaviour[k] === 'number')
  return (
    <span class="badges">
      {keys.map((k) => {
        const v = behaviour[k] as number
        return (
          <span key={k} class={`badge ${v >= 0.5 ? 'on' : 'off'}`} title={`${LABELS[k]}: ${percent(v)}`}>
            {k} {percent(v)}
          </span>
        )
      })}
    </span>
  )
}
