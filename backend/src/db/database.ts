// Opens the stock record on either engine: embedded SQLite (one file in the data directory, the
// default) or PostgreSQL (given a connection URL). Everything above this module is engine-neutral.
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
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
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
  /** Appends to the audit chain. */
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
