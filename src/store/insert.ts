/**
 * Multi-row inserts within D1's 100 bound parameters a statement. drizzle
 * does not split a multi-row insert, and it binds every column of every row
 * (defaults included), so a statement holds at most floor(100 / columns) rows.
 */
import { getTableColumns } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { SQLiteTable } from 'drizzle-orm/sqlite-core'
import type { Db } from './db'
import { D1_LIMITS } from './db'

/** Rows of `table` that fit in one INSERT: floor(maxParams / columns). */
export function rowsPerInsert(table: SQLiteTable, maxParams: number = D1_LIMITS.maxParams): number {
  const columns = Object.keys(getTableColumns(table)).length
  const rows = Math.floor(maxParams / columns)
  if (rows < 1) throw new Error(`a row of ${columns} columns cannot fit in ${maxParams} parameters`)
  return rows
}

/** A statement for `db.batch`, whose SQL and parameters can be inspected. */
export type InsertStatement = BatchItem<'sqlite'> & { toSQL(): { sql: string; params: unknown[] } }

export interface InsertManyOptions {
  /** `ignore`: ON CONFLICT DO NOTHING (rows already there are skipped: redelivery-safe). */
  onConflict?: 'ignore'
}

/**
 * The INSERT statements for `rows`, each within the parameter limit, to run
 * with `db.batch([...])` (possibly together with other statements).
 */
export function chunkedInserts<T extends SQLiteTable>(db: Db, table: T, rows: readonly T['$inferInsert'][], options: InsertManyOptions = {}): InsertStatement[] {
  const size = rowsPerInsert(table)
  const statements: InsertStatement[] = []
  for (let i = 0; i < rows.length; i += size) {
    const insert = db.insert(table).values(rows.slice(i, i + size) as T['$inferInsert'][])
    statements.push(options.onConflict === 'ignore' ? insert.onConflictDoNothing() : insert)
  }
  return statements
}

/** Insert `rows` atomically (one `db.batch`), chunked to stay within D1's limits. */
export async function insertMany<T extends SQLiteTable>(db: Db, table: T, rows: readonly T['$inferInsert'][], options: InsertManyOptions = {}): Promise<void> {
  await runBatch(db, chunkedInserts(db, table, rows, options))
}

/** `db.batch` for a list that may be empty (drizzle wants a non-empty tuple). */
export async function runBatch(db: Db, statements: readonly BatchItem<'sqlite'>[]): Promise<void> {
  if (statements.length === 0) return
  await db.batch(statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]])
}
