/**
 * A rating's uncertainty as a picture: the interval mu ± 3 sigma on a scale
 * shared by the whole table, the thicker band mu ± sigma, a dot at mu, and a
 * tick at the left end, mu − 3 sigma, the ordinal the board is ordered by.
 * A wide bar is a strategy the platform has seen little of.
 */
export interface Domain {
  lo: number
  hi: number
}

const W = 120
const H = 16
const PAD = 3

export function ratingDomain(ratings: readonly { mu: number; sigma: number }[]): Domain {
  let lo = 0
  let hi = 50 // openskill's first rating is 25 ± 8.33: 0 to 50 at 3 sigma
  for (const r of ratings) {
    lo = Math.min(lo, r.mu - 3 * r.sigma)
    hi = Math.max(hi, r.mu + 3 * r.sigma)
  }
  return { lo: Math.floor(lo), hi: Math.ceil(hi) }
}

export function RatingBar({ mu, sigma, domain }: { mu: number; sigma: number; domain: Domain }) {
  const x = (v: number) => PAD + ((v - domain.lo) / (domain.hi - domain.lo || 1)) * (W - 2 * PAD)
  const low = mu - 3 * sigma
  const y = H / 2
  return (
    <svg class="rating-bar" width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`mu ${mu.toFixed(1)}, likely between ${low.toFixed(1)} and ${(mu + 3 * sigma).toFixed(1)}`}>
      <line class="rb-wide" x1={x(low)} x2={x(mu + 3 * sigma)} y1={y} y2={y} />
      <line class="rb-band" x1={x(mu - sigma)} x2={x(mu + sigma)} y1={y} y2={y} />
      <line class="rb-ordinal" x1={x(low)} x2={x(low)} y1={2} y2={H - 2} />
      <circle class="rb-mu" cx={x(mu)} cy={y} r={3} />
    </svg>
  )
}
