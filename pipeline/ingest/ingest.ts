import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CANONICAL_KINDS, type Contract, type InputKind } from '../contract/schema.ts';
import type { Db } from '../db.ts';
import type { ColumnReport, InputStats } from '../schemas/snapshot.ts';
import type { Logger } from '../steps.ts';
import { columnReport } from './column-report.ts';
import { KIND_COLUMNS } from './columns.ts';
import { PRESETS } from './presets/index.ts';
import { linkByName } from './link-by-name.ts';
import { readRaw, UnreadableFileError, type RawFile } from './read-raw.ts';
import { stageInput, type StageOptions } from './stage.ts';

/** The result of loading every input: stats per kind (SPEC `run.json`) and the files read. */
export interface Ingested {
  stats: Partial<Record<InputKind, InputStats>>;
  files: Partial<Record<InputKind, RawFile>>;
  /** Per input, what was read: for run.json and the run summary. */
  columns: Partial<Record<InputKind, ColumnReport>>;
}

/**
 * The file of an input kind in the input folder: the contract's `mapping.files.<kind>.path`, else
 * the canonical name, else the first present of the preset's usual names (`contacts.csv`).
 */
export function inputPath(inputDir: string, kind: InputKind, contract: Contract): string {
  const declared = contract.mapping.files[kind]?.path;
  if (declared !== undefined) return join(inputDir, declared);
  const canonical = join(inputDir, KIND_COLUMNS[kind].file);
  const usual = (PRESETS[contract.mapping.preset].files[kind]?.paths ?? []).map((name) => join(inputDir, name));
  return [canonical, ...usual].find((path) => existsSync(path)) ?? canonical;
}

/**
 * Loads every input present in `inputDir` into `raw_*`, `stg_*` and `rejects_*` tables.
 * `leads` must exist; the others are optional. Orphans (rows pointing at a lead that is not in
 * `stg_leads`) are loaded and counted.
 */
export async function ingest(db: Db, logger: Logger, inputDir: string, contract: Contract, options: StageOptions = {}): Promise<Ingested> {
  const stats: Ingested['stats'] = {};
  const files: Ingested['files'] = {};
  const columns: Ingested['columns'] = {};
  for (const kind of CANONICAL_KINDS) {
    const path = inputPath(inputDir, kind, contract);
    if (!existsSync(path)) {
      if (kind === 'leads') {
        const names = [KIND_COLUMNS.leads.file, ...(PRESETS[contract.mapping.preset].files.leads?.paths ?? [])].join(', ');
        throw new UnreadableFileError(path, `not found. The input folder must hold the leads export (${names}, or the file named in mapping.files.leads.path).`);
      }
      continue;
    }
    const started = performance.now();
    const raw = await readRaw(db, `raw_${kind}`, path, { encoding: contract.mapping.encoding, delimiter: contract.mapping.delimiter });
    const staged = await stageInput(db, kind, raw, contract, options);
    files[kind] = raw;
    stats[kind] = {
      path,
      rows_read: raw.rowsRead,
      rows_loaded: staged.rowsLoaded,
      rows_quarantined: staged.rowsQuarantined,
      duplicates: staged.duplicates,
      orphans: 0,
      reasons: staged.reasons,
    };
    const report = columnReport(kind, raw.header, contract, raw.path);
    columns[kind] = report;
    if (report.missing.length > 0) {
      logger.info(`ingest ${kind}: the ${contract.mapping.preset} preset also reads ${report.missing.join(', ')}, not in this file`);
    }
    for (const l of report.lookalikes ?? []) {
      logger.warn(`ingest ${kind}: "${l.header}" looks like ${l.column} but is not read; map it under mapping.files.${kind}.columns.${l.column} if it is`);
    }
    if (kind === 'deals') {
      const row = await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM stg_deals WHERE created_at IS NULL`);
      if (row.n > 0) {
        stats[kind].without_created_at = row.n;
        logger.warn(`ingest deals: ${row.n} deals have no creation date; they count as won or lost by their close date but open no opportunity`);
      }
    }
    const links = await linkByName(db, kind, raw, contract);
    if (links.rows > 0) {
      stats[kind].linked_by_name = links.rows;
      logger.warn(
        `ingest ${kind}: ${links.rows} rows had no person id and were linked to their lead by name and organisation (${links.headers.join(' + ')}), ` +
          'a last resort: check them, or export the person id column',
      );
    }
    if (raw.rowsRead !== staged.rowsLoaded + staged.rowsQuarantined) {
      throw new Error(`conservation broken for ${kind}: read ${raw.rowsRead}, loaded ${staged.rowsLoaded}, quarantined ${staged.rowsQuarantined}`);
    }
    logger.info(
      `ingest ${kind}: ${raw.rowsRead} read, ${staged.rowsLoaded} loaded, ${staged.rowsQuarantined} quarantined` +
        `${staged.duplicates ? `, ${staged.duplicates} duplicates` : ''} (${raw.encoding}, "${raw.delimiter === '\t' ? '\\t' : raw.delimiter}") ${seconds(started)}`,
    );
  }
  for (const kind of CANONICAL_KINDS) {
    const s = stats[kind];
    if (!s || !KIND_COLUMNS[kind].leadRef) continue;
    const row = await db.one<{ orphans: number }>(
      `SELECT count(*)::INTEGER AS orphans FROM stg_${kind} x
       WHERE x.lead_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM stg_leads l WHERE l.lead_id = x.lead_id)`,
    );
    s.orphans = row.orphans;
    if (row.orphans > 0) logger.info(`ingest ${kind}: ${row.orphans} orphan rows (their lead is not in leads), kept`);
  }
  return { stats, files, columns };
}

function seconds(started: number): string {
  return `${((performance.now() - started) / 1000).toFixed(2)} s`;
}
