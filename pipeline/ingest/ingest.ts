import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CANONICAL_KINDS, type Contract, type InputKind } from '../contract/schema.ts';
import type { Db } from '../db.ts';
import type { InputStats } from '../schemas/snapshot.ts';
import type { Logger } from '../steps.ts';
import { KIND_COLUMNS } from './columns.ts';
import { PRESETS } from './presets/index.ts';
import { readRaw, UnreadableFileError, type RawFile } from './read-raw.ts';
import { stageInput, type StageOptions } from './stage.ts';

/** The result of loading every input: stats per kind (SPEC `run.json`) and the files read. */
export interface Ingested {
  stats: Partial<Record<InputKind, InputStats>>;
  files: Partial<Record<InputKind, RawFile>>;
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
    const mixed = mixedEncodingWarning(raw);
    if (mixed !== null) logger.warn(mixed);
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
  return { stats, files };
}

/** What to tell about a file that is not valid UTF-8 throughout but holds valid UTF-8 characters, or null. */
function mixedEncodingWarning(raw: RawFile): string | null {
  const evidence = raw.utf8Evidence;
  if (evidence === null || evidence.multiByte === 0) return null;
  const bytes = `${evidence.invalid} ${evidence.invalid === 1 ? 'byte is' : 'bytes are'} not valid UTF-8 and ${evidence.multiByte} accented letters or symbols are`;
  if (raw.encoding === 'utf-8') {
    return (
      `${raw.path}: ${bytes}, so it is read as UTF-8; ` +
      `${raw.rowsWithInvalidBytes === 1 ? 'the row holding those bytes is' : `the ${raw.rowsWithInvalidBytes} rows holding those bytes are`} quarantined, ` +
      'each reason naming its column. Fix those bytes in the export.'
    );
  }
  return `${raw.path}: ${bytes}, so it is read as Windows-1252. If names look wrong (Ã© for é), the file mixes two encodings: export it again in one.`;
}

function seconds(started: number): string {
  return `${((performance.now() - started) / 1000).toFixed(2)} s`;
}
