/**
 * Opening the database, and D1's production limits enforced everywhere.
 *
 * Local D1 (SQLite under miniflare) accepts far more than production does, so
 * a statement that passes every local test can fail once deployed. `createDb`
 * therefore wraps the binding in `guardD1`, which checks each statement
 * against the production limits before D1 sees it and throws a `D1LimitError`
 * naming the limit: the same failure locally, in tests and in production.
 *
 * Atomic writes: `db.batch([...])` (one implicit transaction). Never
 * `db.transaction()`: D1 rejects BEGIN.
 */
import type { D1Database, D1DatabaseSession, D1ExecResult, D1PreparedStatement, D1Result } from '@cloudflare/workers-types'
import { drizzle, type DrizzleD1Database } from 'drizzle-orm/d1'
import { schema } from './schema'

/** D1's limits per statement and per Worker invocation (Cloudflare docs, 2026). */
export const D1_LIMITS = {
  /** Bound parameters in one statement. */
  maxParams: 100,
  /** Bytes of SQL text in one statement. */
  maxStatementBytes: 100_000,
  /** Bytes in one row (checked here per bound string or blob). */
  maxRowBytes: 2_000_000,
  /** Queries in one invocation (each statement of a batch counts). */
  maxQueries: 1_000,
} as const

export type D1Limits = { -readonly [K in keyof typeof D1_LIMITS]: number }

export class D1LimitError extends Error {
  override name = 'D1LimitError'
}

/** Counters of one guarded binding (one per invocation: see `createDb`). */
export interface D1Usage {
  /** Statements executed so far (a batch counts each of its statements). */
  queries: number
  /** The most parameters bound to one statement so far. */
  maxParams: number
  /** The longest statement so far, in bytes. */
  maxStatementBytes: number
}

const encoder = new TextEncoder()

/** UTF-8 length of `text`, or a lower bound when it is surely within `limit` (a UTF-16 unit is at most 3 bytes). */
function byteLength(text: string, limit: number): number {
  return text.length * 3 <= limit ? text.length : encoder.encode(text).length
}

/**
 * Wrap a D1 binding so every statement is checked against D1's production
 * limits (`limits`, default `D1_LIMITS`) before it runs. `usage` counts what
 * went through. A real check, not a mock: statements still run on D1.
 */
export function guardD1(db: D1Database, limits: Partial<D1Limits> = {}): D1Database & { readonly usage: D1Usage } {
  return new GuardedD1(db, { ...D1_LIMITS, ...limits })
}

class GuardedD1 {
  readonly usage: D1Usage = { queries: 0, maxParams: 0, maxStatementBytes: 0 }
  constructor(
    private readonly db: D1Database,
    readonly limits: D1Limits,
  ) {}

  prepare(query: string): D1PreparedStatement {
    const bytes = encoder.encode(query).length
    if (bytes > this.limits.maxStatementBytes) {
      throw new D1LimitError(`a statement of ${bytes} bytes is over D1's limit of ${this.limits.maxStatementBytes}: ${query.slice(0, 80)}…`)
    }
    this.usage.maxStatementBytes = Math.max(this.usage.maxStatementBytes, bytes)
    return new GuardedStatement(this, this.db.prepare(query), query) as unknown as D1PreparedStatement
  }

  async batch<T = unknown>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]> {
    this.count(statements.length)
    return this.db.batch<T>(statements.map(unwrap))
  }

  async exec(query: string): Promise<D1ExecResult> {
    this.prepare(query) // the size check only
    this.count(1)
    return this.db.exec(query)
  }

  withSession(constraintOrBookmark?: string): D1DatabaseSession {
    const session = this.db.withSession(constraintOrBookmark)
    return {
      prepare: (query: string) => this.prepare(query),
      batch: <T = unknown>(statements: D1PreparedStatement[]) => {
        this.count(statements.length)
        return session.batch<T>(statements.map(unwrap))
      },
      getBookmark: () => session.getBookmark(),
    } as unknown as D1DatabaseSession
  }

  dump(): Promise<ArrayBuffer> {
    return this.db.dump()
  }

  /** @internal */
  checkParams(values: readonly unknown[], query: string): void {
    if (values.length > this.limits.maxParams) {
      throw new D1LimitError(`${values.length} bound parameters in one statement, over D1's limit of ${this.limits.maxParams}: ${query.slice(0, 80)}…`)
    }
    this.usage.maxParams = Math.max(this.usage.maxParams, values.length)
    for (const v of values) {
      const bytes = typeof v === 'string' ? byteLength(v, this.limits.maxRowBytes) : v instanceof ArrayBuffer || ArrayBuffer.isView(v) ? v.byteLength : 0
      if (bytes > this.limits.maxRowBytes) {
        throw new D1LimitError(`a value of ${bytes} bytes cannot fit in a D1 row (limit ${this.limits.maxRowBytes}): ${query.slice(0, 80)}…`)
      }
    }
  }

  /** @internal */
  count(n: number): void {
    if (this.usage.queries + n > this.limits.maxQueries) {
      throw new D1LimitError(`more than ${this.limits.maxQueries} D1 queries in one invocation`)
    }
    this.usage.queries += n
  }
}

class GuardedStatement {
  constructor(
    private readonly guard: GuardedD1,
    readonly inner: D1PreparedStatement,
    private readonly query: string,
  ) {}

  bind(...values: unknown[]): GuardedStatement {
    this.guard.checkParams(values, this.query)
    return new GuardedStatement(this.guard, this.inner.bind(...values), this.query)
  }
  first(colName?: string): Promise<unknown> {
    this.guard.count(1)
    return colName === undefined ? this.inner.first() : this.inner.first(colName)
  }
  run(): Promise<D1Result> {
    this.guard.count(1)
    return this.inner.run()
  }
  all(): Promise<D1Result> {
    this.guard.count(1)
    return this.inner.all()
  }
  raw(options?: { columnNames?: boolean }): Promise<unknown[]> {
    this.guard.count(1)
    return this.inner.raw(options as { columnNames?: false })
  }
}

function unwrap(statement: D1PreparedStatement): D1PreparedStatement {
  return statement instanceof GuardedStatement ? statement.inner : statement
}

/** The database as the store's functions take it. */
export type Db = DrizzleD1Database<typeof schema>
/** ... as `createDb` returns it, with the guard's counters. */
export type GuardedDb = Db & { readonly usage: D1Usage }

/**
 * Drizzle over the guarded binding. Open one per request or queue invocation
 * (the query count is per invocation): `const db = createDb(env.DB)`.
 */
export function createDb(d1: D1Database, limits: Partial<D1Limits> = {}): GuardedDb {
  const guarded = guardD1(d1, limits)
  const db = drizzle(guarded, { schema })
  return Object.assign(db, { usage: guarded.usage })
}
