import type { Compilable, Kysely } from 'kysely';
import { Db } from '../db.ts';
import type { Database } from './database.ts';

export type { Database } from './database.ts';

// For analysts' own TypeScript: the warehouse a run wrote, typed. README "Querying the warehouse
// from TypeScript".

/** A warehouse opened read-only: `query` builds typed SQL, `run` executes it, `close` lets the file go. */
export interface Warehouse {
  query: Kysely<Database>;
  /** Rows of a query built with `query`, values mapped as pipeline/warehouse/values.ts says (counts as numbers, instants as UTC ISO strings). */
  run<O>(query: Compilable<O>): Promise<O[]>;
  close(): void;
}

/** Opens `path` (e.g. data/warehouse.duckdb) read-only, so a pipeline run can still replace it afterwards. */
export async function openWarehouse(path: string): Promise<Warehouse> {
  const db = await Db.open(path, { readOnly: true });
  return { query: db.query, run: (query) => db.rows(query), close: () => db.close() };
}
