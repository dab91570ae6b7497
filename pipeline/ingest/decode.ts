import iconv from 'iconv-lite';

/**
 * The text encodings handoff reads; Latin-1 files are read as Windows-1252, its superset. UTF-16
 * is read only when the file starts with its byte-order mark (RD Station's lead export, Excel's
 * "Unicode Text"): without one, nothing tells UTF-16 from a binary file.
 */
export type Encoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

/** Bytes to text in pieces: a character split across two pieces comes out whole. */
export interface StreamDecoder {
  write(bytes: Uint8Array): string;
  end(): string;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * The length (1–4) of the valid UTF-8 character starting at `i`, 0 when the byte there starts
 * none (a stray byte, a Windows-1252 letter), or −1 when `end` cuts a character valid so far.
 */
function utf8CharAt(bytes: Uint8Array, i: number, end: number): number {
  const b = bytes[i]!;
  if (b < 0x80) return 1;
  let size: number;
  let low = 0x80;
  let high = 0xbf;
  if (b >= 0xc2 && b <= 0xdf) size = 2;
  else if (b >= 0xe0 && b <= 0xef) {
    size = 3;
    // Overlong forms and UTF-16 surrogates are not valid UTF-8.
    if (b === 0xe0) low = 0xa0;
    else if (b === 0xed) high = 0x9f;
  } else if (b >= 0xf0 && b <= 0xf4) {
    size = 4;
    if (b === 0xf0) low = 0x90;
    else if (b === 0xf4) high = 0x8f;
  } else return 0;
  for (let k = 1; k < size; k++) {
    if (i + k >= end) return -1;
    const c = bytes[i + k]!;
    if (c < (k === 1 ? low : 0x80) || c > (k === 1 ? high : 0xbf)) return 0;
  }
  return size;
}

/** The UTF-8 evidence in a file's bytes: characters of 2–4 bytes that are valid, and bytes that start none. */
export interface Utf8Evidence {
  multiByte: number;
  invalid: number;
}

/** Counts the UTF-8 evidence of bytes fed in pieces (a character cut between pieces counts once). */
export class Utf8Tally implements Utf8Evidence {
  multiByte = 0;
  invalid = 0;
  private carry: Uint8Array = new Uint8Array(0);

  write(piece: Uint8Array): void {
    const bytes = this.carry.length > 0 ? Buffer.concat([this.carry, piece]) : piece;
    let i = 0;
    const end = bytes.length;
    while (i < end) {
      if (bytes[i]! < 0x80) {
        i += 1;
        continue;
      }
      const size = utf8CharAt(bytes, i, end);
      if (size === -1) break;
      if (size === 0) {
        this.invalid += 1;
        i += 1;
      } else {
        this.multiByte += 1;
        i += size;
      }
    }
    this.carry = bytes.slice(i);
  }

  /** Counts a character cut by the end of the file as invalid bytes. */
  end(): Utf8Evidence {
    this.invalid += this.carry.length;
    this.carry = new Uint8Array(0);
    return { multiByte: this.multiByte, invalid: this.invalid };
  }
}

/**
 * Decides how a file that is not valid UTF-8 throughout is read. Windows-1252 text almost never
 * forms a valid UTF-8 character (an accented capital followed by a symbol from 0x80–0xBF), and
 * a UTF-8 export almost never holds a stray byte, so whichever evidence outweighs the other wins;
 * a tie goes to UTF-8, whose mistakes are loud (rows quarantined, each with its reason) where a
 * wrong Windows-1252 reading is silent (`JÃºlia`).
 */
export function encodingOnEvidence(evidence: Utf8Evidence): Encoding {
  return evidence.multiByte >= evidence.invalid ? 'utf-8' : 'windows-1252';
}

/**
 * A byte that is not valid UTF-8 is decoded as a lone surrogate, U+DC00 + byte, as Python's
 * "surrogateescape" does: no valid UTF-8 decodes to one, so the row reader can tell such a byte
 * from a U+FFFD the file really holds, and say which column holds it.
 */
// The u flag makes a surrogate pair one code point, so an emoji whose low half is in the range never matches.
const ESCAPED_BYTE = /[\uDC80-\uDCFF]/gu;

/** The bytes (0x80–0xFF) escaped in a decoded text, in order; empty for ordinary text. */
export function escapedBytesIn(text: string): number[] {
  return [...text.matchAll(ESCAPED_BYTE)].map((m) => m[0].charCodeAt(0) - 0xdc00);
}

/** The text with each escaped byte shown as U+FFFD, as any decoder would show it. */
export function withoutEscapedBytes(text: string): string {
  return text.replace(ESCAPED_BYTE, '\uFFFD');
}

/** `0xFF`, as reasons name a byte. */
export function byteName(byte: number): string {
  return `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}

function escapingUtf8Decoder(fileStart: boolean): StreamDecoder {
  let carry: Uint8Array = new Uint8Array(0);
  let atStart = fileStart;
  const decode = (bytes: Uint8Array, final: boolean): string => {
    let out = '';
    let run = 0;
    let i = 0;
    const end = bytes.length;
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    while (i < end) {
      if (bytes[i]! < 0x80) {
        i += 1;
        continue;
      }
      const size = utf8CharAt(bytes, i, end);
      if (size === -1 && !final) break;
      if (size > 0) {
        i += size;
        continue;
      }
      out += buffer.toString('utf8', run, i) + String.fromCharCode(0xdc00 + bytes[i]!);
      i += 1;
      run = i;
    }
    out += buffer.toString('utf8', run, i);
    carry = bytes.slice(i);
    return out;
  };
  return {
    write: (piece) => {
      let bytes = carry.length > 0 ? Buffer.concat([carry, piece]) : piece;
      if (atStart) {
        if (bytes.length < 3 && UTF8_BOM.slice(0, bytes.length).every((b, i) => bytes[i] === b)) {
          carry = bytes;
          return '';
        }
        if (UTF8_BOM.every((b, i) => bytes[i] === b)) bytes = bytes.subarray(3);
        atStart = false;
      }
      return decode(bytes, false);
    },
    end: () => decode(carry, true),
  };
}

/**
 * A streaming decoder for a file's encoding (decided beforehand from a scan of its bytes). From
 * the start of a file, a UTF-8 byte-order mark is dropped in either encoding; from a line in the
 * middle, nothing is. Windows-1252 goes through iconv-lite because Node's TextDecoder maps
 * 0x80–0x9F to C1 controls instead of the letters and punctuation (€, –, “) that Brazilian
 * exports carry there. With `escapeInvalid`, UTF-8 bytes that start no valid character come out
 * escaped (see ESCAPED_BYTE) instead of as U+FFFD.
 */
export function streamDecoder(encoding: Encoding, { fileStart = true, escapeInvalid = false } = {}): StreamDecoder {
  if (encoding === 'utf-8' && escapeInvalid) return escapingUtf8Decoder(fileStart);
  if (encoding !== 'windows-1252') {
    const decoder = new TextDecoder(encoding, { ignoreBOM: !fileStart });
    return { write: (bytes) => decoder.decode(bytes, { stream: true }), end: () => decoder.decode() };
  }
  const decoder = iconv.getDecoder('win1252');
  let atStart = fileStart;
  return {
    write: (bytes) => {
      let body = bytes;
      if (atStart && body.length >= 3 && UTF8_BOM.every((b, i) => body[i] === b)) body = body.subarray(3);
      atStart = false;
      return decoder.write(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
    },
    end: () => decoder.end() ?? '',
  };
}
