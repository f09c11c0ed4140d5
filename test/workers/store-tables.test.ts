/**
 * Round trips through every table on a real local D1 (drizzle over the
 * guarded binding: every statement here is also checked against D1's
 * production limits), and the store's writes whose invariants matter.
 */
import { env } from 'cloudflare:workers'
import { and, asc, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { authenticate, createAccount, deleteAccount, issueApiToken, ownerLabel, revokeApiToken } from '../../src/store/accounts'
import { API_TOKEN_PREFIX, hashApiToken, newId, newSalt, runCommitment, sha256Hex } from '../../src/store/crypto'
import { createDb, type GuardedDb } from '../../src/store/db'
import { recordBatch, type NewMatchRecord } from '../../src/store/runs'
import {
  accounts,
  apiTokens,
  jobResults,
  matches,
  runBatches,
  runs,
  standings,
  strategies,
  strategyVersions,
  tournamentEntries,
  tournamentInvitations,
  tournaments,
} from '../../src/store/schema'
import { addStrategyVersion, createStrategy, getVersion, latestVersion } from '../../src/store/strategies'

const T0 = new Date(1_700_000_000_000)
let db: GuardedDb

beforeAll(() => {
  db = createDb(env.DB)
})

describe('accounts and API tokens', () => {
  it('round-trip an account; handles are unique', async () => {
    const alice = await createAccount(db, 'alice', T0)
    expect(alice).toEqual({ id: alice.id, handle: 'alice', kind: 'user', createdAt: T0, deletedAt: null })
    expect(alice.id).toMatch(/^[0-9a-z]{26}$/)
    expect(await db.select().from(accounts).where(eq(accounts.id, alice.id))).toEqual([alice])
    await expect(createAccount(db, 'alice')).rejects.toThrow()
  })

  it('store only the SHA-256 of a ≥128-bit token, authenticate it, record its use, revoke it', async () => {
    const bob = await createAccount(db, 'bob', T0)
    const { id, token } = await issueApiToken(db, bob.id, 'laptop', T0)
    expect(token.startsWith(`${API_TOKEN_PREFIX}${id}_`)).toBe(true)
    expect((token.length - `${API_TOKEN_PREFIX}${id}_`.length) * 5).toBeGreaterThanOrEqual(256) // base32: 5 bits a character

    const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, id))
    expect(row).toEqual({ id, accountId: bob.id, tokenHash: await hashApiToken(token), label: 'laptop', createdAt: T0, lastUsedAt: null, revokedAt: null })
    expect(row!.tokenHash).toMatch(/^[0-9a-f]{64}$/)
    expect(JSON.stringify(await db.select().from(apiTokens))).not.toContain(token)

    const later = new Date(T0.getTime() + 5_000)
    const auth = await authenticate(db, token, later)
    expect(auth?.account.id).toBe(bob.id)
    expect(auth?.tokenId).toBe(id)
    // The right row with the wrong secret, a malformed token, another row's id: all refused.
    const forged = token.slice(0, -1) + (token.endsWith('a') ? 'b' : 'a')
    expect(await authenticate(db, forged, later)).toBeNull()
    expect(await authenticate(db, 'da_nonsense', later)).toBeNull()
    expect(await authenticate(db, token.replace(id, '0'.repeat(26)), later)).toBeNull()
    expect((await db.select().from(apiTokens).where(eq(apiTokens.id, id)))[0]?.lastUsedAt).toEqual(later)
    expect(await authenticate(db, `${token}x`)).toBeNull()

    expect(await revokeApiToken(db, 'someone-else', id)).toBe(false)
    expect(await revokeApiToken(db, bob.id, id, later)).toBe(true)
    expect(await revokeApiToken(db, bob.id, id)).toBe(false)
    expect(await authenticate(db, token)).toBeNull()
  })

  it('delete an account: marked, strategies retired, tokens revoked, rows kept for attribution', async () => {
    const carol = await createAccount(db, 'carol', T0)
    const { token } = await issueApiToken(db, carol.id)
    const { strategy } = await createStrategy(db, { ownerId: carol.id, name: 'Carol', source: 'export default () => "C"', validation: { ok: true } }, T0)
    const gone = new Date(T0.getTime() + 60_000)
    await deleteAccount(db, carol.id, gone)

    const [row] = await db.select().from(accounts).where(eq(accounts.id, carol.id))
    expect(row?.deletedAt).toEqual(gone)
    expect(ownerLabel(row!)).toBe('deleted account')
    expect(ownerLabel({ handle: 'alice', deletedAt: null })).toBe('alice')
    expect((await db.select().from(strategies).where(eq(strategies.id, strategy.id)))[0]?.retiredAt).toEqual(gone)
    expect(await db.select().from(strategyVersions).where(eq(strategyVersions.strategyId, strategy.id))).toHaveLength(1)
    expect(await authenticate(db, token)).toBeNull()
  })
})

describe('strategies and versions', () => {
  it('round-trip a strategy with version 1, then immutable versions 2, 3', async () => {
    const owner = await createAccount(db, 'dora', T0)
    const source = "export default function move(view) { return 'C' }"
    const { strategy, version } = await createStrategy(db, { ownerId: owner.id, name: 'Nice', description: 'always C', isPublic: true, source, validation: { ok: true, faults: [] } }, T0)
    expect(strategy).toEqual({ id: strategy.id, ownerId: owner.id, name: 'Nice', description: 'always C', isPublic: true, games: ['dilemma'], retiredAt: null, createdAt: T0 })
    expect(version).toEqual({ strategyId: strategy.id, version: 1, source, sourceHash: await sha256Hex(source), validation: { ok: true, faults: [] }, createdAt: T0 })

    const v2 = await addStrategyVersion(db, strategy.id, "export default () => 'D'", { ok: false }, new Date(T0.getTime() + 1))
    const v3 = await addStrategyVersion(db, strategy.id, "export default () => 'C'", null)
    expect([v2.version, v3.version]).toEqual([2, 3])
    expect(v2).toEqual({ strategyId: strategy.id, version: 2, source: "export default () => 'D'", sourceHash: await sha256Hex("export default () => 'D'"), validation: { ok: false }, createdAt: new Date(T0.getTime() + 1) })
    expect((await latestVersion(db, strategy.id))?.version).toBe(3)
    expect(await getVersion(db, strategy.id, 1)).toEqual(version)
    expect(await latestVersion(db, 'no-such-strategy')).toBeUndefined()
    // The version number is part of the key: the same version cannot be written twice.
    await expect(db.insert(strategyVersions).values({ strategyId: strategy.id, version: 2, source: 'x', sourceHash: 'x', validation: null })).rejects.toThrow()
  })
})

describe('tournaments, runs and results', () => {
  let hostId = ''
  let playerId = ''
  const ids = { a: '', b: '' }
  const tournamentId = newId()
  const runId = newId()

  beforeAll(async () => {
    hostId = (await createAccount(db, 'host', T0)).id
    playerId = (await createAccount(db, 'player', T0)).id
    ids.a = (await createStrategy(db, { ownerId: playerId, name: 'A', source: "export default () => 'C'", validation: null })).strategy.id
    ids.b = (await createStrategy(db, { ownerId: hostId, name: 'B', source: "export default () => 'D'", validation: null })).strategy.id
  })

  it('round-trip a tournament with its JSON rules, invitations and entries', async () => {
    const rules = { payoffs: { R: 3, S: 0, T: 5, P: 1 }, turns: 200, continuation: null, noise: 0.01, repetitions: 5, mechanism: { future: ['shapes', 'pass', 'through'] } }
    const classification = { kind: 'prisoners-dilemma', iterated: true }
    await db.insert(tournaments).values({ id: tournamentId, hostId, name: 'Spring cup', rules, classification, entryPolicy: 'invite', shareIdentities: true, schedule: '0 * * * *', createdAt: T0 })
    await db.insert(tournamentInvitations).values({ tournamentId, accountId: playerId, createdAt: T0 })
    await db.insert(tournamentEntries).values([
      { tournamentId, strategyId: ids.a, createdAt: T0 },
      { tournamentId, strategyId: ids.b, createdAt: T0 },
    ])

    expect(await db.select().from(tournaments).where(eq(tournaments.id, tournamentId))).toEqual([
      { id: tournamentId, hostId, name: 'Spring cup', game: 'dilemma', rules, classification, entryPolicy: 'invite', shareIdentities: true, schedule: '0 * * * *', maxEntriesPerAccount: 1, experimentId: null, ruleSet: null, createdAt: T0 },
    ])
    expect(await db.select().from(tournamentInvitations).where(eq(tournamentInvitations.tournamentId, tournamentId))).toEqual([{ tournamentId, accountId: playerId, createdAt: T0 }])
    const entries = await db.select().from(tournamentEntries).where(eq(tournamentEntries.tournamentId, tournamentId)).orderBy(asc(tournamentEntries.strategyId))
    expect(entries.map((e) => e.strategyId)).toEqual([ids.a, ids.b].sort())
    await expect(db.insert(tournamentEntries).values({ tournamentId, strategyId: ids.a })).rejects.toThrow()
  })

  it('round-trip a run with its commitment, pinned versions, schedule and batches', async () => {
    const seed = 123_456_789
    const salt = newSalt()
    expect(salt).toMatch(/^[0-9a-f]{32}$/)
    const commitment = await runCommitment(seed, salt)
    expect(commitment).toBe(await sha256Hex(`${seed}${salt}`))
    const entrants = [
      { strategyId: ids.a, version: 1 },
      { strategyId: ids.b, version: 1 },
    ]
    const jobs = [{ pair: [0, 0] }, { pair: [0, 1] }, { pair: [1, 1] }]
    const run = {
      id: runId,
      tournamentId,
      requestedBy: hostId,
      status: 'running' as const,
      jobsDone: 0,
      jobsTotal: 3,
      commitment,
      seed,
      salt,
      entrants,
      rules: { turns: 200 },
      jobs,
      createdAt: T0,
      startedAt: T0,
      finishedAt: null,
      error: null,
      slot: null,
      progressAt: T0,
    }
    await db.insert(runs).values(run)
    expect(await db.select().from(runs).where(eq(runs.id, runId))).toEqual([run])

    await db.insert(runBatches).values([
      { runId, batch: 0, firstJob: 0, jobCount: 2, attempts: 1, leaseExpiresAt: new Date(T0.getTime() + 30_000), status: 'running' },
      { runId, batch: 1, firstJob: 2, jobCount: 1 },
    ])
    expect(await db.select().from(runBatches).where(eq(runBatches.runId, runId)).orderBy(asc(runBatches.batch))).toEqual([
      { runId, batch: 0, status: 'running', firstJob: 0, jobCount: 2, leaseExpiresAt: new Date(T0.getTime() + 30_000), attempts: 1, error: null, finishedAt: null },
      { runId, batch: 1, status: 'queued', firstJob: 2, jobCount: 1, leaseExpiresAt: null, attempts: 0, error: null, finishedAt: null },
    ])
  })

  it('record a batch atomically; a redelivered batch writes nothing twice', async () => {
    const match = (jobIndex: number, repetition: number): NewMatchRecord => ({
      runId,
      jobIndex,
      repetition,
      aStrategyId: ids.a,
      aVersion: 1,
      bStrategyId: ids.b,
      bVersion: 1,
      aMoves: 'CCCD',
      bMoves: 'DDDD',
      aScore: 1.5,
      bScore: 17,
      faults: [[{ kind: 'throw', round: 3, message: 'line 1, column 2: boom' }], []],
      flips: [[3], []],
      fined: [[3], []],
      announcements: ['CCDD', '----'],
      aOpponentView: { id: ids.b, name: 'B', reputation: null },
      bOpponentView: { id: ids.a, name: 'A', reputation: 0.5 },
      seed: 4_000_000_000 + repetition,
      infraError: false,
      createdAt: T0,
    })
    const results = [0, 1].map((jobIndex) => ({ runId, jobIndex, batch: 0, result: { scores: [[1, 2]] }, createdAt: T0 }))
    const records = [0, 1].flatMap((j) => [0, 1, 2, 3, 4, 5, 6].map((r) => match(j, r))) // 14 matches of 20 columns: 3 statements

    const done = new Date(T0.getTime() + 10_000)
    await recordBatch(db, runId, 0, results, records, done)
    await recordBatch(db, runId, 0, results, records, done) // redelivered

    expect(await db.select().from(jobResults).where(eq(jobResults.runId, runId))).toHaveLength(2)
    const stored = await db.select().from(matches).where(eq(matches.runId, runId)).orderBy(asc(matches.jobIndex), asc(matches.repetition))
    expect(stored).toHaveLength(14)
    expect(stored[0]).toEqual(match(0, 0))
    expect((await db.select().from(runs).where(eq(runs.id, runId)))[0]).toMatchObject({ jobsDone: 2, progressAt: done })
    expect((await db.select().from(runBatches).where(and(eq(runBatches.runId, runId), eq(runBatches.batch, 0))))[0]).toMatchObject({ status: 'done', finishedAt: done, leaseExpiresAt: null })

    // An infrastructure error is a match record too.
    await recordBatch(db, runId, 1, [{ runId, jobIndex: 2, batch: 1, result: { infraError: true } }], [{ ...match(2, 0), infraError: true, aMoves: '', bMoves: '', aScore: 0, bScore: 0 }])
    expect((await db.select().from(runs).where(eq(runs.id, runId)))[0]?.jobsDone).toBe(3)
    expect((await db.select().from(matches).where(and(eq(matches.runId, runId), eq(matches.jobIndex, 2))))[0]?.infraError).toBe(true)
  })

  it('round-trip standings, one rank per place', async () => {
    const rows = [
      { runId, rank: 1, strategyId: ids.b, standing: { rank: 1, id: ids.b, name: 'B', medianScore: 3.1, wins: 5 } },
      { runId, rank: 2, strategyId: ids.a, standing: { rank: 2, id: ids.a, name: 'A', medianScore: 0.4, wins: 0 } },
    ]
    await db.insert(standings).values(rows)
    expect(await db.select().from(standings).where(eq(standings.runId, runId)).orderBy(asc(standings.rank))).toEqual(rows)
    await expect(db.insert(standings).values({ runId, rank: 1, strategyId: 'tit-for-tat', standing: {} })).rejects.toThrow()
  })

  it('kept every statement within the limits', () => {
    expect(db.usage.maxParams).toBeLessThanOrEqual(100)
    expect(db.usage.maxStatementBytes).toBeLessThanOrEqual(100_000)
  })
})
