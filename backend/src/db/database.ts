// Opens the stock record on either engine: embedded SQLite (one file in the data directory, the
// default) or PostgreSQL (given a connection URL). Everything above this module is engine-neutral.
import { createHash } from 'node:crypto';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  sql,
  type DatabaseConnection,
  type Driver,
  type PostgresCursor,
  type PostgresPool,
  type PostgresPoolClient,
  type PostgresQueryResult,
  type SqliteDatabase,
  type SqliteDialectConfig,
  type Transaction,
} from 'kysely';
import pg from 'pg';
import type { Database } from './schema';

export type Engine = 'sqlite' | 'postgres';

export type DatabaseLocation = { engine: 'sqlite'; path: string } | { engine: 'postgres'; url: string };

export type Queryable = Kysely<Database> | Transaction<Database>;

/** What every data-access function takes: the engine (for the few engine-specific statements) and
 * a query builder, which is a transaction inside `transaction()`. */
export interface Store {
  engine: Engine;
  db: Queryable;
}

export interface RenkeiDatabase extends Store {
  db: Kysely<Database>;
  close(): Promise<void>;
}
// PostgreSQL hands back timestamps as Date and int8 as string; the app speaks ISO strings and
// numbers on both engines.
const PG_INT8 = 20;
const PG_DATE = 1082;
const PG_TIMESTAMPTZ = 1184;
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === PG_INT8) return (value: string) => Number(value);
    if (oid === PG_DATE) return (value: string) => value;
    if (oid === PG_TIMESTAMPTZ) return (value: string) => new Date(value).toISOString();
    return pg.types.getTypeParser(oid, format);
  },
};

/**
 * SQLite transactions that take the write lock when they begin (BEGIN IMMEDIATE). A deferred one
 * reads from a snapshot and asks for the lock only at its first write; if another process
 * (renkei-admin beside the server, a backup) wrote in between, that write fails with
 * SQLITE_BUSY_SNAPSHOT, which no busy wait cures. Taking the lock first makes the other writer wait
 * (busy_timeout) instead. Inside one process nothing changes: its one connection runs one
 * transaction at a time already.
 */
class ImmediateTransactionDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateTransactionDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }

  override createDriver(): Driver {
    return new ImmediateTransactionDriver(this.settings);
  }
}

/** How many prepared statements one SQLite connection keeps (by SQL text, least recently used out). */
const STATEMENT_CACHE_SIZE = 500;

/**
 * The connection as Kysely uses it, with its prepared statements kept: Kysely prepares every query
 * anew, and preparing cost more than running the query itself on a chart read (half a millisecond
 * of each overview read went to compiling the same twenty-odd statements again). A statement still
 * iterating rows is busy; a query then gets a fresh one. SQLite re-prepares a kept statement by
 * itself after a migration changed the schema.
 */
function keepingStatements(sqlite: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text) {
      const kept = statements.get(text);
      if (kept && !kept.busy) {
        // Most recently used last: the Map's order is the eviction order.
        statements.delete(text);
        statements.set(text, kept);
        return kept;
      }
      const statement = sqlite.prepare(text);
      if (!kept) {
        statements.set(text, statement);
        if (statements.size > STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
      }
      return statement;
    },
  };
}

/** How many named statements one PostgreSQL connection keeps; past it, statements run unnamed. */
const PLANS_PER_CONNECTION = 500;
const plansOf = new WeakMap<pg.PoolClient, Set<string>>();

/**
 * The pool as Kysely uses it, each connection keeping its statements prepared by name (a hash of
 * the SQL text), as the SQLite connection keeps its statements: PostgreSQL then parses each
 * statement once per connection and, after a few runs, may keep its plan. A chart read is about
 * twenty small queries, and parsing and planning them again each time cost more than running them
 * (an overview in-process: 6.7 ms p50 unnamed, 4.6 ms named, on this machine).
 * - Only statements with parameters: a parameterless text goes by the simple protocol, which the
 *   migrations' multi-statement texts need, and begin/commit gain nothing.
 * - At most PLANS_PER_CONNECTION names per connection (`in ($1, …, $n)` makes a text per list
 *   length), so the server's memory per connection stays bounded.
 * - A statement whose table changed shape under it (a migration by renkei-admin while the server
 *   runs) is refused with "cached plan must not change result type": it is run again unnamed
 *   (outside a transaction; inside one, the refusal stands), and the connection is closed when
 *   released, so its stale statements go with it.
 */
function keepingPlans(pool: pg.Pool): PostgresPool {
  return {
    end: () => pool.end(),
    async connect() {
      const client = await pool.connect();
      let plans = plansOf.get(client);
      if (!plans) plansOf.set(client, (plans = new Set()));
      const kept = plans;
      let stale = false;
      const run = async (text: string, values: unknown[]) => {
        if (values.length === 0) return client.query(text, values);
        const name = `renkei_${createHash('sha256').update(text).digest('base64url').slice(0, 40)}`;
        if (!kept.has(name)) {
          if (kept.size >= PLANS_PER_CONNECTION) return client.query(text, values);
          kept.add(name);
        }
        try {
          return await client.query({ name, text, values });
        } catch (error) {
          if ((error as { code?: string }).code !== '0A000' || !/cached plan/.test((error as Error).message)) throw error;
          stale = true;
          // Inside a transaction the refusal aborted it: then the caller is told, as for any failure.
          return client.query(text, values).catch(() => Promise.reject(error));
        }
      };
      function query<R>(sql: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<R>>;
      function query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
      function query<R>(textOrCursor: string | PostgresCursor<R>, parameters: readonly unknown[] = []): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
        // A cursor (Kysely's stream(), unused here) goes to the connection as it is.
        if (typeof textOrCursor !== 'string') return client.query(textOrCursor as unknown as pg.Submittable) as unknown as PostgresCursor<R>;
        return run(textOrCursor, [...parameters]) as Promise<PostgresQueryResult<R>>;
      }
      const kyselyClient: PostgresPoolClient = { query, release: () => client.release(stale) };
      return kyselyClient;
    },
  };
}

export function openDatabase(location: DatabaseLocation, onIdleConnectionLost: (error: Error) => void = () => undefined): RenkeiDatabase {
  if (location.engine === 'sqlite') {
    const sqlite = new SQLite(location.path);
    // WAL lets renkei-admin write while the server reads; a busy wait instead of SQLITE_BUSY.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = NORMAL');
    const db = new Kysely<Database>({ dialect: new ImmediateTransactionDialect({ database: keepingStatements(sqlite) }) });
    return { engine: 'sqlite', db, close: () => db.destroy() };
  }
  const pool = new pg.Pool({ connectionString: location.url, max: 10, types: pgTypes });
  // An idle connection the server closes (a restart, a failover, an administrator) is reported
  // here; without a listener it would be an unhandled error that stops the process. The pool
  // opens a new connection on next use, so there is nothing to do but say so.
  pool.on('error', (error) => onIdleConnectionLost(error));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: keepingPlans(pool) }) });
  return { engine: 'postgres', db, close: () => db.destroy() };
}

/** Runs `work` in a transaction; inside one already, joins it. */
export function transaction<T>(store: Store, work: (tx: Store) => Promise<T>): Promise<T> {
  if (store.db.isTransaction) return work(store);
  return store.db.transaction().execute((trx) => work({ engine: store.engine, db: trx }));
}

/**
 * Work that must not run in two transactions at once. A transaction that takes several takes them
 * in this order (PatientChanges before TimelineEvents before AuditChain), so two never wait on
 * each other.
 */
export enum SerialLock {
  /** Appends to the change feed. */
  PatientChanges = 7_700_001,
  /** Appends to the audit chain (on PostgreSQL the lock of its head row, this only when that row is gone). */
  AuditChain = 7_700_002,
  /** Allocation of device tunnel addresses. */
  TunnelAddresses = 7_700_003,
  /** Appends to the timeline's event log. */
  TimelineEvents = 7_700_004,
}

/**
 * Serialises the rest of the transaction against others taking the same lock, until commit.
 * Rows appended to a numbered sequence (the change feed, the audit chain) then become visible in
 * sequence order, so a reader that has seen row n never later finds a row below n appear; and the
 * next free tunnel address is never picked twice. SQLite has one writer at a time already;
 * PostgreSQL takes a transaction-scoped advisory lock. Take it as late as possible.
 */
export async function serialize(tx: Store, lock: SerialLock): Promise<void> {
  if (!tx.db.isTransaction) throw new Error('serialize() needs a transaction');
  if (tx.engine === 'postgres') await sql`select pg_advisory_xact_lock(${lock})`.execute(tx.db);
}

/** A unique or primary-key constraint refused the row (PostgreSQL 23505, SQLite's constraint codes). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
