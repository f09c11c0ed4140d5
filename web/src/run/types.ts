/** The shapes the run page reads, as the typed client gives them (src/api/runs.ts, runView, builds them). */
import type { Behaviour } from '../../../src/engine/behaviour'
import type { api, Body } from '../api'

export type RunView = Body<(typeof api.api.runs)[':id']['$get']>
/** Queued, running or failed: no results. */
export type PlayingRun = Extract<RunView, { standings: null }>
export type FinishedCommons = Extract<RunView, { game: 'commons' }>
export type FinishedDilemma = Exclude<RunView, PlayingRun | FinishedCommons>
export type DilemmaStanding = FinishedDilemma['standings'][number]
export type CommonsStanding = FinishedCommons['standings'][number]
export type MatchSummary = Body<(typeof api.api.runs)[':id']['matches']['$get']>['entries'][number]
export type TournamentInfo = Body<(typeof api.api.tournaments)[':id']['$get']>

/** A standing's behaviour, stored as JSON: the engine's Behaviour (the rates the badges show). */
export type BehaviourRates = Pick<Behaviour, 'niceRate' | 'retaliationRate' | 'forgivenessRate'>
