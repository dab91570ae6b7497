import iconv from 'iconv-lite';

/** The text encodings handoff reads; Latin-1 files are read as Windows-1252, its superset. */
export type Encoding = 'utf-8' | 'windows-1252';

/** A decoded file: its text without BOM and the encoding it was read with. */
export interface DecodedText {
  text: string;
  encoding: Encoding;
  bom: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes bytes as UTF-8 when they are valid UTF-8 and as Windows-1252 otherwise (or as declared).
 * Windows-1252 goes through iconv-lite because Node's TextDecoder maps 0x80–0x9F to C1 controls
 * instead of the letters and punctuation (€, –, “) that Brazilian exports carry there.
 */
export function decode(bytes: Uint8Array, declared: 'auto' | 'utf-8' | 'windows-1252' | 'latin1' = 'auto'): DecodedText {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  if (declared === 'windows-1252' || declared === 'latin1') {
    return { text: iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), 'win1252'), encoding: 'windows-1252', bom };
  }
  try {
    return { text: utf8.decode(body), encoding: 'utf-8', bom };
  } catch (error) {
    if (declared === 'utf-8') throw error;
    return { text: iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), 'win1252'), encoding: 'windows-1252', bom };
  }
}
