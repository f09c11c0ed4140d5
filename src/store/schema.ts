/**
 * The one schema of the platform's D1 database (drizzle, sqlite-core).
 *
 * `npm run db:generate` turns changes here into a new SQL file in
 * `migrations/` (drizzle-kit 0.31: flat `NNNN_name.sql` files, which
 * `wrangler d1 migrations apply` and the Workers vitest pool read). Never edit
 * an applied migration: change this file and generate a new one.
 *
 * Conventions:
 * - Times are integer milliseconds since the epoch (`Date` in TypeScript).
 * - Nothing a result refers to is ever deleted: accounts, strategies and
 *   versions are retired or marked deleted instead, so past runs keep their
 *   attribution (an owner with `deleted_at` shows as "deleted account").
 * - JSON columns hold data validated by the API (zod) before it is written;
 *   their TypeScript types below describe it but the database does not care,
 *   so later games and mechanisms pass through without schema changes.
 * - Later parts add tables and columns, never rewrite these.
 */
import { sql } from 'drizzle-orm'
import type { Game } from '../engine/types'
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core'

const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .$defaultFn(() => new Date())

/** The account that owns the classics (seeded by `npm start`, see src/store/seed.ts). */
export const HOUSE_ACCOUNT_ID = 'house'

// ---------------------------------------------------------------- accounts

export const accounts = sqliteTable('accounts', {
  /** Random id (`newId()`), or `house` for the house account. */
  id: text('id').primaryKey(),
  /** Public name, unique (kept by a deleted account, so nobody can take it over). */
  handle: text('handle').notNull().unique(),
  /** `house` for the owner of the classics, `user` for everyone else. */
  kind: text('kind', { enum: ['user', 'house'] }).notNull().default('user'),
  createdAt: createdAt(),
  /** Set when the account was deleted (the flag and the time); its strategies are retired then. */
  deletedAt: integer('deleted_at', { mode: 'timestamp_ms' }),
})

export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    /** Lowercase hex SHA-256 of the token (the token itself is never stored). */
    tokenHash: text('token_hash').notNull().unique(),
    /** Optional label chosen by the owner ("laptop", "CI"). */
    label: text('label'),
    createdAt: createdAt(),
    lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' }),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('api_tokens_account').on(t.accountId)],
)

// -------------------------------------------------------------- strategies

export const strategies = sqliteTable(
  'strategies',
  {
    /** The classics use their built-in ids (`tit-for-tat`); others a random id (`newId()`). */
    id: text('id').primaryKey(),
    ownerId: text('owner_id')
      .notNull()
      .references(() => accounts.id),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    isPublic: integer('is_public', { mode: 'boolean' }).notNull().default(false),
    /** The games its latest version declares (`export const games`; `["dilemma"]` without it): what it may enter. */
    games: text('games', { mode: 'json' }).notNull().$type<Game[]>().default(sql`'["dilemma"]'`),
    /** Set when retired (by its owner, or because the owner deleted the account): enters nothing new. */
    retiredAt: integer('retired_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [index('strategies_owner').on(t.ownerId)],
)

/** Immutable: a new source is a new version (1, 2, ...); rows are never updated. */
export const strategyVersions = sqliteTable(
  'strategy_versions',
  {
    strategyId: text('strategy_id')
      .notNull()
      .references(() => strategies.id),
    version: integer('version').notNull(),
    source: text('source').notNull(),
    /** Lowercase hex SHA-256 of the UTF-8 source. */
    sourceHash: text('source_hash').notNull(),
    /** What validating the source found (compile errors, faults against the classics, behaviour). */
    validation: text('validation', { mode: 'json' }).$type<unknown>(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.strategyId, t.version] })],
)

// ------------------------------------------------------------- tournaments

export const tournaments = sqliteTable(
  'tournaments',
  {
    id: text('id').primaryKey(),
    hostId: text('host_id')
      .notNull()
      .references(() => accounts.id),
    name: text('name').notNull(),
    /** The game played; only `dilemma` for now. */
    game: text('game').notNull().default('dilemma'),
    /** The rules as validated by the API (for `dilemma`: payoffs, turns/continuation, noise, repetitions...). */
    rules: text('rules', { mode: 'json' }).notNull().$type<unknown>(),
    /** The engine's classification of the payoff matrix (prisoner's dilemma, chicken, ...). */
    classification: text('classification', { mode: 'json' }).notNull().$type<unknown>(),
    entryPolicy: text('entry_policy', { enum: ['open', 'invite'] }).notNull().default('open'),
    /** Whether strategies see `view.opponent` (id, name, reputation). */
    shareIdentities: integer('share_identities', { mode: 'boolean' }).notNull().default(false),
    /** Cron expression (UTC, 5 fields) for recurring runs, or null for runs on demand only. */
    schedule: text('schedule'),
    /** Strategies one account may enter (1 unless the host allows more: teams that recognise each other game a tournament). */
    maxEntriesPerAccount: integer('max_entries_per_account').notNull().default(1),
    /**
     * Set when the tournament plays one rule set of an experiment: such a
     * tournament is not listed, takes no entries after it is made, and its
     * runs move no rating or reputation (an experiment is a what-if).
     */
    experimentId: text('experiment_id').references((): AnySQLiteColumn => experiments.id),
    /** Which rule set of the experiment it plays (from 0). */
    ruleSet: integer('rule_set'),
    createdAt: createdAt(),
  },
  (t) => [index('tournaments_host').on(t.hostId), index('tournaments_schedule').on(t.schedule), index('tournaments_experiment').on(t.experimentId)],
)

/**
 * An experiment: the same field of strategies under several rule sets, each
 * played as the run of a tournament of its own (`tournaments.experiment_id`)
 * with the same seed, then summarised side by side.
 */
export const experiments = sqliteTable(
  'experiments',
  {
    id: text('id').primaryKey(),
    ownerId: text('owner_id')
      .notNull()
      .references(() => accounts.id),
    /** The checked plan: seed, repetitions, players `{ id, name }` and rule sets with every default filled in. */
    plan: text('plan', { mode: 'json' }).notNull().$type<unknown>(),
    createdAt: createdAt(),
  },
  (t) => [index('experiments_owner').on(t.ownerId)],
)

export const tournamentInvitations = sqliteTable(
  'tournament_invitations',
  {
    tournamentId: text('tournament_id')
      .notNull()
      .references(() => tournaments.id),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tournamentId, t.accountId] }), index('tournament_invitations_account').on(t.accountId)],
)

export const tournamentEntries = sqliteTable(
  'tournament_entries',
  {
    tournamentId: text('tournament_id')
      .notNull()
      .references(() => tournaments.id),
    strategyId: text('strategy_id')
      .notNull()
      .references(() => strategies.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tournamentId, t.strategyId] }), index('tournament_entries_strategy').on(t.strategyId)],
)

// -------------------------------------------------------------------- runs

/** `finalizing`: one consumer holds the run while it writes the standings (shown as `running` by the API). */
export const RUN_STATUSES = ['queued', 'running', 'finalizing', 'finished', 'failed'] as const
export type RunStatus = (typeof RUN_STATUSES)[number]

/** One strategy version a run plays, pinned when the run is created. */
export interface RunEntrant {
  strategyId: string
  version: number
}

export const runs = sqliteTable(
  'runs',
  {
    id: text('id').primaryKey(),
    tournamentId: text('tournament_id')
      .notNull()
      .references(() => tournaments.id),
    /** Who started it (quotas, part two); null when the schedule did. */
    requestedBy: text('requested_by').references(() => accounts.id),
    status: text('status', { enum: RUN_STATUSES }).notNull().default('queued'),
    jobsDone: integer('jobs_done').notNull().default(0),
    jobsTotal: integer('jobs_total').notNull(),
    /** Lowercase hex sha256(seed ‖ salt), published when the run is created. */
    commitment: text('commitment').notNull(),
    /**
     * The run seed (32-bit) and the 128-bit salt (hex). Stored from the start
     * (the consumers need the seed), but the API must reveal them only once
     * the run is finished.
     */
    seed: integer('seed').notNull(),
    salt: text('salt').notNull(),
    /** The exact strategy versions played, in player order. */
    entrants: text('entrants', { mode: 'json' }).notNull().$type<RunEntrant[]>(),
    /** The rules used (a copy of the tournament's at creation, defaults filled in). */
    rules: text('rules', { mode: 'json' }).notNull().$type<unknown>(),
    /** The schedule of jobs (which pairings and repetitions each job index plays). */
    jobs: text('jobs', { mode: 'json' }).notNull().$type<unknown>(),
    createdAt: createdAt(),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }),
    finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
    error: text('error'),
    /** The schedule slot (a cron time) this run plays, or null for a run started by hand. */
    slot: integer('slot', { mode: 'timestamp_ms' }),
    /** When a batch of this run last finished (or the run was created, or its messages re-sent): the scheduled tick resumes a run that stalled. */
    progressAt: integer('progress_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('runs_tournament').on(t.tournamentId, t.createdAt), index('runs_status').on(t.status)],
)

export const BATCH_STATUSES = ['queued', 'running', 'done', 'failed'] as const
export type BatchStatus = (typeof BATCH_STATUSES)[number]

/** A queue message `{ runId, batch }` names one row here. */
export const runBatches = sqliteTable(
  'run_batches',
  {
    runId: text('run_id')
      .notNull()
      .references(() => runs.id),
    batch: integer('batch').notNull(),
    status: text('status', { enum: BATCH_STATUSES }).notNull().default('queued'),
    /** The jobs of this batch: indices firstJob .. firstJob + jobCount - 1. */
    firstJob: integer('first_job').notNull(),
    jobCount: integer('job_count').notNull(),
    /** A consumer holding the batch owns it until then; after that another delivery may take it over. */
    leaseExpiresAt: integer('lease_expires_at', { mode: 'timestamp_ms' }),
    attempts: integer('attempts').notNull().default(0),
    /** Why it failed (e.g. dead-lettered: an infrastructure error). */
    error: text('error'),
    finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
  },
  (t) => [primaryKey({ columns: [t.runId, t.batch] })],
)

/** Keyed by (run, job): a redelivered batch inserts with ON CONFLICT DO NOTHING and writes nothing twice. */
export const jobResults = sqliteTable(
  'job_results',
  {
    runId: text('run_id')
      .notNull()
      .references(() => runs.id),
    jobIndex: integer('job_index').notNull(),
    batch: integer('batch').notNull(),
    /** The job's summary (scores per repetition, cooperations, faults...), as the engine returns it. */
    result: text('result', { mode: 'json' }).notNull().$type<unknown>(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.jobIndex] })],
)

/** One match played in a run: enough to show and to re-play it alone. */
export const matches = sqliteTable(
  'matches',
  {
    runId: text('run_id')
      .notNull()
      .references(() => runs.id),
    jobIndex: integer('job_index').notNull(),
    repetition: integer('repetition').notNull(),
    aStrategyId: text('a_strategy_id').notNull(),
    aVersion: integer('a_version').notNull(),
    bStrategyId: text('b_strategy_id').notNull(),
    bVersion: integer('b_version').notNull(),
    /** Moves as played, one character a round (`C`/`D`), A then B. */
    aMoves: text('a_moves').notNull(),
    bMoves: text('b_moves').notNull(),
    aScore: real('a_score').notNull(),
    bScore: real('b_score').notNull(),
    /** `[Fault[], Fault[]]` (the first few of each side) plus counts, as the engine reports them. */
    faults: text('faults', { mode: 'json' }).notNull().$type<unknown>(),
    /** Round indices where noise flipped each side's move: `[number[], number[]]`. */
    flips: text('flips', { mode: 'json' }).notNull().$type<[number[], number[]]>(),
    /** Round indices where the referee fined each side: `[number[], number[]]`, or null when no one was fined. */
    fined: text('fined', { mode: 'json' }).$type<[number[], number[]] | null>(),
    /** With cheap talk, each side's announcements (one character a round: C, D, or - for none); else null. */
    announcements: text('announcements', { mode: 'json' }).$type<[string, string] | null>(),
    /** Each side's frozen `view.opponent` (null unless the tournament shares identities). */
    aOpponentView: text('a_opponent_view', { mode: 'json' }).$type<unknown>(),
    bOpponentView: text('b_opponent_view', { mode: 'json' }).$type<unknown>(),
    /** The 32-bit match seed: `playMatch` with it re-plays the match. */
    seed: integer('seed').notNull(),
    /** The match could not be played for a reason of the platform's (not the strategies'). */
    infraError: integer('infra_error', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.jobIndex, t.repetition] }),
    index('matches_a_strategy').on(t.aStrategyId),
    index('matches_b_strategy').on(t.bStrategyId),
  ],
)

export const standings = sqliteTable(
  'standings',
  {
    runId: text('run_id')
      .notNull()
      .references(() => runs.id),
    rank: integer('rank').notNull(),
    strategyId: text('strategy_id')
      .notNull()
      .references(() => strategies.id),
    /** The engine's `Standing` (scores, wins, cooperation rate, faults). */
    standing: text('standing', { mode: 'json' }).notNull().$type<unknown>(),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.strategyId] }),
    uniqueIndex('standings_run_rank').on(t.runId, t.rank),
    index('standings_strategy').on(t.strategyId),
  ],
)

// --------------------------------------------------------------- schedules

/**
 * One row per (tournament, cron slot) the scheduled handler acted on: the
 * key that makes a cron firing twice start one run. `skipped` when the
 * tournament still had a run in progress at that slot.
 */
export const scheduleSlots = sqliteTable(
  'schedule_slots',
  {
    tournamentId: text('tournament_id')
      .notNull()
      .references(() => tournaments.id),
    slot: integer('slot', { mode: 'timestamp_ms' }).notNull(),
    outcome: text('outcome', { enum: ['started', 'skipped', 'refused'] }).notNull(),
    runId: text('run_id'),
    /** Why the slot did not start a run (a run in progress, too few entrants...). */
    reason: text('reason'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tournamentId, t.slot] })],
)

// ------------------------------------------------- ratings and reputation

/** A strategy's current rating in one game (openskill, Plackett-Luce); absent until its first rated run. */
export const ratings = sqliteTable(
  'ratings',
  {
    strategyId: text('strategy_id')
      .notNull()
      .references(() => strategies.id),
    game: text('game').notNull(),
    mu: real('mu').notNull(),
    sigma: real('sigma').notNull(),
    /** mu − 3 sigma: what leaderboards order by. */
    ordinal: real('ordinal').notNull(),
    /** Rated runs so far; also the `seq` of its latest `rating_history` row. */
    runs: integer('runs').notNull(),
    lastRunId: text('last_run_id').notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.strategyId, t.game] }), index('ratings_game_ordinal').on(t.game, t.ordinal)],
)

/**
 * Every rating a strategy has had, one row per rated run. The primary key
 * (strategy, game, seq) is what keeps two runs finalized at once from both
 * building on the same old rating: the second one's insert conflicts, its
 * whole finalize rolls back, and it is repeated from the new rating.
 */
export const ratingHistory = sqliteTable(
  'rating_history',
  {
    strategyId: text('strategy_id')
      .notNull()
      .references(() => strategies.id),
    game: text('game').notNull(),
    seq: integer('seq').notNull(),
    runId: text('run_id')
      .notNull()
      .references(() => runs.id),
    /** Its rank in the order the rating was updated from. */
    rank: integer('rank').notNull(),
    mu: real('mu').notNull(),
    sigma: real('sigma').notNull(),
    ordinal: real('ordinal').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.strategyId, t.game, t.seq] }), index('rating_history_run').on(t.runId)],
)

/**
 * How a strategy has behaved, summed over every finished run of one game
 * (self-play and matches lost to infrastructure errors left out). Counts, so
 * that each run adds to them; rates are computed when read.
 */
export const reputation = sqliteTable(
  'reputation',
  {
    strategyId: text('strategy_id')
      .notNull()
      .references(() => strategies.id),
    game: text('game').notNull(),
    runs: integer('runs').notNull().default(0),
    matches: integer('matches').notNull().default(0),
    turns: integer('turns').notNull().default(0),
    cooperations: integer('cooperations').notNull().default(0),
    /** Matches in which it never defected before its opponent. */
    niceMatches: integer('nice_matches').notNull().default(0),
    /** Opponent defections followed by another round, and those answered with D. */
    retaliationOpportunities: integer('retaliation_opportunities').notNull().default(0),
    retaliations: integer('retaliations').notNull().default(0),
    /** Retaliation episodes whose opponent came back to C, and those it forgave within two rounds. */
    forgivenessOpportunities: integer('forgiveness_opportunities').notNull().default(0),
    forgivenesses: integer('forgivenesses').notNull().default(0),
    faults: integer('faults').notNull().default(0),
    lastRunId: text('last_run_id'),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.strategyId, t.game] })],
)

/** One strategy's record against another, from its own side, over every finished run of one game. */
export const headToHead = sqliteTable(
  'head_to_head',
  {
    strategyId: text('strategy_id')
      .notNull()
      .references(() => strategies.id),
    opponentId: text('opponent_id')
      .notNull()
      .references(() => strategies.id),
    game: text('game').notNull(),
    matches: integer('matches').notNull().default(0),
    turns: integer('turns').notNull().default(0),
    myCooperations: integer('my_cooperations').notNull().default(0),
    theirCooperations: integer('their_cooperations').notNull().default(0),
    myScore: real('my_score').notNull().default(0),
    theirScore: real('their_score').notNull().default(0),
    wins: integer('wins').notNull().default(0),
    losses: integer('losses').notNull().default(0),
    /** The last rounds (at most 10) of the most recent match, one character a round. */
    lastMy: text('last_my').notNull().default(''),
    lastTheir: text('last_their').notNull().default(''),
    lastRunId: text('last_run_id'),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.strategyId, t.opponentId, t.game] }), index('head_to_head_opponent').on(t.opponentId)],
)

// ------------------------------------------------------------------ quotas

/**
 * Hourly and daily quotas: one counter per (account, quota, window). A
 * window is the start of its hour or day (UTC, ms); old windows are left
 * alone (they are small) and can be pruned at any time.
 */
export const quotaCounters = sqliteTable(
  'quota_counters',
  {
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    quota: text('quota').notNull(),
    windowStart: integer('window_start', { mode: 'timestamp_ms' }).notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.quota, t.windowStart] })],
)

/** Every table, for drizzle's relational queries and for tests. */
export const schema = {
  accounts,
  apiTokens,
  strategies,
  strategyVersions,
  tournaments,
  tournamentInvitations,
  tournamentEntries,
  experiments,
  runs,
  runBatches,
  jobResults,
  matches,
  standings,
  scheduleSlots,
  ratings,
  ratingHistory,
  reputation,
  headToHead,
  quotaCounters,
}

export type Account = typeof accounts.$inferSelect
export type ApiToken = typeof apiTokens.$inferSelect
export type Strategy = typeof strategies.$inferSelect
export type StrategyVersion = typeof strategyVersions.$inferSelect
export type Tournament = typeof tournaments.$inferSelect
export type Run = typeof runs.$inferSelect
export type RunBatch = typeof runBatches.$inferSelect
export type JobResult = typeof jobResults.$inferSelect
export type MatchRecord = typeof matches.$inferSelect
export type StandingRow = typeof standings.$inferSelect
export type ScheduleSlot = typeof scheduleSlots.$inferSelect
export type RatingRow = typeof ratings.$inferSelect
export type RatingHistoryRow = typeof ratingHistory.$inferSelect
export type ReputationRow = typeof reputation.$inferSelect
export type HeadToHeadRow = typeof headToHead.$inferSelect
