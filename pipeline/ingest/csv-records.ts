/** One CSV record: its fields and the physical line (1-based) on which it starts. */
export interface CsvRecord {
  line: number;
  fields: string[];
  /** Set when the record is malformed in a way the parser had to read past (an unterminated quote). */
  problem?: string;
}

/** A record longer than the reader's limit; the caller names the file. */
export class RecordTooLongError extends Error {
  /** The physical line where the record starts. */
  readonly line: number;
  readonly limit: number;

  constructor(line: number, limit: number) {
    super(`the record starting on line ${line} is longer than ${limit} characters`);
    this.line = line;
    this.limit = limit;
    this.name = 'RecordTooLongError';
  }
}

/**
 * The longest record the reader holds (UTF-16 units). V8 strings stop at 2^29 − 24 units, and a
 * record this long already needs about 1 GB between its text, the normalised copy and DuckDB's
 * line buffer; a longer one stops the run with a sentence instead of a crash or a lost row.
 */
export const MAX_RECORD_CHARS = 256 << 20;

/** How many physical line breaks a record holds in its values, i.e. lines it spans beyond its first. */
export function lineBreaksIn(record: CsvRecord): number {
  return record.fields.join('').match(/\r\n|\r|\n/g)?.length ?? 0;
}

/**
 * An RFC 4180 record reader fed with text chunks, so a file never has to fit in one string.
 * It tracks physical lines (CRLF, LF and a lone CR each end one line, also inside quoted fields)
 * because quarantine must name the line where a bad row starts. We wrote it rather than using
 * PapaParse here because PapaParse reports character offsets, not line numbers, and counting
 * lines again over each row would read the text twice.
 *
 * Each chunk is appended to the unfinished tail of the previous one and only complete records
 * are emitted, so chunk boundaries (inside `""`, between CR and LF) need no special cases.
 */
export class CsvRecordReader {
  private tail = '';
  /** Chunks held back while an unfinished record is longer than they are (see `feed`). */
  private pending: string[] = [];
  private pendingLength = 0;
  private line = 1;
  private readonly delim: number;
  private readonly maxRecordChars: number;

  constructor(delimiter: string, { maxRecordChars = MAX_RECORD_CHARS } = {}) {
    if (delimiter.length !== 1) throw new Error(`delimiter must be one character, got ${JSON.stringify(delimiter)}`);
    this.delim = delimiter.charCodeAt(0);
    this.maxRecordChars = maxRecordChars;
  }

  /**
   * Parses a chunk and returns the records it completes. An unfinished record is parsed again
   * from its start with each new chunk, so new text is held back until it is at least as long as
   * that record: a 200 MB value read in 4 MB chunks is then scanned about twice, not 50 times.
   */
  feed(chunk: string): CsvRecord[] {
    this.pending.push(chunk);
    this.pendingLength += chunk.length;
    if (this.pendingLength < this.tail.length && this.tail.length + this.pendingLength <= this.maxRecordChars) return [];
    return this.parse(this.takeText(), false);
  }

  /** Flushes the last record at the end of the input. */
  end(): CsvRecord[] {
    return this.parse(this.takeText(), true);
  }

  private takeText(): string {
    const text = this.tail + this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    return text;
  }

  /** Parses a whole text at once. */
  static readAll(text: string, delimiter: string): CsvRecord[] {
    const reader = new CsvRecordReader(delimiter);
    return [...reader.feed(text), ...reader.end()];
  }

  private parse(text: string, final: boolean): CsvRecord[] {
    const out: CsvRecord[] = [];
    const n = text.length;
    const delim = this.delim;
    let pos = 0; // start of the current record in `text`
    let line = this.line;
    while (pos < n) {
      const recordLine = line;
      const fields: string[] = [];
      let i = pos;
      let complete = false;
      let quoted = false;
      let problem: string | undefined;
      // One iteration per field.
      for (;;) {
        let value: string;
        if (i < n && text.charCodeAt(i) === 34) {
          quoted = true;
          // Quoted field: runs to the next lone quote; `""` is an escaped quote.
          let j = i + 1;
          let parts = '';
          let segment = j;
          let closed = false;
          while (j < n) {
            const c = text.charCodeAt(j);
            if (c === 34) {
              if (j + 1 >= n && !final) break; // cannot tell `""` from a closing quote yet
              if (j + 1 < n && text.charCodeAt(j + 1) === 34) {
                parts += text.slice(segment, j + 1);
                j += 2;
                segment = j;
                continue;
              }
              closed = true;
              break;
            }
            if (c === 10) line += 1;
            else if (c === 13) {
              if (j + 1 < n && text.charCodeAt(j + 1) === 10) j += 1;
              else if (j + 1 >= n && !final) break; // CR at the chunk end: wait for a possible LF
              line += 1;
            }
            j += 1;
          }
          if (!closed) {
            if (!final) {
              line = recordLine;
              break;
            }
            value = parts + text.slice(segment, n);
            problem = 'a quoted field is never closed (a " is missing), so the rest of the file was read as one value';
            i = n;
            fields.push(value);
            complete = true;
            break;
          }
          value = parts + text.slice(segment, j);
          i = j + 1;
          // Text between the closing quote and the delimiter is kept, as spreadsheets do.
          let k = i;
          while (k < n) {
            const c = text.charCodeAt(k);
            if (c === delim || c === 10 || c === 13) break;
            k += 1;
          }
          if (k > i) value += text.slice(i, k);
          i = k;
        } else {
          let k = i;
          while (k < n) {
            const c = text.charCodeAt(k);
            if (c === delim || c === 10 || c === 13) break;
            k += 1;
          }
          value = text.slice(i, k);
          i = k;
        }
        fields.push(value);
        if (i >= n) {
          if (final) complete = true;
          break;
        }
        const c = text.charCodeAt(i);
        if (c === delim) {
          i += 1;
          continue;
        }
        // End of line.
        if (c === 13) {
          if (i + 1 < n) {
            if (text.charCodeAt(i + 1) === 10) i += 1;
          } else if (!final) break; // CR at the chunk end: the LF may follow
        }
        i += 1;
        line += 1;
        complete = true;
        break;
      }
      if (!complete) {
        line = recordLine;
        break;
      }
      if (i - pos > this.maxRecordChars) throw new RecordTooLongError(recordLine, this.maxRecordChars);
      pos = i;
      // A blank line is no record, but it is still a physical line.
      if (!(fields.length === 1 && fields[0] === '' && !quoted)) {
        const record: CsvRecord = { line: recordLine, fields };
        if (problem) record.problem = problem;
        out.push(record);
      }
    }
    this.tail = text.slice(pos);
    this.line = line;
    if (this.tail.length > this.maxRecordChars) throw new RecordTooLongError(line, this.maxRecordChars);
    return out;
  }
}
