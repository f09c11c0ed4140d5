/**
 * Restrained
 *
 * Requests the sustainable share every round, whatever the others do: its
 * part of 80% of the most the commons can give for ever. A group of them
 * keeps the stock high for good; anyone can take more at its expense. With
 * cheap talk it announces the share too, truthfully.
 *
 * A commons strategy (docs/games.md): the commons' counterpart of Cooperator.
 */
export const games = ['commons']

export default function move(view) {
  return view.sustainableShare
}

export function announce(view) {
  return view.sustainableShare
}
