import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodingOnEvidence, escapedBytesIn, streamDecoder, Utf8Tally, withoutEscapedBytes } from '../../pipeline/ingest/decode.ts';

/** Decodes bytes cut into pieces at the given offsets. */
function decodeInPieces(bytes: Buffer, cuts: number[]): string {
  const decoder = streamDecoder('utf-8', { escapeInvalid: true });
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let text = '';
  let from = 0;
  for (const cut of [...at, bytes.length]) {
    text += decoder.write(bytes.subarray(from, cut));
    from = cut;
  }
  return text + decoder.end();
}

function tally(bytes: Buffer): { multiByte: number; invalid: number } {
  const t = new Utf8Tally();
  t.write(bytes);
  return t.end();
}

const bytesLikeAnExport = fc
  .array(fc.oneof(fc.string({ maxLength: 8 }).map((s) => Buffer.from(s, 'utf8')), fc.constantFrom(0x80, 0x96, 0xc3, 0xe7, 0xed, 0xf0, 0xff).map((b) => Buffer.from([b]))), { maxLength: 12 })
  .map((parts) => Buffer.concat(parts));

describe('UTF-8 with stray bytes', () => {
  it('counts the evidence: valid characters of 2–4 bytes, and bytes that start none', () => {
    // "Júlia" (ú = C3 BA), a stray FF, "€" (E2 82 AC), an E2 82 cut short by "x", and 💀 (4 bytes).
    const bytes = Buffer.concat([Buffer.from('Júlia'), Buffer.from([0xff]), Buffer.from('€'), Buffer.from([0xe2, 0x82]), Buffer.from('x💀')]);
    expect(tally(bytes)).toEqual({ multiByte: 3, invalid: 3 });
  });

  it('decides on evidence: a stray byte among UTF-8 letters stays UTF-8, Windows-1252 letters win by number', () => {
    expect(encodingOnEvidence({ multiByte: 40, invalid: 1 })).toBe('utf-8');
    expect(encodingOnEvidence({ multiByte: 1, invalid: 1 })).toBe('utf-8');
    expect(encodingOnEvidence({ multiByte: 1, invalid: 30 })).toBe('windows-1252');
    expect(encodingOnEvidence({ multiByte: 0, invalid: 1 })).toBe('windows-1252');
  });

  it('escapes each stray byte so a reader can name it, and tells a real U+FFFD and an emoji apart from one', () => {
    // 💀 is D83D DC80 in UTF-16: its low half lies in the escape range, but as a pair it is no escape.
    const bytes = Buffer.concat([Buffer.from('a\uFFFDb💀'), Buffer.from([0xff, 0xe9]), Buffer.from('c')]);
    const text = decodeInPieces(bytes, []);
    expect(escapedBytesIn(text)).toEqual([0xff, 0xe9]);
    expect(withoutEscapedBytes(text)).toBe('a\uFFFDb💀\uFFFD\uFFFDc');
  });

  it('decodes the same in any pieces, as TextDecoder does valid UTF-8, with one escape per invalid byte counted', () => {
    fc.assert(
      fc.property(bytesLikeAnExport, fc.array(fc.nat(), { maxLength: 4 }), (bytes, cuts) => {
        const whole = decodeInPieces(bytes, []);
        expect(decodeInPieces(bytes, cuts)).toBe(whole);
        expect(escapedBytesIn(whole).length).toBe(tally(bytes).invalid);
        if (tally(bytes).invalid === 0) expect(whole).toBe(new TextDecoder().decode(bytes));
      }),
      { numRuns: 300 },
    );
  });

  it('drops a byte-order mark split across pieces', () => {
    const bytes = Buffer.from('\uFEFFid\n');
    expect(decodeInPieces(bytes, [1, 2])).toBe('id\n');
  });
});
