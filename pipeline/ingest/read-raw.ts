import { createHash } from 'node:crypto';
import { closeSync, createReadStream, mkdtempSync, openSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import type { Db } from '../db.ts';
import { ident, literal } from '../db.ts';
import { CsvRecordReader, type CsvRecord } from './csv-records.ts';
import { decode, type Encoding } from './decode.ts';
import { sniffDelimiter, type Delimiter } from './sniff.ts';

// How a CSV export becomes `raw_<kind>`: one VARCHAR column per header name as found, plus `_line`
// (the physical line where the row starts, header = 1, embedded newlines counted) and `_problem`
// (a structural defect: wrong field count, unterminated quote). Nothing is typed or dropped here.
//
// Two paths, chosen per file by what a scan of its bytes finds (measured on 1M activity rows,
// 72 MB, 2 cores): DuckDB's own bulk read_csv of the typed columns takes 0.39 s, but it cannot say
// on which physical line a row starts, silently drops fields beyond the header in non-strict mode,
// and swallows the rest of the file into an unterminated quote, so it cannot enforce "nothing is
// lost". We read the file instead as *lines* with read_csv (0.19 s) and split them into fields in
// SQL (0.46 s): exact line numbers and field counts, still vectorised. That only works when no
// record spans lines, i.e. when no line holds an odd number of quotes. Otherwise (embedded
// newlines, Windows-1252, a lone CR as line end) the records are parsed in JS by CsvRecordReader
// (1M rows in 0.41 s) and written as a normalised CSV that read_csv loads strictly (1.66 s + 0.56 s
// for 1M rows). Appending the same rows one value at a time through DuckDB's Appender took 15 s.

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
  headerLine: number;
  /** Data rows read (header and blank lines excluded); every one is in the raw table. */
  rowsRead: number;
  /** Which loading path was taken, for the run summary and the benchmark. */
  loadPath: 'sql-lines' | 'js-records';
}

/** Settings of the reader, from the contract's `mapping`. */
export interface ReadOptions {
  encoding: 'auto' | 'utf-8' | 'windows-1252' | 'latin1';
  delimiter: 'auto' | Delimiter;
  /** Forces the exact JS path; tests use it to check that both paths read a file the same way. */
  exact?: boolean;
}

/** A source file that cannot be read at all; the run stops before writing anything. */
export class UnreadableFileError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
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
  /** A NUL byte: UTF-16 or a binary file, which handoff does not read. */
  hasNul: boolean;
}

const CHUNK = 4 << 20;
const EMPTY = 'is empty: it has no header row. Export the file again with its column names on the first line.';

async function scanFile(path: string): Promise<FileScan> {
  const hash = createHash('sha256');
  let bytes = 0;
  let validUtf8 = true;
  let hasQuote = false;
  let hasSoh = false;
  let hasLoneCr = false;
  let hasNul = false;
  let crAtEnd = false;
  // UTF-8 is checked up to the last newline of each chunk: a newline byte never sits inside a
  // multi-byte character, so the carried tail completes its character in the next chunk.
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
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
      const cut = joined.lastIndexOf(0x0a) + 1;
      if (!isUtf8(joined.subarray(0, cut))) validUtf8 = false;
      carry = Buffer.from(joined.subarray(cut));
    }
  }
  if (validUtf8 && carry.length > 0 && !isUtf8(carry)) validUtf8 = false;
  if (crAtEnd) hasLoneCr = true;
  return { sha256: hash.digest('hex'), bytes, validUtf8, hasQuote, hasSoh, hasLoneCr, hasNul };
}

/** The first record of the file (the header) and where data starts, from its first megabyte. */
function readHeader(path: string, encoding: Encoding, delimiterSetting: ReadOptions['delimiter']): { header: string[]; headerLine: number; dataLine: number; delimiter: Delimiter } {
  const fd = openSync(path, 'r');
  const head = Buffer.alloc(1 << 20);
  const read = readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  const { text } = decode(head.subarray(0, read), encoding);
  const delimiter = delimiterSetting === 'auto' ? sniffDelimiter(text) : delimiterSetting;
  const reader = new CsvRecordReader(delimiter);
  const records = [...reader.feed(text), ...(read < head.length ? reader.end() : [])];
  const first = records[0];
  if (!first) throw new UnreadableFileError(path, EMPTY);
  const breaks = first.fields.join('').match(/\r\n|\r|\n/g)?.length ?? 0;
  return { header: uniqueNames(first.fields.map((f) => f.trim())), headerLine: first.line, dataLine: first.line + breaks + 1, delimiter };
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
  const scan = await scanFile(path);
  if (scan.bytes === 0) throw new UnreadableFileError(path, EMPTY);
  if (scan.hasNul) {
    throw new UnreadableFileError(
      path,
      'contains NUL bytes: it is UTF-16 ("Unicode Text") or not a text file. Export it again as CSV in UTF-8 or Windows-1252.',
    );
  }
  let encoding: Encoding;
  if (options.encoding === 'windows-1252' || options.encoding === 'latin1') encoding = 'windows-1252';
  else if (options.encoding === 'utf-8' && !scan.validUtf8) {
    throw new UnreadableFileError(path, 'is not valid UTF-8 although mapping.encoding says utf-8; set mapping.encoding to windows-1252 or auto');
  } else encoding = scan.validUtf8 ? 'utf-8' : 'windows-1252';

  const { header, headerLine, dataLine, delimiter } = readHeader(path, encoding, options.delimiter);
  if (header.every((h, i) => h === `column_${i + 1}`)) throw new UnreadableFileError(path, EMPTY);
  const base = { table, path, sha256: scan.sha256, bytes: scan.bytes, encoding, delimiter, header, headerLine };
  if (encoding === 'utf-8' && !scan.hasSoh && !scan.hasLoneCr && !options.exact) {
    const rowsRead = await readBySqlLines(db, table, path, header, dataLine, delimiter, scan.hasQuote);
    if (rowsRead !== null) return { ...base, rowsRead, loadPath: 'sql-lines' };
  }
  const rowsRead = await readByJsRecords(db, table, path, header, headerLine, encoding, delimiter);
  return { ...base, rowsRead, loadPath: 'js-records' };
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

/**
 * The fast path: physical lines via read_csv, split into fields in SQL. Returns null (and leaves
 * nothing behind) when a quoted value may run past its line, which only the JS path reads right.
 * Files with a lone CR never come here (the byte scan routes them to the JS path).
 */
async function readBySqlLines(db: Db, table: string, path: string, header: string[], dataLine: number, delimiter: Delimiter, hasQuote: boolean): Promise<number | null> {
  // new_line '\r\n' makes read_csv end lines at LF or CRLF; 0x01 never occurs (checked by the scan).
  await db.run(`CREATE OR REPLACE TEMP TABLE _raw_lines AS
    SELECT l FROM read_csv(${literal(path)}, columns = {'l': 'VARCHAR'}, delim = '\\x01', quote = '', escape = '', header = false,
      auto_detect = false, new_line = '\\r\\n', strict_mode = false, max_line_size = 268435456)`);
  const d = delimiter;
  const reD = d === '|' ? '\\|' : d === '\t' ? '\\t' : d;
  // A field is a quoted run (with "" escapes, any text after its closing quote kept, as
  // spreadsheets do) or an unquoted run; each match starts with the delimiter we prefix.
  const fieldRe = `${reD}("(?:[^"]|"")*"[^${reD}]*|[^${reD}]*)`;
  const closedRe = `^"(?:[^"]|"")*"[^${reD}]*$`;
  // Lines are records only if every quoted field closes on its own line: an odd quote count
  // opens a multi-line value, and so does a field that starts with a quote and never closes
  // even when a stray quote elsewhere makes the count even (`a,b"c,"d`).
  const check = await db.one<{ open: boolean | null }>(
    `SELECT bool_or((length(l) - length(replace(l, '"', ''))) % 2 = 1
        OR len(list_filter(regexp_extract_all(${literal(d)} || l, ${literal(fieldRe)}, 1), x -> starts_with(x, '"') AND NOT regexp_matches(x, ${literal(closedRe)}))) > 0) AS open
     FROM _raw_lines WHERE rowid + 1 >= ${dataLine} AND contains(l, '"')`,
  );
  if (check.open) {
    await db.run('DROP TABLE _raw_lines');
    return null;
  }
  const unquote = `x -> CASE WHEN starts_with(x, '"') AND regexp_matches(x, '^"(?:[^"]|"")*"')
      THEN replace(regexp_extract(x, '^"((?:[^"]|"")*)"', 1), '""', '"') || regexp_extract(x, '^"(?:[^"]|"")*"(.*)$', 1)
      ELSE x END`;
  const split = hasQuote
    ? `CASE WHEN contains(l, '"') THEN list_transform(regexp_extract_all(${literal(d)} || l, ${literal(fieldRe)}, 1), ${unquote}) ELSE string_split(l, ${literal(d)}) END`
    : `string_split(l, ${literal(d)})`;
  await db.run(`CREATE OR REPLACE TABLE ${ident(table)} AS
    WITH f AS (
      SELECT (rowid + 1)::INTEGER AS _line, ${split} AS f
      FROM _raw_lines WHERE rowid + 1 >= ${dataLine} AND l IS NOT NULL AND l <> ''
    )
    SELECT _line, ${problemSql('f', header.length)} AS _problem, ${fieldColumnsSql(header, 'f', d)}
    FROM f`);
  await db.run('DROP TABLE _raw_lines');
  return (await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${ident(table)}`)).n;
}

const needsQuotes = /[",\r\n]/;
const quoteField = (s: string) => (needsQuotes.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

/**
 * The exact path: records parsed in JS from a decoded stream, written as a normalised CSV
 * (`_line,_problem,fields…`, RFC 4180, comma, UTF-8) that read_csv loads in strict mode.
 */
async function readByJsRecords(db: Db, table: string, path: string, header: string[], headerLine: number, encoding: Encoding, delimiter: Delimiter): Promise<number> {
  const scratch = mkdtempSync(join(tmpdir(), 'handoff-raw-'));
  const normalised = join(scratch, 'rows.csv');
  const out = openSync(normalised, 'w');
  const width = header.length;
  let rowsRead = 0;
  let pending: string[] = [];
  const flush = () => {
    if (pending.length > 0) writeSync(out, pending.join(''));
    pending = [];
  };
  const take = (records: CsvRecord[]) => {
    for (const record of records) {
      if (record.line <= headerLine) continue;
      rowsRead += 1;
      const n = record.fields.length;
      const problem = record.problem ?? (n !== width ? `the row has ${n} field${n === 1 ? '' : 's'} where the header has ${width}` : '');
      const fields = n > width ? [...record.fields.slice(0, width - 1), record.fields.slice(width - 1).join(delimiter)] : record.fields;
      // Missing fields stay empty (NULL after read_csv), like the SQL path's out-of-range list items.
      let line = `${record.line},${quoteField(problem)}`;
      for (let i = 0; i < width; i++) line += `,${i < fields.length ? quoteField(fields[i]!) : ''}`;
      pending.push(`${line}\n`);
    }
    if (pending.length >= 4096) flush();
  };
  try {
    const reader = new CsvRecordReader(delimiter);
    const decoder = encoding === 'utf-8' ? new TextDecoder('utf-8') : iconv.getDecoder('win1252');
    let first = true;
    for await (const chunk of createReadStream(path, { highWaterMark: CHUNK }) as AsyncIterable<Buffer>) {
      let text = decoder instanceof TextDecoder ? decoder.decode(chunk, { stream: true }) : decoder.write(chunk);
      if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
      take(reader.feed(text));
    }
    const rest = decoder instanceof TextDecoder ? decoder.decode() : (decoder.end() ?? '');
    take([...reader.feed(rest), ...reader.end()]);
    flush();
    closeSync(out);
    const columns = [`'_line': 'INTEGER'`, `'_problem': 'VARCHAR'`, ...header.map((_, i) => `'c${i}': 'VARCHAR'`)].join(', ');
    await db.run(`CREATE OR REPLACE TABLE ${ident(table)} (_line INTEGER, _problem VARCHAR, ${columnsSql(header)})`);
    if (rowsRead > 0) {
      // Empty fields come back NULL, as in the SQL path; a field that was `""` is empty text either way.
      await db.run(`INSERT INTO ${ident(table)} SELECT _line, nullif(_problem, ''), ${header.map((_, i) => `c${i}`).join(', ')}
        FROM read_csv(${literal(normalised)}, columns = {${columns}}, header = false, auto_detect = false, delim = ',', quote = '"', escape = '"', new_line = '\\n',
          strict_mode = true, max_line_size = 268435456)`);
    }
    return rowsRead;
  } finally {
    try {
      closeSync(out);
    } catch {
      // already closed
    }
    rmSync(scratch, { recursive: true, force: true });
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
