import { createHash } from 'node:crypto';
import { closeSync, createReadStream, mkdtempSync, openSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../db.ts';
import { ident, literal } from '../db.ts';
import { UserError } from '../errors.ts';
import { fileChunks } from './file-chunks.ts';
import { CsvRecordReader, lineBreaksIn, MAX_RECORD_CHARS, RecordTooLongError, type CsvRecord } from './csv-records.ts';
import { byteName, encodingOnEvidence, escapedBytesIn, streamDecoder, Utf8Tally, withoutEscapedBytes, type Encoding, type Utf8Evidence } from './decode.ts';
import { sniffDelimiter, type Delimiter } from './sniff.ts';

// How a CSV export becomes rows as read: one VARCHAR column per header name as found, plus `_line`
// (the physical line where the row starts, header = 1, embedded newlines counted) and `_problem`
// (a structural defect: wrong field count, unterminated quote). Nothing is typed or dropped here,
// and nothing is written to the warehouse: the rows are a temporary view (or, on the JS path, a
// temporary table) that staging reads once, typing and checking as it goes.
//
// Two paths, chosen per file by what a scan of its bytes finds (measured on 1M activity rows,
// 72 MB, 2 cores): DuckDB's own bulk read_csv of the typed columns takes 0.39 s, but it cannot say
// on which physical line a row starts, silently drops fields beyond the header in non-strict mode,
// and swallows the rest of the file into an unterminated quote, so it cannot enforce "nothing is
// lost". We read the file instead as *lines* with read_csv (0.19 s) and split them into fields in
// SQL (0.46 s): exact line numbers and field counts, still vectorised. That only works for lines
// that are whole records. A record spanning lines (a quoted value with a line break) is rare in
// real exports, so its lines are found in SQL, only those records are parsed in JS from their
// byte offsets, and the two parts are merged by line ("mixed"): one multi-line note in 1M leads
// used to send the whole file down the JS path (20 s instead of 4 s). Files SQL cannot read as
// lines at all (Windows-1252, a lone CR as line end, more than 10,000 multi-line records, a line over 64 MB)
// are parsed in JS by CsvRecordReader (1M rows in 0.41 s) and written as a normalised CSV that
// read_csv loads strictly (1.66 s + 0.56 s for 1M rows). Appending the same rows one value at a
// time through DuckDB's Appender took 15 s.

/** What reading one source file into its raw table produced. */
export interface RawFile {
  table: string;
  path: string;
  sha256: string;
  bytes: number;
  encoding: Encoding;
  delimiter: Delimiter;
  /** Header names as found (trimmed, made unique), in file order; the raw table's columns are these. */
  header: string[];
  /** Header names as found (trimmed), before being made unique: `LEAD_ID` next to `lead_id`, where `header` has `LEAD_ID (2)`. */
  headerAsFound: string[];
  headerLine: number;
  /** Data rows read (header and blank lines excluded); every one is in the raw table. */
  rowsRead: number;
  /** Which loading path was taken, for the run summary and the benchmark ('mixed': lines in SQL, multi-line records in JS). */
  loadPath: 'sql-lines' | 'mixed' | 'js-records';
  /** For a file that is not valid UTF-8 throughout, what decided its encoding; null otherwise. */
  utf8Evidence: Utf8Evidence | null;
  /** Rows marked because a value holds bytes that are not valid UTF-8 (a UTF-8 file with a few stray bytes). */
  rowsWithInvalidBytes: number;
  /**
   * Whether a value may start or end with a space separator (Unicode Zs, what DuckDB's trim
   * removes). When false, trimming would change no value, and staging leaves it out.
   */
  padded: boolean;
  /**
   * SQL of the rows as read (`_line`, `_problem`, one VARCHAR per header name), narrowed by a
   * filter where given. Reading `table` gives the same rows; the filter lets a caller that wants a
   * few lines (rejects, rows without a lead) skip splitting the others.
   */
  rows: (filter?: RowFilter) => string;
  /** Drops the session's temporary objects behind `table`; the rows are gone afterwards. */
  dispose: (db: Db) => Promise<void>;
}

/**
 * Narrows the rows as read. `lines`: a subquery of the line numbers wanted. `text`: a condition
 * on a line's text `l` that every wanted row's line meets (a prefilter: rows not read by lines
 * ignore it, so it must not be the only test).
 */
export interface RowFilter {
  lines?: string;
  text?: (l: string) => string;
}

/** Settings of the reader, from the contract's `mapping`. */
export interface ReadOptions {
  encoding: 'auto' | 'utf-8' | 'windows-1252' | 'latin1';
  delimiter: 'auto' | Delimiter;
  /** Forces the exact JS path; tests use it to check that both paths read a file the same way. */
  exact?: boolean;
  /** Limits of the readers (defaults in DEFAULT_LIMITS); tests shrink them to reach the fallbacks and the refusal. */
  limits?: Partial<ReadLimits>;
}

/** A source file that cannot be read at all; the run stops before writing anything. */
export class UnreadableFileError extends UserError {
  readonly file: string;

  constructor(file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.file = file;
    this.name = 'UnreadableFileError';
  }
}

/** Byte-level facts about a file, gathered in one streaming pass. */
interface FileScan {
  sha256: string;
  bytes: number;
  validUtf8: boolean;
  hasQuote: boolean;
  /** 0x01 is our line reader's field separator; a file containing it takes the JS path. */
  hasSoh: boolean;
  /** A CR not followed by LF ends a line for us, but read_csv would drop the character after it. */
  hasLoneCr: boolean;
  /** A NUL byte: UTF-16 or a binary file; only UTF-16 with its byte-order mark is read. */
  hasNul: boolean;
  /** The UTF-16 byte-order mark the file starts with, if any. */
  utf16: 'utf-16le' | 'utf-16be' | null;
  /**
   * A physical line at least as long as the SQL path's line buffer. read_csv must not see it: a
   * last line over twice its buffer is dropped without an error (2 of 3 rows read).
   */
  hasLongLine: boolean;
}

const CHUNK = 4 << 20;
/** How much of the first megabyte is parsed at a time while looking for the header record. */
const HEADER_SLICE = 64 * 1024;
const EMPTY = 'is empty: it has no header row. Export the file again with its column names on the first line.';

async function scanFile(path: string, lineLimit: number): Promise<FileScan> {
  const hash = createHash('sha256');
  let bytes = 0;
  let validUtf8 = true;
  let hasQuote = false;
  let hasSoh = false;
  let hasLoneCr = false;
  let hasNul = false;
  let crAtEnd = false;
  let hasLongLine = false;
  let utf16: FileScan['utf16'] = null;
  // Offset of the last LF seen: the next one must come within lineLimit bytes of it, so one
  // lastIndexOf per lineLimit bytes decides, not one call per line.
  let lastLf = -1;
  // UTF-8 is checked up to the last whole character of each chunk; the at most 3 bytes of a
  // character cut by the chunk's end are carried into the next. (Carrying from the last newline
  // copied a 200 MB line again with every chunk.)
  let carry: Buffer = Buffer.alloc(0);
  for (const chunk of fileChunks(path)) {
    hash.update(chunk);
    if (bytes === 0 && chunk.length >= 2) utf16 = chunk[0] === 0xff && chunk[1] === 0xfe ? 'utf-16le' : chunk[0] === 0xfe && chunk[1] === 0xff ? 'utf-16be' : null;
    const base = bytes;
    bytes += chunk.length;
    while (!hasLongLine) {
      const due = lastLf + lineLimit;
      if (due >= bytes) break;
      const at = chunk.lastIndexOf(0x0a, due - base);
      if (at === -1 || base + at <= lastLf) hasLongLine = true;
      else lastLf = base + at;
    }
    const lastInChunk = chunk.lastIndexOf(0x0a);
    if (lastInChunk !== -1) lastLf = Math.max(lastLf, base + lastInChunk);
    if (!hasQuote && chunk.indexOf(0x22) !== -1) hasQuote = true;
    if (!hasSoh && chunk.indexOf(0x01) !== -1) hasSoh = true;
    if (!hasNul && chunk.indexOf(0x00) !== -1) hasNul = true;
    if (!hasLoneCr) {
      if (crAtEnd && chunk[0] !== 0x0a) hasLoneCr = true;
      // One indexOf per CR: a CRLF file costs one call per line, a LF file none.
      for (let at = chunk.indexOf(0x0d); at !== -1 && !hasLoneCr; at = chunk.indexOf(0x0d, at + 1)) {
        if (at + 1 < chunk.length && chunk[at + 1] !== 0x0a) hasLoneCr = true;
      }
      crAtEnd = chunk[chunk.length - 1] === 0x0d;
    }
    if (validUtf8) {
      const joined = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      const cut = wholeCharacters(joined);
      if (!isUtf8(joined.subarray(0, cut))) validUtf8 = false;
      carry = Buffer.from(joined.subarray(cut));
    }
  }
  if (validUtf8 && carry.length > 0 && !isUtf8(carry)) validUtf8 = false;
  if (crAtEnd) hasLoneCr = true;
  if (bytes - lastLf - 1 >= lineLimit) hasLongLine = true;
  return { sha256: hash.digest('hex'), bytes, validUtf8, hasQuote, hasSoh, hasLoneCr, hasNul, hasLongLine, utf16 };
}

/** The length of the bytes' longest prefix that does not end inside a UTF-8 character. */
function wholeCharacters(bytes: Buffer): number {
  let lead = bytes.length - 1;
  while (lead >= 0 && bytes.length - lead <= 3 && (bytes[lead]! & 0xc0) === 0x80) lead -= 1;
  if (lead < 0) return bytes.length;
  const b = bytes[lead]!;
  const size = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
  return bytes.length - lead < size ? lead : bytes.length;
}

/** The UTF-8 evidence of a whole file (a second pass, made only for files that are not valid UTF-8). */
async function tallyUtf8(path: string): Promise<Utf8Evidence> {
  const tally = new Utf8Tally();
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK }) as AsyncIterable<Buffer>) tally.write(chunk);
  return tally.end();
}

/** The first record of the file (the header) and where data starts, from its first megabyte. */
function readHeader(
  path: string,
  encoding: Encoding,
  delimiterSetting: ReadOptions['delimiter'],
  escapeInvalid: boolean,
): { header: string[]; headerAsFound: string[]; headerLine: number; dataLine: number; delimiter: Delimiter } {
  const fd = openSync(path, 'r');
  const head = Buffer.alloc(1 << 20);
  const read = readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  // The first megabyte may end inside a character: the streaming decoder keeps that tail back.
  const text = streamDecoder(encoding, { escapeInvalid }).write(head.subarray(0, read));
  const delimiter = delimiterSetting === 'auto' ? sniffDelimiter(text) : delimiterSetting;
  // Only the first record is wanted: fed a slice at a time, the rest of the megabyte is not parsed
  // (parsing all of it was 25–35 ms a file, 0.1 s of each run on the sample).
  const reader = new CsvRecordReader(delimiter);
  let first: CsvRecord | undefined;
  for (let at = 0; first === undefined && at < text.length; at += HEADER_SLICE) first = reader.feed(text.slice(at, at + HEADER_SLICE))[0];
  if (first === undefined && read < head.length) first = reader.end()[0];
  if (!first) throw new UnreadableFileError(path, EMPTY);
  const stray = first.fields.findIndex((f) => escapedBytesIn(f).length > 0);
  if (stray !== -1) {
    throw new UnreadableFileError(
      path,
      `the name of column ${stray + 1} in the header (line ${first.line}) holds the byte ${byteName(escapedBytesIn(first.fields[stray]!)[0]!)}, ` +
        'which is not valid UTF-8 in a file that is otherwise UTF-8. Fix the column name in the export.',
    );
  }
  const headerAsFound = first.fields.map((f) => f.trim());
  return { header: uniqueNames(headerAsFound), headerAsFound, headerLine: first.line, dataLine: first.line + lineBreaksIn(first) + 1, delimiter };
}

/**
 * Where a UTF-8 file's data starts, as a line and a byte: just after its header (and any line
 * before it), so those bytes can head a file of its appended lines (ingest/append.ts). Null when
 * the header runs past the first megabyte.
 */
export function dataStart(path: string, delimiter: Delimiter): { byte: number; line: number } | null {
  const { dataLine } = readHeader(path, 'utf-8', delimiter, false);
  const fd = openSync(path, 'r');
  const head = Buffer.alloc(1 << 20);
  const read = readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  let at = 0;
  for (let line = 1; line < dataLine; line++) {
    const lf = head.indexOf(10, at);
    if (lf === -1 || lf >= read) return null;
    at = lf + 1;
  }
  return { byte: at, line: dataLine };
}

/**
 * Reads a CSV file into `raw_<kind>` (see the header comment for the two paths). Rows are stored
 * in file order (DuckDB keeps insertion order), so no sort is needed. Throws
 * UnreadableFileError for a missing, empty or header-less file.
 */
export async function readRaw(db: Db, table: string, path: string, options: ReadOptions): Promise<RawFile> {
  let stat;
  try {
    stat = statSync(path);
  } catch (error) {
    throw new UnreadableFileError(path, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if (stat.isDirectory()) throw new UnreadableFileError(path, 'is a folder, not a CSV file');
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const scan = await scanFile(path, limits.lineBuffer);
  if (scan.bytes === 0) throw new UnreadableFileError(path, EMPTY);
  if (scan.hasNul && scan.utf16 === null) {
    throw new UnreadableFileError(
      path,
      'contains NUL bytes but no UTF-16 byte-order mark: it is UTF-16 without one, or not a text file. Export it again as CSV in UTF-8 or Windows-1252.',
    );
  }
  const declared1252 = options.encoding === 'windows-1252' || options.encoding === 'latin1';
  // A byte-order mark is unambiguous, whatever mapping.encoding says; UTF-16 takes the JS path.
  const utf8Evidence = scan.utf16 !== null || scan.validUtf8 || declared1252 ? null : await tallyUtf8(path);
  const encoding: Encoding =
    scan.utf16 ?? (declared1252 ? 'windows-1252' : utf8Evidence === null ? 'utf-8' : encodingOnEvidence(utf8Evidence));
  if (options.encoding === 'utf-8' && scan.utf16 === null && encoding !== 'utf-8') {
    throw new UnreadableFileError(
      path,
      `is not UTF-8 although mapping.encoding says utf-8: ${utf8Evidence!.invalid} bytes are not valid UTF-8 and only ${utf8Evidence!.multiByte} characters are. ` +
        'Set mapping.encoding to windows-1252 or auto.',
    );
  }
  // A UTF-8 file with a few stray bytes: the rows holding them are marked, the rest read as UTF-8.
  const escapeInvalid = encoding === 'utf-8' && !scan.validUtf8;

  const { header, headerAsFound, headerLine, dataLine, delimiter } = readHeader(path, encoding, options.delimiter, escapeInvalid);
  if (header.every((h, i) => h === `column_${i + 1}`)) throw new UnreadableFileError(path, EMPTY);
  await dropTemporary(db, table);
  const base = { table, path, sha256: scan.sha256, bytes: scan.bytes, encoding, delimiter, header, headerAsFound, headerLine, utf8Evidence };
  try {
    if (encoding === 'utf-8' && scan.validUtf8 && !scan.hasSoh && !scan.hasLoneCr && !scan.hasLongLine && !options.exact) {
      const read = await readBySqlLines(db, table, path, header, dataLine, delimiter, scan.hasQuote, limits);
      if (read !== null) {
        const { jsRecords, ...rows } = read;
        return { ...base, ...rows, loadPath: jsRecords > 0 ? 'mixed' : 'sql-lines', rowsWithInvalidBytes: 0 };
      }
    }
    const read = await readByJsRecords(db, table, path, header, headerLine, encoding, delimiter, limits.maxRecordChars, escapeInvalid);
    return {
      ...base,
      rowsRead: read.rows,
      loadPath: 'js-records',
      rowsWithInvalidBytes: read.rowsWithInvalidBytes,
      // Not looked for: the JS path reads files SQL cannot (Windows-1252, lone CRs), rarely large.
      padded: true,
      rows: (filter) => `SELECT * FROM ${ident(table)}${filter?.lines === undefined ? '' : ` WHERE _line IN (${filter.lines})`}`,
      dispose: (db) => db.run(`DROP TABLE IF EXISTS ${ident(table)}`),
    };
  } catch (error) {
    if (!(error instanceof RecordTooLongError)) throw error;
    throw new UnreadableFileError(
      path,
      `the record starting on line ${error.line} is longer than ${error.limit.toLocaleString('en-US')} characters, more than handoff reads as one row. ` +
        'Usually a quote that is never closed makes the rest of the file one value: fix that quote; otherwise remove or shorten the oversized value in the export.',
    );
  }
}

/** Drops a temporary view or table of that name left by an earlier read in the session (each path makes a different one). */
async function dropTemporary(db: Db, name: string): Promise<void> {
  const found = await db.all<{ type: string }>(
    `SELECT 'VIEW' AS type FROM duckdb_views() WHERE temporary AND view_name = $1
     UNION ALL SELECT 'TABLE' FROM duckdb_tables() WHERE temporary AND table_name = $1 ORDER BY type`,
    [name],
  );
  for (const { type } of found) await db.run(`DROP ${type} ${ident(name)}`);
}

function columnsSql(header: readonly string[]): string {
  return header.map((h) => `${ident(h)} VARCHAR`).join(', ');
}

/** `f[1] AS "a", …`, with fields beyond the header joined into the last column so a reject shows them. */
function fieldColumnsSql(header: readonly string[], list: string, delimiter: string): string {
  const width = header.length;
  return header
    .map((h, i) =>
      i === width - 1
        ? `CASE WHEN len(${list}) > ${width} THEN array_to_string(${list}[${width}:], ${literal(delimiter)}) ELSE ${list}[${width}] END AS ${ident(h)}`
        : `${list}[${i + 1}] AS ${ident(h)}`,
    )
    .join(', ');
}

function problemSql(list: string, width: number): string {
  return `CASE WHEN len(${list}) <> ${width} THEN 'the row has ' || len(${list}) || CASE WHEN len(${list}) = 1 THEN ' field' ELSE ' fields' END || ' where the header has ${width}' END`;
}

/** Sizes at which a reader hands a file on, or refuses it. */
export interface ReadLimits {
  /** More records spanning lines than this, and the whole file is parsed in JS: it is as fast then. */
  maxJsRecords: number;
  /** The SQL path reads only files whose physical lines are all shorter than this (bytes); others go to JS. */
  lineBuffer: number;
  /** A record longer than this (characters) stops the run: see MAX_RECORD_CHARS. */
  maxRecordChars: number;
}

const DEFAULT_LIMITS: ReadLimits = { maxJsRecords: 10_000, lineBuffer: 64 << 20, maxRecordChars: MAX_RECORD_CHARS };

/**
 * read_csv's line limit. Its buffer is sized from it (16× by default: a 256 MB limit asked for a
 * 4 GiB block and failed under a 1 GB memory_limit), so the buffer is set to the same size.
 */
function lineSizeSql(bytes: number): string {
  return `max_line_size = ${bytes}, buffer_size = ${bytes}`;
}

/**
 * The fast path: physical lines via read_csv into a temporary table, and `table` a temporary view
 * that splits them into fields in SQL, so the split runs inside whatever reads the rows (staging
 * types and checks them in the same pass) and the rows as read are never written. Records that
 * span lines are parsed in JS from their byte offsets and merged in by line. Returns null (and
 * leaves nothing behind) when there are too many of those. Files with a lone CR never come here
 * (the byte scan routes them to the JS path), so every line ends at a LF.
 */
async function readBySqlLines(
  db: Db,
  table: string,
  path: string,
  header: string[],
  dataLine: number,
  delimiter: Delimiter,
  hasQuote: boolean,
  limits: ReadLimits,
): Promise<{ rowsRead: number; jsRecords: number; padded: boolean; rows: RawFile['rows']; dispose: RawFile['dispose'] } | null> {
  const lines = ident(`_lines_${table}`);
  const jsRows = ident(`_js_rows_${table}`);
  // The JS reader's records, as one session variable: a list read by index keeps the rows in
  // file order, where a join with their table would not.
  const jsVariable = `_js_records_${table}`;
  const dispose = async (db: Db) => {
    await db.run(`DROP VIEW IF EXISTS ${ident(table)}`);
    for (const t of [jsRows, lines]) await db.run(`DROP TABLE IF EXISTS ${t}`);
    await db.run(`RESET VARIABLE ${ident(jsVariable)}`);
  };
  // new_line '\r\n' makes read_csv end lines at LF or CRLF; 0x01 never occurs (checked by the scan).
  // A physical line longer than the line buffer is no export we know; the JS path reads it instead.
  try {
    await db.run(`CREATE OR REPLACE TEMP TABLE ${lines} AS
      SELECT l FROM read_csv(${literal(path)}, columns = {'l': 'VARCHAR'}, delim = '\\x01', quote = '', escape = '', header = false,
        auto_detect = false, new_line = '\\r\\n', strict_mode = false, ${lineSizeSql(limits.lineBuffer)})`);
  } catch (error) {
    // Running out of memory is no property of the file: the caller says to raise the limit.
    if (/Out of Memory/.test(String(error))) throw error;
    await dispose(db);
    return null;
  }
  const d = delimiter;
  const reD = d === '|' ? '\\|' : d === '\t' ? '\\t' : d;
  // A field is a quoted run (with "" escapes, any text after its closing quote kept, as
  // spreadsheets do) or an unquoted run; each match starts with the delimiter we prefix. The
  // closing quote is the first one not followed by another, as in CsvRecordReader; RE2 has no
  // lookahead, so the kept text must start with something else than a quote.
  const quoted = `"(?:[^"]|"")*"(?:[^"${reD}][^${reD}]*)?`;
  const fieldRe = `${reD}(${quoted}|[^${reD}]*)`;
  // A line is a whole record only if it parses as fields from end to end: a quoted field that does
  // not close on it (an odd quote count, or `a,b"c,"d` where a stray quote evens the count) makes
  // a record run on into the next lines. Such lines start (or end) a record the JS reader parses.
  const field = `(?:${quoted}|[^"${reD}][^${reD}]*|)`;
  const recordRe = `^${field}(?:${reD}${field})*$`;
  const open = hasQuote
    ? await db.all<{ line: number }>(
        `SELECT (rowid + 1)::INTEGER AS line FROM ${lines}
         WHERE rowid + 1 >= ${dataLine} AND contains(l, '"') AND NOT regexp_full_match(l, ${literal(recordRe)})
         ORDER BY line LIMIT ${limits.maxJsRecords + 1}`,
      )
    : [];
  if (open.length > limits.maxJsRecords) {
    await dispose(db);
    return null;
  }
  const unquote = `x -> CASE WHEN starts_with(x, '"') AND regexp_matches(x, '^"(?:[^"]|"")*"')
      THEN replace(regexp_extract(x, '^"((?:[^"]|"")*)"', 1), '""', '"') || regexp_extract(x, '^"(?:[^"]|"")*"(.*)$', 1)
      ELSE x END`;
  const split = hasQuote
    ? `CASE WHEN contains(l, '"') THEN list_transform(regexp_extract_all(${literal(d)} || l, ${literal(fieldRe)}, 1), ${unquote}) ELSE string_split(l, ${literal(d)}) END`
    : `string_split(l, ${literal(d)})`;
  const kept = `rowid + 1 >= ${dataLine} AND l IS NOT NULL AND l <> ''`;
  const byLine = (filter: RowFilter | undefined) =>
    [kept, filter?.text?.('l'), filter?.lines === undefined ? undefined : `(rowid + 1)::INTEGER IN (${filter.lines})`]
      .filter((x) => x !== undefined && x !== '')
      .join(' AND ');
  const fromLines = (filter: RowFilter | undefined) =>
    `SELECT _line, ${problemSql('f', header.length)} AS _problem, ${fieldColumnsSql(header, 'f', d)}
     FROM (SELECT (rowid + 1)::INTEGER AS _line, ${split} AS f FROM ${lines} WHERE ${byLine(filter)})`;
  let rows: RawFile['rows'];
  let jsRecords = 0;
  let paddedRecord = false;
  if (open.length === 0) {
    rows = fromLines;
  } else {
    const spans = recordsAtLines(path, open.map((o) => o.line), delimiter, limits.maxRecordChars);
    jsRecords = spans.length;
    const writer = new NormalisedRows(header, delimiter);
    try {
      for (const span of spans) writer.add(span.record);
      paddedRecord = spans.some((x) => x.record.fields.some((f) => PADDED.test(f)));
      await writer.load(db, `_js_rows_${table}`, { temp: true });
    } finally {
      writer.dispose();
    }
    // A multi-line record's first line becomes 0x01 and the record's index in the variable; the
    // lines it runs on to become NULL, which no row is read from. Merging by a UNION and a sort
    // instead cost 3.6 s of 10.3 s for 1M leads, and 400 MiB more at the peak (an in-place UPDATE
    // keeps every rowid, so every other line keeps its number).
    await db.run(`SET VARIABLE ${ident(jsVariable)} = (SELECT list({'problem': _problem, 'fields': [${header.map(ident).join(', ')}]} ORDER BY _line) FROM ${jsRows})`);
    await db.run(`UPDATE ${lines} SET l = chr(1) || s.k
      FROM (SELECT _line, row_number() OVER (ORDER BY _line) AS k FROM ${jsRows}) s WHERE ${lines}.rowid + 1 = s._line`);
    await db.run(`UPDATE ${lines} SET l = NULL
      FROM (SELECT unnest(range(first + 1, last + 1)) AS _line FROM (VALUES ${spans.map((x) => `(${x.record.line}, ${x.lastLine})`).join(', ')}) t(first, last)) s
      WHERE ${lines}.rowid + 1 = s._line`);
    const record = `getvariable(${literal(jsVariable)})[_js]`;
    const fromJs = `CASE WHEN starts_with(l, chr(1)) THEN substr(l, 2)::INTEGER END`;
    // A text prefilter is for lines split here; a record's own text is not on its line any more.
    const orRecord = (filter: RowFilter | undefined): RowFilter | undefined => {
      const text = filter?.text;
      return text === undefined ? filter : { ...filter, text: (l) => `(${text(l)} OR starts_with(${l}, chr(1)))` };
    };
    rows = (filter) =>
      `SELECT _line, CASE WHEN _js IS NULL THEN ${problemSql('f', header.length)} ELSE ${record}.problem END AS _problem, ${fieldColumnsSql(header, 'f', d)}
     FROM (SELECT _line, _js, CASE WHEN _js IS NULL THEN ${split} ELSE ${record}.fields END AS f
       FROM (SELECT (rowid + 1)::INTEGER AS _line, l, ${fromJs} AS _js FROM ${lines} WHERE ${byLine(orRecord(filter))}))`;
  }
  // A value starts or ends with a space separator only where one touches a delimiter, a quote or
  // the line's end. Plain substring tests find the ASCII space; the regex runs only on lines with
  // other characters than ASCII, which a CASE makes sure of (an AND ran it on every line: 10M
  // activity lines took 2.1 s instead of 0.6 s, against 2.6 s for trimming their 7 fields).
  const zs = `(^|[${reD}"])\\p{Zs}|\\p{Zs}([${reD}"]|$)`;
  // A line with quotes is split and its values looked at: ", " inside a quoted company name
  // would otherwise make every lead's values trimmed (4% of the large set's lead lines).
  const quotedLine = hasQuote ? `WHEN contains(l, '"') THEN list_bool_or(list_transform(${split}, x -> x <> trim(x)))` : '';
  const spaced = [`' ' || ${literal(d)}`, `${literal(d)} || ' '`, `'" '`, `' "'`].map((x) => `contains(l, ${x})`);
  const facts = await db.one<{ n: number; padded: boolean }>(
    `SELECT count(*)::INTEGER AS n,
       coalesce(bool_or(CASE ${quotedLine} WHEN ${spaced.join(' OR ')} OR starts_with(l, ' ') OR ends_with(l, ' ') THEN true
         WHEN strlen(l) <> length(l) THEN regexp_matches(l, ${literal(zs)}) ELSE false END), false) AS padded
     FROM ${lines} WHERE ${kept}`,
  );
  const rowsRead = facts.n;
  const padded = facts.padded || paddedRecord;
  await db.run(`CREATE OR REPLACE TEMP VIEW ${ident(table)} AS ${rows()}`);
  return { rowsRead, jsRecords, padded, rows, dispose };
}

/** A value that starts or ends with a space separator, as DuckDB's trim sees it (Unicode Zs). */
const PADDED = /^\p{Zs}|\p{Zs}$/u;

/** A record parsed in JS and the last physical line it covers. */
interface RecordSpan {
  record: CsvRecord;
  lastLine: number;
}

/**
 * Parses the records that start at the given lines (sorted, 1-based) of a UTF-8 file whose lines
 * all end at a LF. A listed line inside a record parsed before it is part of that record, not the
 * start of another. One pass finds the byte offset of each line; each record is then read from
 * its offset until it ends, so the file is read about once whatever the count.
 */
function recordsAtLines(path: string, lines: number[], delimiter: Delimiter, maxRecordChars: number): RecordSpan[] {
  const fd = openSync(path, 'r');
  try {
    const offsets = lineOffsets(fd, lines);
    const spans: RecordSpan[] = [];
    let covered = 0;
    for (const line of lines) {
      if (line <= covered) continue;
      let record: CsvRecord;
      try {
        record = readRecordAt(fd, offsets.get(line)!, delimiter, maxRecordChars);
      } catch (error) {
        // The reader counts lines from the record's start.
        throw error instanceof RecordTooLongError ? new RecordTooLongError(line + error.line - 1, error.limit) : error;
      }
      record.line = line;
      covered = line + lineBreaksIn(record);
      spans.push({ record, lastLine: covered });
    }
    return spans;
  } finally {
    closeSync(fd);
  }
}

/** Byte offsets where the given lines (sorted) start: line n starts after the (n−1)th LF. */
function lineOffsets(fd: number, lines: number[]): Map<number, number> {
  const offsets = new Map<number, number>();
  const buffer = Buffer.alloc(CHUNK);
  let next = 0;
  let line = 1;
  let base = 0;
  while (next < lines.length && lines[next] === 1) offsets.set(lines[next++]!, 0);
  for (;;) {
    if (next >= lines.length) break;
    const read = readSync(fd, buffer, 0, buffer.length, base);
    if (read === 0) break;
    for (let at = buffer.indexOf(0x0a); at !== -1 && at < read; at = buffer.indexOf(0x0a, at + 1)) {
      line += 1;
      while (next < lines.length && lines[next] === line) offsets.set(lines[next++]!, base + at + 1);
      if (next >= lines.length) break;
    }
    base += read;
  }
  if (next < lines.length) throw new Error(`line ${lines[next]} not found`);
  return offsets;
}

/** The record starting at a byte offset; the line there holds a quote, so it is never blank. */
function readRecordAt(fd: number, offset: number, delimiter: Delimiter, maxRecordChars: number): CsvRecord {
  const reader = new CsvRecordReader(delimiter, { maxRecordChars });
  const decoder = streamDecoder('utf-8', { fileStart: false });
  const buffer = Buffer.alloc(1 << 16);
  for (let position = offset; ; ) {
    const read = readSync(fd, buffer, 0, buffer.length, position);
    const records = read === 0 ? [...reader.feed(decoder.end()), ...reader.end()] : reader.feed(decoder.write(buffer.subarray(0, read)));
    position += read;
    if (records.length > 0 || read === 0) {
      const first = records[0];
      if (first?.line !== 1) throw new Error(`no record at byte ${offset}: ${first ? `first one on relative line ${first.line}` : 'none'}`);
      return first;
    }
  }
}

/** read_csv's buffer for the normalised rows when every line is short. */
const MIN_LINE_BUFFER = 1 << 23;

const needsQuotes = /[",\r\n]/;
const quoteField = (s: string) => (needsQuotes.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

/**
 * Parsed records collected as a normalised CSV (`_line,_problem,fields…`, RFC 4180, comma,
 * UTF-8) in a scratch file, which read_csv then loads strictly into a table with the raw layout.
 */
class NormalisedRows {
  private readonly scratch = mkdtempSync(join(tmpdir(), 'handoff-raw-'));
  private readonly file = join(this.scratch, 'rows.csv');
  private readonly fd = openSync(this.file, 'w');
  private pending: string[] = [];
  private closed = false;
  /** The longest line written, in bytes, once a line may exceed read_csv's smallest buffer (below that, 0). */
  private longest = 0;
  rows = 0;
  rowsWithInvalidBytes = 0;

  private readonly header: string[];
  private readonly delimiter: Delimiter;
  /** Whether fields may hold escaped bytes (see decode.ts ESCAPED_BYTE): such rows are marked with a problem. */
  private readonly escapeInvalid: boolean;

  constructor(header: string[], delimiter: Delimiter, escapeInvalid = false) {
    this.header = header;
    this.delimiter = delimiter;
    this.escapeInvalid = escapeInvalid;
  }

  add(record: CsvRecord): void {
    const width = this.header.length;
    this.rows += 1;
    const n = record.fields.length;
    let fields = n > width ? [...record.fields.slice(0, width - 1), record.fields.slice(width - 1).join(this.delimiter)] : record.fields;
    const problems = [record.problem ?? (n !== width ? `the row has ${n} field${n === 1 ? '' : 's'} where the header has ${width}` : '')];
    if (this.escapeInvalid) {
      const stray = fields.flatMap((f, i) => {
        const bytes = escapedBytesIn(f);
        return bytes.length === 0 ? [] : [`${this.header[i]}: holds ${bytes.length === 1 ? 'a byte' : 'bytes'} (${[...new Set(bytes)].map(byteName).join(', ')}) that ${bytes.length === 1 ? 'is' : 'are'} not valid UTF-8 in a file that is otherwise UTF-8; fix the export`];
      });
      if (stray.length > 0) {
        this.rowsWithInvalidBytes += 1;
        problems.push(...stray);
        fields = fields.map(withoutEscapedBytes);
      }
    }
    const problem = problems.filter((p) => p !== '').join('; ');
    // Missing fields stay empty (NULL after read_csv), like the SQL path's out-of-range list items.
    let line = `${record.line},${quoteField(problem)}`;
    for (let i = 0; i < width; i++) line += `,${i < fields.length ? quoteField(fields[i]!) : ''}`;
    // Bytes are counted only for lines that may not fit the smallest buffer: a 200 MB value then
    // asks read_csv for a 200 MB buffer, not 600 MB (3 bytes per UTF-16 unit at most).
    if (line.length * 3 > Math.max(this.longest, MIN_LINE_BUFFER)) this.longest = Math.max(this.longest, Buffer.byteLength(line));
    this.pending.push(`${line}\n`);
    if (this.pending.length >= 4096) this.flush();
  }

  /** Creates `table` with the raw layout and loads every row added. */
  async load(db: Db, table: string, { temp = false } = {}): Promise<void> {
    this.flush();
    this.close();
    const { header } = this;
    const columns = [`'_line': 'INTEGER'`, `'_problem': 'VARCHAR'`, ...header.map((_, i) => `'c${i}': 'VARCHAR'`)].join(', ');
    await db.run(`CREATE OR REPLACE ${temp ? 'TEMP ' : ''}TABLE ${ident(table)} (_line INTEGER, _problem VARCHAR, ${columnsSql(header)})`);
    if (this.rows === 0) return;
    // Empty fields come back NULL, as in the SQL path; a field that was `""` is empty text either way.
    await db.run(`INSERT INTO ${ident(table)} SELECT _line, nullif(_problem, ''), ${header.map((_, i) => `c${i}`).join(', ')}
      FROM read_csv(${literal(this.file)}, columns = {${columns}}, header = false, auto_detect = false, delim = ',', quote = '"', escape = '"', new_line = '\\n',
        strict_mode = true, ${lineSizeSql(Math.max(MIN_LINE_BUFFER, this.longest + 1024))})`);
  }

  /** Removes the scratch file; safe to call more than once. */
  dispose(): void {
    this.close();
    rmSync(this.scratch, { recursive: true, force: true });
  }

  private flush(): void {
    if (this.pending.length > 0) writeSync(this.fd, this.pending.join(''));
    this.pending = [];
  }

  private close(): void {
    if (!this.closed) closeSync(this.fd);
    this.closed = true;
  }
}

/**
 * The exact path: records parsed in JS from a decoded stream, written as a normalised CSV that
 * read_csv loads in strict mode.
 */
async function readByJsRecords(
  db: Db,
  table: string,
  path: string,
  header: string[],
  headerLine: number,
  encoding: Encoding,
  delimiter: Delimiter,
  maxRecordChars: number,
  escapeInvalid: boolean,
): Promise<{ rows: number; rowsWithInvalidBytes: number }> {
  const writer = new NormalisedRows(header, delimiter, escapeInvalid);
  const take = (records: CsvRecord[]) => {
    for (const record of records) if (record.line > headerLine) writer.add(record);
  };
  try {
    const reader = new CsvRecordReader(delimiter, { maxRecordChars });
    const decoder = streamDecoder(encoding, { escapeInvalid });
    for await (const chunk of createReadStream(path, { highWaterMark: CHUNK }) as AsyncIterable<Buffer>) take(reader.feed(decoder.write(chunk)));
    take([...reader.feed(decoder.end()), ...reader.end()]);
    await writer.load(db, table, { temp: true });
    return { rows: writer.rows, rowsWithInvalidBytes: writer.rowsWithInvalidBytes };
  } finally {
    writer.dispose();
  }
}

/** Makes header names unique and non-empty so each can be a column (`Email`, `Email (2)`). */
function uniqueNames(names: string[]): string[] {
  // The raw table's own bookkeeping columns are taken first, so a header named `_line` becomes `_line (2)`.
  const seen = new Map<string, number>([['_line', 1], ['_problem', 1]]);
  return names.map((raw, i) => {
    const base = raw === '' ? `column_${i + 1}` : raw;
    const key = base.toLowerCase();
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    return count === 1 ? base : `${base} (${count})`;
  });
}
