import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { Db } from '../db.ts';
import { ident } from '../db.ts';
import { CsvRecordReader } from './csv-records.ts';
import { decode, type Encoding } from './decode.ts';
import { sniffDelimiter, type Delimiter } from './sniff.ts';

/** What reading one source file into its raw table produced. */
export interface RawFile {
  table: string;
  path: string;
  sha256: string;
  bytes: number;
  encoding: Encoding;
  delimiter: Delimiter;
  /** Header names as found (deduplicated), in file order; the raw table's columns are these. */
  header: string[];
  headerLine: number;
  /** Data rows read (header excluded); every one is in the raw table. */
  rowsRead: number;
}

/** Settings of the reader, from the contract's `mapping`. */
export interface ReadOptions {
  encoding: 'auto' | 'utf-8' | 'windows-1252' | 'latin1';
  delimiter: 'auto' | Delimiter;
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

const CHUNK = 1 << 20;

/**
 * Reads a CSV file into `raw_<kind>`: one VARCHAR column per header name (as found), plus
 * `_line` (the physical line where the row starts) and `_problem` (a structural defect: wrong
 * field count, unterminated quote). Nothing is typed or dropped here; staging decides.
 */
export async function readRaw(db: Db, table: string, path: string, options: ReadOptions): Promise<RawFile> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new UnreadableFileError(path, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if (statSync(path).isDirectory()) throw new UnreadableFileError(path, 'is a folder, not a CSV file');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  let decoded;
  try {
    decoded = decode(bytes, options.encoding);
  } catch {
    throw new UnreadableFileError(path, 'is not valid UTF-8 although mapping.encoding says utf-8; set mapping.encoding to windows-1252 or auto');
  }
  const { text, encoding } = decoded;
  const delimiter = options.delimiter === 'auto' ? sniffDelimiter(text) : options.delimiter;
  const reader = new CsvRecordReader(delimiter);

  let header: string[] | null = null;
  let headerLine = 1;
  let rowsRead = 0;
  let appender: Awaited<ReturnType<Db['connection']['createAppender']>> | null = null;

  const take = async (records: ReturnType<CsvRecordReader['feed']>) => {
    for (const record of records) {
      if (header === null) {
        header = uniqueNames(record.fields.map((f) => f.trim()));
        headerLine = record.line;
        const columns = ['"_line" INTEGER', '"_problem" VARCHAR', ...header.map((h) => `${ident(h)} VARCHAR`)];
        await db.run(`CREATE OR REPLACE TABLE ${ident(table)} (${columns.join(', ')})`);
        appender = await db.connection.createAppender(table);
        continue;
      }
      rowsRead += 1;
      const width = header.length;
      let problem = record.problem ?? null;
      if (!problem && record.fields.length !== width) {
        problem = `the row has ${record.fields.length} field${record.fields.length === 1 ? '' : 's'} where the header has ${width}`;
      }
      appender!.appendInteger(record.line);
      if (problem === null) appender!.appendNull();
      else appender!.appendVarchar(problem);
      for (let i = 0; i < width; i++) {
        // Fields beyond the header are kept, joined into the last column, so the reject shows them.
        const value = i === width - 1 && record.fields.length > width ? record.fields.slice(i).join(delimiter) : record.fields[i];
        if (value === undefined) appender!.appendNull();
        else appender!.appendVarchar(value);
      }
      appender!.endRow();
    }
  };

  for (let offset = 0; offset < text.length; offset += CHUNK) {
    await take(reader.feed(text.slice(offset, offset + CHUNK)));
  }
  await take(reader.end());
  if (appender) {
    (appender as { flushSync(): void }).flushSync();
    (appender as { closeSync(): void }).closeSync();
  }
  if (header === null) throw new UnreadableFileError(path, 'is empty: it has no header row');
  return { table, path, sha256, bytes: bytes.length, encoding, delimiter, header, headerLine, rowsRead };
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
