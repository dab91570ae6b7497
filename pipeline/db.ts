import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { LOCAL_TO_UTC_MACRO } from './ingest/value-sql.ts';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type Compilable } from 'kysely';
import type { Database } from './warehouse/database.ts';
import { plainValue } from './warehouse/values.ts';

// Kysely is used to *compile* queries only; @duckdb/node-api executes them. We chose this over the
// kysely-duckdb dialect because that dialect drops a lone column aliased `count`, reads TIMESTAMPs
// in the process's local time and drags duckdb-wasm in as a peer. DuckDB speaks the PostgreSQL
// dialect closely enough for the Postgres compiler, and most of our SQL is plain text in layers
// anyway (staging → model → metrics), where Kysely would add nothing. The application's queries
// that read model tables are Kysely queries on the generated `Database` (pipeline/warehouse),
// executed by `Db.rows`, which maps values once (pipeline/warehouse/values.ts).

/**
 * DuckDB's memory limit when none is given. Its own default (80% of RAM) let the 1M-lead set peak
 * at 2.8 GiB RSS; with 1 GB it peaks at 1.7 GiB in the same 48 s, and larger inputs spill to the
 * temporary folder beside the warehouse instead of failing.
 */
export const DEFAULT_MEMORY_LIMIT = '1GB';

/**
 * Why a `--memory-limit` text is not one DuckDB takes, in a sentence; null when it is. DuckDB
 * itself only says "Failed to set config".
 */
export function memoryLimitProblem(text: string): string | null {
  const match = /^(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)$/i.exec(text.trim());
  if (!match) return `--memory-limit must be an amount such as 1GB, 512MB or 2GiB, not "${text}".`;
  const [, amount, unit] = match;
  const power = 'bkmgt'.indexOf(unit!.toLowerCase()[0]!);
  const bytes = Number(amount) * (unit!.toLowerCase().includes('i') ? 1024 : 1000) ** power;
  if (bytes < 100e6) return `--memory-limit ${text} is too small for DuckDB to run the pipeline; give it at least 100MB.`;
  return null;
}

/** Settings that bound DuckDB's resources; exposed on the CLI. */
export interface DbOptions {
  threads?: number;
  memoryLimit?: string;
  /** Open the file read-only (openWarehouse): no write, no lock a writer would wait on. */
  readOnly?: boolean;
  /** Receives every statement with its wall time; the benchmark's profile. */
  onStatement?: (sql: string, ms: number) => void;
}

/** Query parameters: positional `$1…` values. Pass instants as ISO strings, never JS Dates. */
export type Params = DuckDBValue[];

/** A DuckDB connection with the few verbs the pipeline needs; results come back in JSON form (BIGINT → string). */
export class Db {
  private readonly instance: DuckDBInstance;
  readonly connection: DuckDBConnection;
  private readonly onStatement: ((sql: string, ms: number) => void) | undefined;

  private constructor(instance: DuckDBInstance, connection: DuckDBConnection, onStatement?: (sql: string, ms: number) => void) {
    this.instance = instance;
    this.connection = connection;
    this.onStatement = onStatement;
  }

  /** Opens (or creates) a database file, or `:memory:`, with UTC as the session time zone. */
  static async open(path: string, options: DbOptions = {}): Promise<Db> {
    const config: Record<string, string> = {};
    if (options.threads) config.threads = String(options.threads);
    config.memory_limit = options.memoryLimit ?? DEFAULT_MEMORY_LIMIT;
    if (options.readOnly) config.access_mode = 'READ_ONLY';
    // Hand freed memory back as the work goes: by default DuckDB flushes its allocator after a
    // task only when the task's allocations peaked above 128 MiB, and has no background thread to
    // do it. With both, the large set's peak RSS was 1,375–1,474 MiB against 1,445–1,795 without.
    config.allocator_background_threads = 'true';
    config.allocator_flush_threshold = '16MB';
    const instance = await DuckDBInstance.create(path, config);
    const connection = await instance.connect();
    // Every instant in the warehouse is a naive TIMESTAMP holding UTC; the session must agree.
    await connection.run("SET TimeZone = 'UTC'");
    // A read-only file takes no new macro; the session's own (temporary) one serves the same.
    await connection.run(options.readOnly ? LOCAL_TO_UTC_MACRO.replace('CREATE OR REPLACE MACRO', 'CREATE OR REPLACE TEMP MACRO') : LOCAL_TO_UTC_MACRO);
    return new Db(instance, connection, options.onStatement);
  }

  /** Runs statements that return nothing worth reading. */
  async run(sql: string, params?: Params): Promise<void> {
    const started = this.onStatement ? performance.now() : 0;
    await this.connection.run(sql, params);
    this.onStatement?.(sql, performance.now() - started);
  }

  /** Runs a query and returns its rows as plain objects (JSON forms: BIGINT and DECIMAL as strings). */
  async all<T = Record<string, unknown>>(sql: string | Compilable<unknown>, params?: Params): Promise<T[]> {
    const { text, values } = typeof sql === 'string' ? { text: sql, values: params } : compile(sql);
    const started = this.onStatement ? performance.now() : 0;
    const reader = await this.connection.runAndReadAll(text, values);
    const rows = reader.getRowObjectsJson() as T[];
    this.onStatement?.(text, performance.now() - started);
    return rows;
  }

  /** The query builder of the warehouse's tables and views; `rows` executes what it builds. */
  get query(): Kysely<Database> {
    return WAREHOUSE;
  }

  /**
   * Runs a Kysely query and returns its rows typed as the query says, each value mapped once by
   * `plainValue`: BIGINT and DECIMAL → number, TIMESTAMP → UTC ISO string, DATE → yyyy-mm-dd.
   */
  async rows<O>(query: Compilable<O>): Promise<O[]> {
    const { text, values } = compile(query);
    const started = this.onStatement ? performance.now() : 0;
    const reader = await this.connection.runAndReadAll(text, values);
    const rows = reader.getRowObjects().map((row) => {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(row)) out[key] = plainValue(value);
      return out as O;
    });
    this.onStatement?.(text, performance.now() - started);
    return rows;
  }

  /** Runs a query expected to return exactly one row. */
  async one<T = Record<string, unknown>>(sql: string | Compilable<unknown>, params?: Params): Promise<T> {
    const rows = await this.all<T>(sql, params);
    if (rows.length !== 1) throw new Error(`expected one row, got ${rows.length}`);
    return rows[0]!;
  }

  /**
   * Writes everything into the database file and empties the WAL. DuckDB also checkpoints on close
   * but swallows its errors there (a full disk left a file with no tables), so runs call this first.
   */
  async checkpoint(): Promise<void> {
    await this.run('CHECKPOINT');
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** A Kysely instance that builds SQL text but never connects: `db.all(query)` executes it. */
export function queryBuilder<DB>(): Kysely<DB> {
  return new Kysely<DB>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
}

const WAREHOUSE = queryBuilder<Database>();

function compile(query: Compilable<unknown>): { text: string; values: Params } {
  const compiled = query.compile();
  return { text: compiled.sql, values: compiled.parameters as Params };
}

/** Quotes an identifier for DuckDB (`"my col"`). */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes a string literal for DuckDB (`'O''Brien'`). */
export function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A UTC ISO instant (`2026-10-20T13:00:00Z`) as a SQL TIMESTAMP literal. */
export function timestampLiteral(iso: string): string {
  return `${literal(iso.replace('T', ' ').replace('Z', ''))}::TIMESTAMP`;
}
