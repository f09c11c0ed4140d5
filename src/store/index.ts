/**
 * The data layer: one drizzle schema over D1, helpers that keep every
 * statement within D1's production limits, and the writes whose invariants
 * matter (atomic deletion, immutable versions, redelivery-safe results).
 */
export * from './schema'
export { createDb, guardD1, D1LimitError, D1_LIMITS, type Db, type GuardedDb, type D1Limits, type D1Usage } from './db'
export { chunkedInserts, insertMany, rowsPerInsert, runBatch, type InsertManyOptions, type InsertStatement } from './insert'
export { newId, newSalt, runCommitment, sha256Hex, generateApiToken, hashApiToken, apiTokenId, sameHash, API_TOKEN_PREFIX } from './crypto'
export * from './accounts'
export * from './strategies'
export * from './runs'
export * from './reputation'
export { seedStatements, seedSql, demoStatements, DEMO_COMMONS, DEMO_TOURNAMENT, HOUSE_ACCOUNT } from './seed'
