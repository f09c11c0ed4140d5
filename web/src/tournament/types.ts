/**
 * The shapes of the API's answers this page reads, from the typed client;
 * where it is loose (a tournament's `game` text column and `classification`
 * JSON column, the commons' extra dilemma-test fields) they are pinned down
 * here, and data.ts converts once.
 */
import type { api, Body, ok } from '../api'
import type { GameClassification } from '../../../src/engine/classify'
import type { CommonsRules } from '../../../src/engine/commons/types'
import type { DilemmaTest } from '../../../src/engine/dilemma-test'
import type { Payoffs, Rules } from '../../../src/engine/types'

export type DilemmaRules = Rules & { repetitions: number }
export type CommonsTournamentRules = CommonsRules & { repetitions: number; group: number }

/** The commons' dilemma test adds the restrained and greedy requests and the harvest's own 2×2. */
export type TournamentDilemmaTest = DilemmaTest & { players?: number; restraint?: number; greed?: number; payoffs?: Payoffs }

/** GET /api/tournaments/:id as the typed client has it. */
type ApiTournament = Body<(typeof api.api.tournaments)[':id']['$get']>

/**
 * The same, with what its route leaves loose pinned down: `game` (a text
 * column), `classification` (a JSON column) and the commons' extra fields
 * of the dilemma test.
 */
export type Tournament = Omit<ApiTournament, 'game' | 'classification' | 'dilemmaTest' | 'rules'> & {
  game: 'dilemma' | 'commons'
  classification: GameClassification
  dilemmaTest: TournamentDilemmaTest
  rules: DilemmaRules | CommonsTournamentRules
}

export type TournamentRun = Tournament['runs'][number]

/** GET /api/runs/:id as the typed client has it: queued or running (standings null), a finished dilemma run, or a finished commons run. */
type RunBody = Awaited<ReturnType<typeof ok<Awaited<ReturnType<(typeof api.api.runs)[':id']['$get']>>>>>

export type FinishedRun = Exclude<RunBody, { standings: null }>
export type CommonsRunView = Extract<FinishedRun, { game: 'commons' }>
export type DilemmaRunView = Exclude<FinishedRun, { game: 'commons' }>
export type DilemmaStanding = DilemmaRunView['standings'][number]
export type CommonsStanding = CommonsRunView['standings'][number]

export function isCommonsRun(run: FinishedRun): run is CommonsRunView {
  return 'game' in run && run.game === 'commons'
}
