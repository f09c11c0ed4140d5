/**
 * Regrowth Share
 *
 * Takes its fair share of what the stock regrew: its 1/N part of the growth
 * between the stock left after last round's harvest and the stock now, so
 * the group as a whole never takes more than the stock replaces. It opens
 * with the sustainable share; after a collapse nothing regrows, and it asks
 * for nothing.
 *
 * A commons strategy (docs/games.md).
 */
export const games = ['commons']

// The stock it saw last round: history only grows, so one number is enough.
let lastStock = 0

export default function move(view) {
  const r = view.round
  let request = view.sustainableShare
  if (r > 0) {
    let demand = view.my.requests[r - 1]
    for (const other of view.others) demand += other.requests[r - 1]
    const left = lastStock - Math.min(lastStock, demand)
    request = Math.max(0, view.stock - left) / view.players
  }
  lastStock = view.stock
  return Math.min(request, view.rules.maxRequest)
}
