import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvRecordReader } from '../../pipeline/ingest/csv-records.ts';

const read = (text: string, d = ',') => CsvRecordReader.readAll(text, d);

describe('CsvRecordReader', () => {
  it('reads plain rows and numbers their lines from 1', () => {
    expect(read('a,b\n1,2\n3,4\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 3, fields: ['3', '4'] },
    ]);
  });
  it('counts embedded newlines so a later row names its physical line', () => {
    // Row 2 spans lines 2–4 (two line breaks inside quotes, one CRLF); row 3 starts on line 5.
    const rows = read('id,note\r\n1,"first\nsecond\r\nthird"\r\n2,"say ""hi"""\r\n');
    expect(rows.map((r) => r.line)).toEqual([1, 2, 5]);
    expect(rows[1]!.fields[1]).toBe('first\nsecond\r\nthird');
    expect(rows[2]!.fields[1]).toBe('say "hi"');
  });
  it('treats a lone CR as a line break and skips blank lines while counting them', () => {
    expect(read('a;b\r1;2\r\r3;4', ';')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 4, fields: ['3', '4'] },
    ]);
  });
  it('keeps empty trailing fields and handles a missing final newline', () => {
    expect(read('a,b,c\n1,,\n2,x,')).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', '', ''] },
      { line: 3, fields: ['2', 'x', ''] },
    ]);
  });
  it('reports an unterminated quote instead of losing the rest silently', () => {
    const rows = read('a,b\n1,"open\n2,3\n');
    expect(rows).toHaveLength(2);
    expect(rows[1]!.line).toBe(2);
    expect(rows[1]!.problem).toMatch(/never closed/);
  });
  it('gives the same records however the text is cut into chunks', () => {
    const cell = fc.oneof(fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', 'é') }), fc.constant(''));
    const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.constantFrom('\n', '\r\n'),
        (rows, cuts, eol) => {
          const text = rows.map((r) => r.map(quote).join(',')).join(eol) + eol;
          const whole = read(text);
          const reader = new CsvRecordReader(',');
          const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const chunked = [];
          let prev = 0;
          for (const p of [...points, text.length]) {
            chunked.push(...reader.feed(text.slice(prev, p)));
            prev = p;
          }
          chunked.push(...reader.end());
          expect(chunked).toEqual(whole);
          expect(whole.map((r) => r.fields)).toEqual(rows);
        },
      ),
      { numRuns: 300 },
    );
  });
});
