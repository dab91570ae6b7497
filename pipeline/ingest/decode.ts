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
 * A streaming decoder for a file's encoding (decided beforehand from a scan of its bytes). From
 * the start of a file, a UTF-8 byte-order mark is dropped in either encoding; from a line in the
 * middle, nothing is. Windows-1252 goes through iconv-lite because Node's TextDecoder maps
 * 0x80–0x9F to C1 controls instead of the letters and punctuation (€, –, “) that Brazilian
 * exports carry there.
 */
export function streamDecoder(encoding: Encoding, { fileStart = true } = {}): StreamDecoder {
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
