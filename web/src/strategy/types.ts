/** The API's shapes this page reads, taken from the typed client (never written twice). */
import type { api, Body } from '../api'

type ById = (typeof api.api.strategies)[':id']

export type Profile = Body<ById['$get']>
export type Opponents = Body<ById['opponents']['$get']>
export type OpponentRecord = Opponents['entries'][number]
export type Behaviour = NonNullable<Profile['behaviour']>
export type GameReputation = Profile['reputation'][number]
export type RatingPoint = Profile['ratingHistory'][number]
export type RecentMatch = Profile['recentMatches'][number]
