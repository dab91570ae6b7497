import { existsSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { CANONICAL_KINDS, type Contract, type InputKind } from '../contract/schema.ts';
import { literal, type Db } from '../db.ts';
import { UserError } from '../errors.ts';
import type { ColumnReport, InputStats } from '../schemas/snapshot.ts';
import type { Logger } from '../steps.ts';
import { stageAppended } from './append.ts';
import { columnReport } from './column-report.ts';
import { conversionHeaders } from './conversion-columns.ts';
import { KIND_COLUMNS } from './columns.ts';
import { PRESETS } from './presets/index.ts';
import { linkByName } from './link-by-name.ts';
import { readRaw, UnreadableFileError, type RawFile } from './read-raw.ts';
import { CODE_VERSION, fileSha256, fileSha256WithPrefix, PreviousStaging, sameSettings, recordStaging, stagedTableNames, stagingKey, type ReadFacts, type StagedFacts } from './reuse.ts';
import { finishStats, stageInput, type StageOptions } from './stage.ts';

/** The result of loading every input: stats per kind (SPEC `run.json`) and the files read. */
export interface Ingested {
  stats: Partial<Record<InputKind, InputStats>>;
  files: Partial<Record<InputKind, ReadFacts>>;
  /** Per input, what was read: for run.json and the run summary. */
  columns: Partial<Record<InputKind, ColumnReport>>;
  /** Every input was unchanged since the previous run and its tables reused (and none is gone): the model built from them still holds. */
  allReused: boolean;
  /** The inputs extended by the lines appended to their files since the previous run (append.ts), in input order. */
  grown: InputKind[];
  /**
   * Every input was reused or only grew, and none is new or gone: the previous run's model still
   * holds for every lead the grown inputs' new (or replaced) rows do not name.
   */
  reusedOrGrown: boolean;
}

/** Options of ingest beyond staging's. */
export interface IngestOptions extends StageOptions {
  /** Read input files that resolve outside the input folder (`--allow-outside-input`); by default that stops the run. */
  allowOutsideInput?: boolean;
  /**
   * The warehouse started as a copy of the previous run's: inputs staged there from the same file
   * and settings keep their tables instead of being read again. Without it every file is read.
   */
  reusePrevious?: boolean;
  /** The version recorded with each staged input (default: CODE_VERSION); a staging from another version is not reused. */
  toolVersion?: string;
}

/** An input path the run must not or cannot read: outside `--input`, or declared in sla.yaml and missing. */
export class InputPathError extends UserError {
  override name = 'InputPathError';
}

/**
 * The file of an input kind in the input folder: the contract's `mapping.files.<kind>.path`, else
 * the canonical name, else the first present of the preset's usual names (`contacts.csv`).
 */
export function inputPath(inputDir: string, kind: InputKind, contract: Contract): string {
  const declared = contract.mapping.files[kind]?.path;
  // An absolute path is taken as written (join would silently read it inside the folder); confineToInput judges it.
  if (declared !== undefined) return isAbsolute(declared) ? declared : join(inputDir, declared);
  const canonical = join(inputDir, KIND_COLUMNS[kind].file);
  const usual = (PRESETS[contract.mapping.preset].files[kind]?.paths ?? []).map((name) => join(inputDir, name));
  return [canonical, ...usual].find((path) => existsSync(path)) ?? canonical;
}

/**
 * Loads every input present in `inputDir` into `stg_*` and `rejects_*` tables (and `raw_leads` when
 * the briefs read conversion columns from it).
 * `leads` must exist; the others are optional. Orphans (rows pointing at a lead that is not in
 * `stg_leads`) are loaded and counted.
 */
export async function ingest(db: Db, logger: Logger, inputDir: string, contract: Contract, options: IngestOptions = {}): Promise<Ingested> {
  const stats: Ingested['stats'] = {};
  const files: Ingested['files'] = {};
  const columns: Ingested['columns'] = {};
  const toolVersion = options.toolVersion ?? CODE_VERSION;
  const previous = await PreviousStaging.open(db, options.reusePrevious ?? false);
  let leadsSha256: string | null = null;
  const staged: Array<{ kind: InputKind; key: string; facts: StagedFacts; tables: string[] }> = [];
  for (const kind of CANONICAL_KINDS) {
    const path = inputPath(inputDir, kind, contract);
    const declared = contract.mapping.files[kind]?.path;
    if (declared !== undefined && !existsSync(path)) {
      throw new InputPathError(
        `sla.yaml sets mapping.files.${kind}.path to "${declared}", but there is no file at ${path}. ` +
          `Put the ${kind} export there, correct the path in sla.yaml (it is read relative to --input, ${inputDir}), ` +
          `or remove the setting if there is no ${kind} export.`,
      );
    }
    if (existsSync(path) && !options.allowOutsideInput) confineToInput(inputDir, path, kind, declared);
    if (!existsSync(path)) {
      if (kind === 'leads') {
        const names = [KIND_COLUMNS.leads.file, ...(PRESETS[contract.mapping.preset].files.leads?.paths ?? [])].join(', ');
        throw new UnreadableFileError(path, `not found. The input folder must hold the leads export (${names}, or the file named in mapping.files.leads.path).`);
      }
      continue;
    }
    const started = performance.now();
    // A file is hashed up front only when the previous run staged its kind: otherwise the read
    // hashes it anyway. A file larger than it was is hashed with its old length's prefix too.
    const before = previous.entry(kind);
    const grown = before !== null && statSync(path).size > before.facts.file.bytes ? await fileSha256WithPrefix(path, before.facts.file.bytes) : null;
    const known = before === null ? null : (grown?.sha256 ?? (await fileSha256(path)));
    const keyOf = (sha256: string) => stagingKey(kind, sha256, contract, toolVersion, leadsSha256);
    const found = known === null ? null : previous.find(kind, keyOf(known), options.now);
    let facts: StagedFacts;
    let tables: string[];
    let appended: number | null = null;
    const extended =
      found === null && grown !== null && before !== null && sameSettings(before.key, keyOf(grown.sha256))
        ? await stageAppended(db, kind, path, grown, before.facts, contract, options)
        : null;
    if (found !== null) {
      previous.reused.add(kind);
      ({ facts, tables } = found);
      facts = { ...facts, file: { ...facts.file, path }, stats: { ...facts.stats, path } };
    } else if (extended !== null) {
      facts = extended;
      tables = stagedTableNames(kind, false);
      appended = extended.file.rowsRead - before!.facts.file.rowsRead;
      previous.grown.add(kind);
    } else {
      const raw = await readRaw(db, `_read_${kind}`, path, { encoding: contract.mapping.encoding, delimiter: contract.mapping.delimiter });
      try {
        ({ facts, tables } = await stageRead(db, kind, raw, contract, options));
      } finally {
        await raw.dispose(db);
      }
    }
    const { file } = facts;
    if (kind === 'leads') leadsSha256 = file.sha256;
    staged.push({ kind, key: keyOf(file.sha256), facts, tables });
    previous.claim(kind, tables);
    files[kind] = file;
    stats[kind] = structuredClone(facts.stats);
    columns[kind] = facts.columns;
    tellStaged(logger, kind, facts, contract);
    logger.info(
      `ingest ${kind}: ${file.rowsRead} read, ${facts.stats.rows_loaded} loaded, ${facts.stats.rows_quarantined} quarantined` +
        `${facts.stats.duplicates ? `, ${facts.stats.duplicates} duplicates` : ''} (${file.encoding}, "${file.delimiter === '\t' ? '\\t' : file.delimiter}")` +
        `${found === null ? '' : ', unchanged since the last run: its staged tables were reused'}` +
        `${appended === null ? '' : `, grown since the last run: only its ${appended} new rows were read`} ${seconds(started)}`,
    );
  }
  await previous.finish(db);
  for (const { kind, key, facts, tables } of staged) {
    const s = stats[kind]!;
    if (KIND_COLUMNS[kind].leadRef) {
      // Orphans depend on this input and the leads: when neither changed, last run's count holds.
      const unchanged = previous.reused.has(kind) && previous.reused.has('leads');
      const orphans = unchanged
        ? facts.stats.orphans
        : (
            await db.one<{ orphans: number }>(
              `SELECT count(*)::INTEGER AS orphans FROM stg_${kind} x
               WHERE x.lead_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM stg_leads l WHERE l.lead_id = x.lead_id)`,
            )
          ).orphans;
      s.orphans = orphans;
      if (orphans > 0) logger.info(`ingest ${kind}: ${orphans} orphan rows (their lead is not in leads), kept`);
    }
    await recordStaging(db, kind, key, { ...facts, stats: { ...facts.stats, orphans: s.orphans } }, tables);
  }
  return { stats, files, columns, allReused: previous.allReused, grown: CANONICAL_KINDS.filter((k) => previous.grown.has(k)), reusedOrGrown: previous.reusedOrGrown };
}

/**
 * Stops the run when an input file resolves (symbolic links followed) outside the input folder:
 * a contract could otherwise name any file the run can read (`../../etc/passwd`) and have its
 * lines copied into rejects/.
 */
function confineToInput(inputDir: string, path: string, kind: InputKind, declared: string | undefined): void {
  const folder = realpathSync(inputDir);
  const file = realpathSync(path);
  const inside = relative(folder, file);
  if (!isAbsolute(inside) && inside.split(sep)[0] !== '..') return;
  const what = declared === undefined ? `The ${kind} file ${path} (a symbolic link)` : `sla.yaml sets mapping.files.${kind}.path to "${declared}", which`;
  throw new InputPathError(
    `${what} resolves to ${file}, outside the input folder ${folder}. handoff reads inputs only from --input: ` +
      'move or copy the file into that folder (and name it relative to it), or, if reading it from there is intended, run again with --allow-outside-input.',
  );
}

/** What to tell about a file that is not valid UTF-8 throughout but holds valid UTF-8 characters, or null. */
function mixedEncodingWarning(raw: ReadFacts): string | null {
  const evidence = raw.utf8Evidence;
  if (evidence === null || evidence.multiByte === 0) return null;
  const bytes = `${evidence.invalid} ${evidence.invalid === 1 ? 'byte is' : 'bytes are'} not valid UTF-8 and ${evidence.multiByte} ${evidence.multiByte === 1 ? 'accented letter or symbol is' : 'accented letters or symbols are'}`;
  if (raw.encoding === 'utf-8') {
    return (
      `${raw.path}: ${bytes}, so it is read as UTF-8; ` +
      `${raw.rowsWithInvalidBytes === 1 ? 'the row holding those bytes is' : `the ${raw.rowsWithInvalidBytes} rows holding those bytes are`} quarantined, ` +
      'each reason naming its column. Fix those bytes in the export.'
    );
  }
  return `${raw.path}: ${bytes}, so it is read as Windows-1252. If names look wrong (Ã© for é), the file mixes two encodings: export it again in one.`;
}

/** Stages one file read by readRaw into stg_/rejects_ (and raw_leads when kept): what it found, and the tables it left. */
async function stageRead(db: Db, kind: InputKind, raw: RawFile, contract: Contract, options: IngestOptions): Promise<{ facts: StagedFacts; tables: string[] }> {
  // The rows as read are kept only where the briefs read them (a lead export summarising conversions).
  const keepRaw = kind === 'leads' && conversionHeaders(contract) !== null;
  if (keepRaw) {
    await db.run(`CREATE OR REPLACE TABLE raw_${kind} AS ${raw.rows()}`);
    await db.run(
      `COMMENT ON TABLE raw_${kind} IS ${literal(`${KIND_COLUMNS[kind].file} as read, all text: one row per data row, _line where it starts (header = 1), _problem a structural defect.`)}`,
    );
  }
  const staged = await stageInput(db, kind, raw, contract, options);
  const stats: InputStats = {
    path: raw.path,
    rows_read: raw.rowsRead,
    rows_loaded: staged.rowsLoaded,
    rows_quarantined: staged.rowsQuarantined,
    duplicates: staged.duplicates,
    orphans: 0,
    reasons: staged.reasons,
  };
  await finishStats(db, kind, stats);
  // linkByName reads the rows as read, so it runs before they are dropped.
  const links = await linkByName(db, kind, raw, contract);
  if (links.rows > 0) stats.linked_by_name = links.rows;
  const { rows: _rows, dispose: _dispose, table: _table, ...file } = raw;
  const facts: StagedFacts = {
    file,
    stats,
    columns: columnReport(kind, raw.header, contract, raw.path),
    linkedBy: links.headers,
    stagedAt: options.now?.toISOString() ?? '',
    futureRows: staged.futureRows,
    reading: staged.reading,
  };
  return { facts, tables: stagedTableNames(kind, keepRaw) };
}

/** What a staged input (read now or reused) tells the person running: how it was read, what is missing, what was linked. */
function tellStaged(logger: Logger, kind: InputKind, facts: StagedFacts, contract: Contract): void {
  const mixed = mixedEncodingWarning(facts.file);
  if (mixed !== null) logger.warn(mixed);
  const report = facts.columns;
  if (report.missing.length > 0) {
    logger.info(`ingest ${kind}: the ${contract.mapping.preset} preset also reads ${report.missing.join(', ')}, not in this file`);
  }
  for (const l of report.lookalikes ?? []) {
    logger.warn(`ingest ${kind}: "${l.header}" looks like ${l.column} but is not read; map it under mapping.files.${kind}.columns.${l.column} if it is`);
  }
  const { without_created_at: withoutCreatedAt, linked_by_name: linked } = facts.stats;
  if (withoutCreatedAt !== undefined) {
    logger.warn(`ingest deals: ${withoutCreatedAt} deals have no creation date; they count as won or lost by their close date but open no opportunity`);
  }
  if (linked !== undefined) {
    logger.warn(
      `ingest ${kind}: ${linked} rows had no person id and were linked to their lead by name and organisation (${facts.linkedBy.join(' + ')}), ` +
        'a last resort: check them, or export the person id column',
    );
  }
}

function seconds(started: number): string {
  return `${((performance.now() - started) / 1000).toFixed(2)} s`;
}
