import { closeSync, fstatSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Contract, InputKind } from '../contract/schema.ts';
import { ident, type Db } from '../db.ts';
import { UserError } from '../errors.ts';
import type { InputStats } from '../schemas/snapshot.ts';
import { KIND_COLUMNS } from './columns.ts';
import { PRESETS } from './presets/index.ts';
import { dataStart, readRaw } from './read-raw.ts';
import type { GrownFile, StagedFacts } from './reuse.ts';
import { finishStats, stageInput, type StageOptions } from './stage.ts';

// An export polled by cron often only grows: the same rows, then new ones. When the previous
// run's bytes are exactly the start of the file, only the lines after them are read, typed and
// checked, and added to the staged tables, so the run pays for the new rows and not for the
// millions before them. Everything else (an edited or reordered row, another encoding, a leads
// file, a record the old bytes left open) reads the whole file again, as a first run would.
//
// What comes out is what reading the whole file gives: the appended lines keep their physical
// line numbers, a later row of an id replaces the earlier one (last row wins), the day order and
// decimal separator are decided on the whole file's evidence, and the counts add up.

/**
 * Whether the previous staging of `kind` can be extended by appended lines. Leads are always read
 * whole (their extra columns become attributes whose keys the model reads), and so is a kind the
 * preset links to leads by name (the link reads the rows as read).
 */
function appendable(kind: InputKind, facts: StagedFacts, contract: Contract, now: Date | undefined): boolean {
  const { file, reading, stagedAt, futureRows } = facts;
  if (kind === 'leads' || PRESETS[contract.mapping.preset].files[kind]?.linkByName !== undefined || reading === undefined) return false;
  // Only a file read line by line in SQL ended every line with a whole record: a record left
  // open at the old end would run on into the new lines.
  if (file.encoding !== 'utf-8' || file.utf8Evidence !== null || file.rowsWithInvalidBytes > 0 || file.loadPath !== 'sql-lines') return false;
  // As for reuse: a row judged in the future holds only for that clock; a later clock is no earlier.
  return now === undefined ? stagedAt === '' : stagedAt !== '' && futureRows === 0 && now.toISOString() >= stagedAt;
}

/** Bytes [0, head) and [from, end of file) of `path` written to `to`. */
function writeHeadAndTail(path: string, head: number, from: number, to: string): void {
  const input = openSync(path, 'r');
  const output = openSync(to, 'w');
  try {
    const buffer = Buffer.alloc(4 << 20);
    const copy = (start: number, end: number) => {
      for (let at = start; at < end; ) {
        const read = readSync(input, buffer, 0, Math.min(buffer.length, end - at), at);
        if (read === 0) break;
        writeSync(output, buffer, 0, read);
        at += read;
      }
    };
    copy(0, head);
    copy(from, fstatSync(input).size);
  } finally {
    closeSync(input);
    closeSync(output);
  }
}

/** Two lists of published reasons as one, in the order staging gives them (most rows first, then by text). */
function addReasons(a: InputStats['reasons'], b: InputStats['reasons']): InputStats['reasons'] {
  const rows = new Map<string, number>();
  for (const r of [...a, ...b]) rows.set(r.reason, (rows.get(r.reason) ?? 0) + r.rows);
  // DuckDB orders text by its UTF-8 bytes.
  return [...rows].map(([reason, n]) => ({ reason, rows: n })).sort((x, y) => y.rows - x.rows || Buffer.compare(Buffer.from(x.reason), Buffer.from(y.reason)));
}

/** The temporary table of the leads named by the rows an append added or replaced (one row per lead_id), for the model's update. */
export const appendedLeadsTable = (kind: InputKind) => `appended_leads_${kind}`;

/**
 * Stages only the lines appended to `path` since the previous run staged `previous` (whose
 * tables are in `db`), when the file only grew and nothing else forbids it; returns the facts of
 * the whole file, or null when the file must be read whole.
 */
export async function stageAppended(
  db: Db,
  kind: InputKind,
  path: string,
  grown: GrownFile,
  previous: StagedFacts,
  contract: Contract,
  options: StageOptions,
): Promise<StagedFacts | null> {
  const before = previous.file;
  if (!appendable(kind, previous, contract, options.now)) return null;
  if (grown.prefixSha256 !== before.sha256 || grown.prefixLastByte !== 10) return null;
  const start = dataStart(path, before.delimiter);
  if (start === null) return null;
  const head = start.byte;
  const scratch = mkdtempSync(join(tmpdir(), 'handoff-appended-'));
  const tailPath = join(scratch, KIND_COLUMNS[kind].file);
  const stg = `stg_${kind}_appended`;
  const rejects = `rejects_${kind}_appended`;
  try {
    writeHeadAndTail(path, head, before.bytes, tailPath);
    // A problem a person must fix is left to the whole file's read, which names the real file.
    const raw = await readRaw(db, `_read_${kind}_appended`, tailPath, { encoding: 'auto', delimiter: before.delimiter }).catch((error: unknown) => {
      if (error instanceof UserError) return null;
      throw error;
    });
    if (raw === null) return null;
    try {
      // The appended lines must read as the old ones did: same header, UTF-8 throughout.
      const same =
        raw.encoding === 'utf-8' &&
        raw.utf8Evidence === null &&
        raw.rowsWithInvalidBytes === 0 &&
        raw.headerLine === before.headerLine &&
        JSON.stringify(raw.headerAsFound) === JSON.stringify(before.headerAsFound);
      if (!same) return null;
      let staged;
      try {
        staged = await stageInput(db, kind, raw, contract, { now: options.now, evidenceBefore: previous.reading!.evidence, tables: { stg, rejects } });
      } catch (error) {
        // Mixed date forms across old and new lines: reading the whole file says so, naming it.
        if (error instanceof UserError) return null;
        throw error;
      }
      // New evidence that changes how the old lines were read (a first day above 12) means reading them again.
      if (staged.reading.dayFirst !== previous.reading!.dayFirst || staged.reading.decimal !== previous.reading!.decimal) return null;

      // The appended file repeats the lines before the data, then the new lines: its line
      // start.line is the whole file's line after the old bytes' last line break.
      const offset = grown.prefixLineBreaks + 1 - start.line;
      const id = KIND_COLUMNS[kind].id;
      if (KIND_COLUMNS[kind].leadRef) {
        // The leads whose rows changed: the new rows' and those of the rows they replace (an id
        // can move to another lead). Only their handoffs can differ from the previous model's.
        const replacedRows = id === null ? '' : ` UNION ALL SELECT lead_id FROM stg_${kind} WHERE ${ident(id)} IN (SELECT ${ident(id)} FROM ${stg})`;
        await db.run(
          `CREATE OR REPLACE TEMP TABLE ${appendedLeadsTable(kind)} AS SELECT DISTINCT lead_id FROM (SELECT lead_id FROM ${stg}${replacedRows}) WHERE lead_id IS NOT NULL ORDER BY lead_id`,
        );
      }
      let replaced = 0;
      if (id !== null) {
        const deleted = await db.all<{ Count: string | number }>(`DELETE FROM stg_${kind} WHERE ${ident(id)} IN (SELECT ${ident(id)} FROM ${stg})`);
        replaced = Number(deleted[0]?.Count ?? 0);
      }
      await db.run(`INSERT INTO stg_${kind} BY NAME SELECT * REPLACE (source_line + ${offset} AS source_line) FROM ${stg} ORDER BY source_line`);
      await db.run(`INSERT INTO rejects_${kind} BY NAME SELECT * REPLACE (line + ${offset} AS line) FROM ${rejects} ORDER BY line`);

      const stats: InputStats = {
        ...previous.stats,
        path,
        rows_read: previous.stats.rows_read + raw.rowsRead,
        rows_loaded: previous.stats.rows_loaded + staged.rowsLoaded,
        rows_quarantined: previous.stats.rows_quarantined + staged.rowsQuarantined,
        duplicates: previous.stats.duplicates + staged.duplicates + replaced,
        reasons: addReasons(previous.stats.reasons, staged.reasons),
      };
      await finishStats(db, kind, stats);
      return {
        ...previous,
        file: {
          ...before,
          path,
          sha256: grown.sha256,
          bytes: before.bytes + raw.bytes - head,
          rowsRead: before.rowsRead + raw.rowsRead,
          loadPath: raw.loadPath === 'sql-lines' ? 'sql-lines' : 'mixed',
        },
        stats,
        stagedAt: options.now?.toISOString() ?? '',
        futureRows: staged.futureRows,
        reading: staged.reading,
      };
    } finally {
      await raw.dispose(db);
    }
  } finally {
    for (const table of [stg, rejects]) await db.run(`DROP TABLE IF EXISTS ${table}`);
    rmSync(scratch, { recursive: true, force: true });
  }
}
