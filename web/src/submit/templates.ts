/**
 * Starting points for a draft: a blank strategy whose comments explain
 * `view`, and any of the classics. Their sources come from the API
 * (GET /api/classics/:id), so the page needs neither the sandbox chunk nor
 * the catalog to offer them.
 */
import { api, ok } from '../api'

export const BLANK_ID = 'blank'

export const BLANK = `/**
 * My strategy
 *
 * The arena calls the default export once a round with \`view\`, and it
 * returns 'C' (cooperate) or 'D' (defect). What \`view\` holds:
 *
 *   view.round       index of this round, from 0
 *   view.my          my moves so far, 'C' or 'D' as played (after noise)
 *   view.their       the opponent's moves so far (view.their[view.round - 1] is the last)
 *   view.myScore     my total so far; view.theirScore is theirs
 *   view.rules       { payoffs: { R, S, T, P }, turns, continuation, noise, referee, align, cheapTalk }
 *                    (turns is null when the length is uncertain)
 *   view.opponent    null, or { id, name, reputation, history } when the tournament shares identities
 *   view.announcements  null, or { my, their, history } when the rules allow cheap talk
 *   view.random()    a number in [0, 1), the same on every replay (Math.random is the same stream)
 *
 * Module-level variables start anew every match. One move may do about
 * 60,000 iterations of a simple loop: keep running counts rather than
 * scanning the whole history every round.
 */
export default function move(view) {
  if (view.round === 0) return 'C'
  // Your idea here: look at view.their, view.myScore, view.rules...
  return 'C'
}
`

/** A dilemma classic as the API lists it. */
export interface ClassicInfo {
  id: string
  name: string
  description: string
}

export async function listClassics(): Promise<ClassicInfo[]> {
  const list = await ok(api.api.classics.$get({ query: { game: 'dilemma' } }))
  return list.map(({ id, name, description }) => ({ id, name, description }))
}

export async function classicSource(id: string): Promise<string> {
  const classic = await ok(api.api.classics[':id'].$get({ param: { id } }))
  return classic.source
}
