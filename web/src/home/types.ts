/** The shapes the home page reads, as the typed client gives them (src/api/tournaments.ts and leaderboard.ts build them). */
import type { api, Body } from '../api'

export type Game = 'dilemma' | 'commons'

type TournamentPage = Body<typeof api.api.tournaments.$get>
export type TournamentSummary = TournamentPage['entries'][number]
type TournamentDetail = Body<(typeof api.api.tournaments)[':id']['$get']>
/** A run in a tournament's list of runs, newest first. */
export type RunSummary = TournamentDetail['runs'][number]
