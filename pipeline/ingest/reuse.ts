import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Contract, InputKind } from '../contract/schema.ts';
import { ident, literal, type Db } from '../db.ts';
import type { ColumnReport, InputStats } from '../schemas/snapshot.ts';
import { fileChunks } from './file-chunks.ts';
import { PRESETS } from './presets/index.ts';
import type { RawFile } from './read-raw.ts';
import type { ValueReading } from './stage.ts';
import { TOOL_VERSION } from '../version.ts';

// The warehouse of the last good run is the cache of staged inputs: a run starts from a copy of
// it, and an input whose file and resolved mapping hash as they did then keeps its tables instead
// of being read and typed again, so a cron run pays only for the files that changed. The key is everything staging reads:
// the file's bytes, the contract settings that shape its columns and values, the tool version
// (the code that types them), and for a file linked to leads by name, the leads file too.

/** What reading a file found, without the rows: what run.json, the manifest and the rejects file need. */
export type ReadFacts = Omit<RawFile, 'rows' | 'dispose' | 'table'>;

/** What staging one input left in the warehouse besides its tables, kept so a later run can reuse them. */
export interface StagedFacts {
  file: ReadFacts;
  /** Stats as staged; `orphans` as last counted (counted again unless this input and the leads were both reused). */
  stats: InputStats;
  columns: ColumnReport;
  /** The headers a name link read (for the warning), empty when none. */
  linkedBy: string[];
  /** The clock of the run that staged it ('' without one): a later clock may move a row out of "in the future". */
  stagedAt: string;
  /** Rows quarantined as being in the future: with any, the staging holds only for that clock. */
  futureRows: number;
  /** How the values were read (day order, decimal separator) and on what evidence; absent in facts of older versions. */
  reading?: ValueReading;
}

const FACTS_TABLE = 'ingest_inputs';

/**
 * The version staged tables and the model are keyed with: the tool's version and a hash of the
 * pipeline's source files where they are present, so editing the code between two runs (the
 * version unchanged) does not reuse tables the old code made.
 */
export const CODE_VERSION: string = (() => {
  const dir = fileURLToPath(new URL('..', import.meta.url));
  let files: string[];
  try {
    files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => /\.(ts|sql)$/.test(f)).sort();
  } catch {
    return TOOL_VERSION;
  }
  const hash = createHash('sha256');
  for (const f of files) hash.update(f).update('\0').update(readFileSync(`${dir}/${f}`)).update('\0');
  return `${TOOL_VERSION}+${hash.digest('hex').slice(0, 16)}`;
})();

/** The sha256 of a file's bytes. */
export async function fileSha256(path: string): Promise<string> {
  return (await fileSha256WithPrefix(path, 0)).sha256;
}

/** A file's sha256 and what its first `n` bytes were: their sha256, their line breaks, their last byte. */
export interface GrownFile {
  sha256: string;
  prefixSha256: string;
  prefixLineBreaks: number;
  /** The byte at n - 1 (a line break when the earlier file ended with a whole line). */
  prefixLastByte: number;
}

/**
 * The sha256 of a file and of its first `n` bytes, in one read: whether a file only grew since
 * the last run (its old bytes unchanged, new lines after them) costs no more than hashing it.
 */
export async function fileSha256WithPrefix(path: string, n: number): Promise<GrownFile> {
  const hash = createHash('sha256');
  let position = 0;
  let prefixSha256 = '';
  let prefixLineBreaks = 0;
  let prefixLastByte = -1;
  for (const chunk of fileChunks(path)) {
    const inPrefix = Math.max(0, Math.min(chunk.length, n - position));
    if (inPrefix > 0) {
      const part = chunk.subarray(0, inPrefix);
      for (let i = part.indexOf(10); i !== -1; i = part.indexOf(10, i + 1)) prefixLineBreaks++;
      hash.update(part);
      if (position + inPrefix === n) {
        prefixSha256 = hash.copy().digest('hex');
        prefixLastByte = part[inPrefix - 1]!;
      }
      hash.update(chunk.subarray(inPrefix));
    } else {
      hash.update(chunk);
    }
    position += chunk.length;
  }
  return { sha256: hash.digest('hex'), prefixSha256, prefixLineBreaks, prefixLastByte };
}

/** Whether two staging keys were made with the same settings (whatever their files' bytes). */
export function sameSettings(key: string, other: string): boolean {
  return key.slice(key.indexOf(':')) === other.slice(other.indexOf(':'));
}

/**
 * The reuse key of one input: its file's sha256 and the sha256 of everything else its staging
 * reads. `leadsSha256` is the leads file's, for a kind the preset links to leads by name.
 */
export function stagingKey(kind: InputKind, fileSha256: string, contract: Contract, toolVersion: string, leadsSha256: string | null): string {
  const { files, ...settings } = contract.mapping;
  const resolved = {
    kind,
    settings,
    file: files[kind] ?? null,
    timezone: contract.timezone,
    // The language decides the decimal separator of a file without evidence either way.
    locale: contract.locale,
    toolVersion,
    leads: PRESETS[contract.mapping.preset].files[kind]?.linkByName === undefined ? null : leadsSha256,
  };
  const mapping = createHash('sha256').update(JSON.stringify(resolved)).digest('hex');
  return `${fileSha256}:${mapping}`;
}

/** A staged input of the previous run whose key matches: its facts and its tables. */
interface Found {
  facts: StagedFacts;
  tables: string[];
}

/**
 * The previous run's staged inputs, in a warehouse that started as a copy of the previous run's:
 * a reused input's tables are already in place and cost nothing; the others are staged over them.
 * A warehouse without the facts table (a fresh one, or from an older version) offers nothing.
 */
export class PreviousStaging {
  private readonly claimed = new Set<string>();
  private readonly staged = new Set<InputKind>();

  private readonly entries: Map<InputKind, { key: string; facts: StagedFacts; tables: string[] }>;

  private constructor(entries: Map<InputKind, { key: string; facts: StagedFacts; tables: string[] }>) {
    this.entries = entries;
  }

  static async open(db: Db, reuse: boolean): Promise<PreviousStaging> {
    const entries = new Map<InputKind, { key: string; facts: StagedFacts; tables: string[] }>();
    const found = await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary AND table_name = '${FACTS_TABLE}'`);
    if (found.n > 0) {
      const rows = await db.all<{ kind: InputKind; key: string; facts: string; tables: string[] }>(`SELECT kind, key, facts::VARCHAR AS facts, tables FROM ${FACTS_TABLE} ORDER BY kind`);
      // Without reuse the previous tables are still dropped at the end, so none outlives its input.
      for (const r of rows) entries.set(r.kind, { key: reuse ? r.key : '', facts: JSON.parse(r.facts) as StagedFacts, tables: r.tables });
    }
    return new PreviousStaging(entries);
  }

  /** What the previous run staged for this kind (null without reuse or without such a staging). */
  entry(kind: InputKind): { key: string; facts: StagedFacts } | null {
    const entry = this.entries.get(kind);
    return entry === undefined || entry.key === '' ? null : { key: entry.key, facts: entry.facts };
  }

  /**
   * The previous staging of `kind` when its key is `key` and the clock allows it: staging judges
   * timestamps against the run's clock, so a staging that quarantined a row as being in the future
   * holds only for its own clock, and one made without a clock only for a run without one.
   */
  find(kind: InputKind, key: string, now: Date | undefined): Found | null {
    const entry = this.entries.get(kind);
    if (entry === undefined || entry.key === '' || entry.key !== key) return null;
    const { stagedAt, futureRows } = entry.facts;
    if (now === undefined ? stagedAt !== '' : stagedAt === '' || futureRows > 0 || now.toISOString() < stagedAt) return null;
    return { facts: entry.facts, tables: entry.tables };
  }

  /** Notes the tables an input of this run owns (staged now or reused). */
  claim(kind: InputKind, tables: string[]): void {
    this.staged.add(kind);
    for (const t of tables) this.claimed.add(t);
  }

  /** Whether every input of this run was reused and no input of the previous run is gone. */
  get allReused(): boolean {
    return this.reusedOrGrown && this.grown.size === 0;
  }

  /** Whether every input of this run was reused or only grew (append.ts), and no input of the previous run is gone. */
  get reusedOrGrown(): boolean {
    return this.staged.size === this.entries.size && [...this.staged].every((k) => this.reused.has(k) || this.grown.has(k));
  }

  readonly reused = new Set<InputKind>();
  /** The inputs whose previous staging was extended by appended lines. */
  readonly grown = new Set<InputKind>();

  /** Drops what the previous run staged and this one did not claim (an input no longer present, raw_leads no longer kept). */
  async finish(db: Db): Promise<void> {
    for (const [kind, entry] of this.entries) {
      for (const table of entry.tables) if (!this.claimed.has(table)) await db.run(`DROP TABLE IF EXISTS ${ident(table)}`);
      if (!this.staged.has(kind)) await db.run(`DELETE FROM ${FACTS_TABLE} WHERE kind = $1`, [kind]);
    }
  }
}

/** Records how an input was staged, so the next run can reuse its tables. */
export async function recordStaging(db: Db, kind: InputKind, key: string, facts: StagedFacts, tables: string[]): Promise<void> {
  await db.run(`CREATE TABLE IF NOT EXISTS ${FACTS_TABLE} (kind VARCHAR, key VARCHAR, facts JSON, tables VARCHAR[])`);
  await db.run(
    `COMMENT ON TABLE ${FACTS_TABLE} IS ${literal('One row per input staged: the sha256 of its file and settings (key) and what staging found, so the next run can reuse its tables (run with --full to read every file again).')}`,
  );
  await db.run(`DELETE FROM ${FACTS_TABLE} WHERE kind = $1`, [kind]);
  await db.run(`INSERT INTO ${FACTS_TABLE} VALUES ($1, $2, $3::JSON, ${`[${tables.map(literal).join(', ')}]`})`, [kind, key, JSON.stringify(facts)]);
}

/** The tables staging leaves for an input: stg_, rejects_, and raw_leads where it is kept. */
export function stagedTableNames(kind: InputKind, keptRaw: boolean): string[] {
  return [`stg_${kind}`, `rejects_${kind}`, ...(keptRaw ? [`raw_${kind}`] : [])];
}

/**
 * Starts a run's warehouse as a copy of the previous run's, when there is one; returns whether it
 * did. A file copy costs a fraction of writing its tables again, and unchanged inputs' tables
 * then need no work at all.
 */
export function startFromPrevious(previous: string, warehouse: string): boolean {
  if (!existsSync(previous)) return false;
  copyFileSync(previous, warehouse);
  if (existsSync(`${previous}.wal`)) copyFileSync(`${previous}.wal`, `${warehouse}.wal`);
  return true;
}
