import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Db } from '../../pipeline/db.ts';
import { readRaw, UnreadableFileError, type ReadOptions } from '../../pipeline/ingest/read-raw.ts';

let db: Db;
let dir: string;
beforeAll(async () => {
  db = await Db.open(':memory:');
  dir = mkdtempSync(join(tmpdir(), 'handoff-read-raw-'));
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
async function read(content: string | Buffer, exact = false, limits?: ReadOptions['limits']) {
  const file = join(dir, `f${n++}.csv`);
  writeFileSync(file, content);
  const raw = await readRaw(db, 'raw_t', file, { encoding: 'auto', delimiter: 'auto', exact, ...(limits ? { limits } : {}) });
  const rows = await db.all<Record<string, string | number | null>>(`SELECT * FROM raw_t ORDER BY _line`);
  return { raw, rows };
}

describe('readRaw', () => {
  it('reads a plain file by SQL lines, with header names as columns and physical lines', async () => {
    const { raw, rows } = await read('id;name\r\n1;Ana\r\n\r\n2;"Silva; Bia"\r\n');
    expect(raw).toMatchObject({ loadPath: 'sql-lines', delimiter: ';', encoding: 'utf-8', header: ['id', 'name'], rowsRead: 2 });
    // Line 3 is blank: it holds no row but still counts, so the second row starts on line 4.
    expect(rows).toEqual([
      { _line: 2, _problem: null, id: '1', name: 'Ana' },
      { _line: 4, _problem: null, id: '2', name: 'Silva; Bia' },
    ]);
  });

  it('finds a header that only ends past the first 64 KiB the reader parses at a time, and the lines after it', async () => {
    // A quoted header name with a line break and a CRLF split by the 64 KiB slice boundary.
    const long = 'x'.repeat(64 * 1024 - 'id,"a\nb'.length - 2);
    const { raw, rows } = await read(`id,"a\nb${long}"\r\n1,2\r\n3,4\r\n`);
    expect(raw.header).toEqual(['id', `a\nb${long}`]);
    // The header runs over lines 1 and 2, so the rows start on line 3.
    expect(rows.map((r) => [r._line, r.id])).toEqual([
      [3, '1'],
      [4, '3'],
    ]);
  });

  it('reads records with embedded newlines in JS, the other lines in SQL, and still names each row’s first line', async () => {
    const { raw, rows } = await read('id,note\n1,"two\nlines"\n2,x\n3,"un""closed\n4,y\n');
    expect(raw.loadPath).toBe('mixed');
    expect(rows.map((r) => [r._line, r.id, r.note])).toEqual([
      [2, '1', 'two\nlines'],
      [4, '2', 'x'],
      [5, '3', 'un"closed\n4,y\n'],
    ]);
    expect(rows[2]!._problem).toMatch(/never closed/);
  });

  it('reads a multi-line record in the middle of a CRLF file in JS, with its line breaks as written', async () => {
    const { raw, rows } = await read('id,note\r\n1,a\r\n2,"x\r\n\r\ny ""z"""\r\n\r\n3,"c,d"\r\n4,"e\nf"\r\n');
    expect(raw).toMatchObject({ loadPath: 'mixed', rowsRead: 4 });
    expect(rows.map((r) => [r._line, r._problem, r.id, r.note])).toEqual([
      [2, null, '1', 'a'],
      [3, null, '2', 'x\r\n\r\ny "z"'],
      [7, null, '3', 'c,d'],
      [8, null, '4', 'e\nf'],
    ]);
  });

  it('keeps file order on the mixed path without sorting, and passes a text prefilter to a record whose first line misses it', async () => {
    // Enough rows for several vectors, with multi-line records near the start, middle and end.
    const lines = ['id,note,day'];
    for (let i = 1; i <= 5000; i++) lines.push(i % 1700 === 1 ? `${i},"note\non two lines",01/02/2026` : `${i},n,2026-01-02`);
    const { raw } = await read(`${lines.join('\n')}\n`);
    expect(raw).toMatchObject({ loadPath: 'mixed', rowsRead: 5000 });
    const inOrder = await db.all<{ _line: number }>('SELECT _line FROM raw_t');
    expect(inOrder.map((r) => r._line)).toEqual([...inOrder.map((r) => r._line)].sort((a, b) => a - b));
    expect(inOrder).toHaveLength(5000);
    const plan = await db.all<{ explain_value: string }>('EXPLAIN SELECT * FROM raw_t');
    expect(plan.map((r) => r.explain_value).join('\n')).not.toMatch(/ORDER_BY/);
    // Each multi-line record pushes the next rows a line down. Its date with a slash is on its
    // second line, and the prefilter reads first lines.
    const slashed = await db.all<{ _line: number; day: string }>(`SELECT _line, day FROM (${raw.rows({ text: (l) => `contains(${l}, '/')` })}) WHERE contains(day, '/') ORDER BY _line`);
    expect(slashed).toEqual([
      { _line: 2, day: '01/02/2026' },
      { _line: 1703, day: '01/02/2026' },
      { _line: 3404, day: '01/02/2026' },
    ]);
  });

  it('says whether a value may start or end with a space separator, which staging then trims', async () => {
    const padded = async (text: string, exact = false) => (await read(text, exact)).raw.padded;
    expect(await padded('id,name\n1,Ana Souza\n2,Bia\u00a0Lima\n')).toBe(false); // spaces inside values only
    expect(await padded('id,name\n1, Ana\n')).toBe(true); // after a delimiter
    expect(await padded('id,name\n1,Ana \n')).toBe(true); // at the line's end
    expect(await padded('id;name\n1;"Ana "\n')).toBe(true); // before a closing quote
    expect(await padded('id,name\n1,Ana\u00a0\n')).toBe(true); // a no-break space
    expect(await padded('id\tname\n\u30001\tAna\n')).toBe(true); // an ideographic space, tab-delimited
    expect(await padded('id,note\n1,"two\nlines"\n2,x\n')).toBe(false);
    expect(await padded('id,note\n1,"two\nlines "\n2,x\n')).toBe(true); // in a record spanning lines
    expect(await padded('id,name\n1,Ana\n', true)).toBe(true); // the JS path does not look
    // On a line with quotes the values themselves are looked at: ", " inside one is not padding.
    expect(await padded('id,company\n1,"Acme, Inc"\n2,Bia\n')).toBe(false);
    expect(await padded('id,company\n1,"Acme, Inc"\n2," Bia"\n')).toBe(true);
    expect(await padded('id,company,n\n1,"Acme"\u00a0,x\n')).toBe(true); // text after the closing quote
  });

  it('finds a file valid UTF-8 when a character is cut by the edge of a read chunk (1 MiB)', async () => {
    // Every line is 16 bytes; the 2-byte é on line 65,536 sits across byte 1,048,576.
    const line = (k: number) => `${String(k).padStart(6, '0')},Joao Sil\n`;
    const lines = Array.from({ length: 70_000 }, (_, i) => line(i + 1));
    const at = 65_535;
    lines[at] = `${String(at + 1).padStart(6, '0')},éJoaoS\n`;
    const text = `id,name\n${lines.join('')}`;
    const cut = 1 << 20;
    const bytes = Buffer.from(text);
    expect(bytes[cut - 1]).toBe(0xc3); // é's first byte ends the first chunk
    const { raw } = await read(bytes);
    expect(raw).toMatchObject({ encoding: 'utf-8', utf8Evidence: null, rowsRead: 70_000 });
  });

  it('hands a quoted value that runs past its line to JS even when a stray quote makes the count even', async () => {
    // Two quotes on line 2, so an even count, but the third field opens a quote that the line never
    // closes: the value runs on into line 3 and is never closed.
    const { raw, rows } = await read('id,a,b\n1,b"c,"d\n2,x,y\n');
    expect(raw.loadPath).toBe('mixed');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ _line: 2, a: 'b"c', b: 'd\n2,x,y\n' });
    expect(rows[0]!._problem).toMatch(/never closed/);
  });

  it('parses the whole file in JS when records spanning lines are too many to merge, with the same rows', async () => {
    const text = 'id,note\n1,"a\nb"\n2,c\n3,"d\ne"\n';
    const mixed = await read(text, false, { maxJsRecords: 2, lineBuffer: 1 << 20 });
    const whole = await read(text, false, { maxJsRecords: 1, lineBuffer: 1 << 20 });
    expect(mixed.raw.loadPath).toBe('mixed');
    expect(whole.raw.loadPath).toBe('js-records');
    expect(whole.rows).toEqual(mixed.rows);
    expect(whole.rows.map((r) => [r._line, r.note])).toEqual([
      [2, 'a\nb'],
      [4, 'c'],
      [5, 'd\ne'],
    ]);
  });

  it('reads a physical line longer than the SQL line buffer in JS instead of failing', async () => {
    const long = 'x'.repeat(5000);
    const { raw, rows } = await read(`id,note\n1,${long}\n2,y\n`, false, { maxJsRecords: 10, lineBuffer: 4096 });
    expect(raw.loadPath).toBe('js-records');
    expect(rows.map((r) => [r._line, r.note])).toEqual([
      [2, long],
      [3, 'y'],
    ]);
  });

  it('reads a last line over twice the line buffer (read_csv dropped it without an error: 2 of 3 rows)', async () => {
    const long = 'x'.repeat(10_000);
    for (const end of ['', '\n']) {
      const { raw, rows } = await read(`id,note\n1,a\n2,b\n3,${long}${end}`, false, { maxJsRecords: 10, lineBuffer: 4096 });
      expect(raw).toMatchObject({ loadPath: 'js-records', rowsRead: 3 });
      expect(rows.map((r) => [r._line, r.id, r.note])).toEqual([
        [2, '1', 'a'],
        [3, '2', 'b'],
        [4, '3', long],
      ]);
    }
  });

  it('refuses a record longer than the reader holds, naming its line, on both paths', async () => {
    const limits = { maxJsRecords: 10, lineBuffer: 2048, maxRecordChars: 1000 };
    // Unquoted, one line over the line buffer: read by JS records. Quoted with line breaks: merged in by the mixed path.
    for (const text of [`id,note\n1,a\n2,${'x'.repeat(3000)}\n3,c\n`, `id,note\n1,a\n2,"${'x\n'.repeat(1500)}"\n3,c\n`]) {
      for (const exact of [false, true]) {
        const error = await read(text, exact, limits).then(() => null, (e: unknown) => e);
        expect(error).toBeInstanceOf(UnreadableFileError);
        expect((error as Error).message).toMatch(/the record starting on line 3 is longer than .* characters/);
      }
    }
  });

  it('loads a value holding a lone CR (the exact path writes it quoted and reads it back intact)', async () => {
    const { raw, rows } = await read('id,name\n1,"x\ry"\n2,z\n');
    expect(raw.loadPath).toBe('js-records');
    // The CR inside the quotes is a line break for line counting: row 2 starts on line 4.
    expect(rows.map((r) => [r._line, r.name])).toEqual([
      [2, 'x\ry'],
      [4, 'z'],
    ]);
  });

  it('marks ragged rows and keeps the extra fields visible in the last column', async () => {
    for (const exact of [false, true]) {
      const { rows } = await read('a,b,c\n1,2\n1,2,3,4\n', exact);
      expect(rows).toEqual([
        { _line: 2, _problem: 'the row has 2 fields where the header has 3', a: '1', b: '2', c: null },
        { _line: 3, _problem: 'the row has 4 fields where the header has 3', a: '1', b: '2', c: '3,4' },
      ]);
    }
  });

  it('decodes Windows-1252, including the 0x80–0x9F letters Node’s own decoder gets wrong', async () => {
    const bytes = iconv.encode('nome;valor\nConceição – “ótimo”;€ 5\n', 'win1252');
    const { raw, rows } = await read(bytes);
    expect(raw).toMatchObject({ encoding: 'windows-1252', loadPath: 'js-records' });
    expect(rows[0]).toMatchObject({ nome: 'Conceição – “ótimo”', valor: '€ 5' });
  });

  it('reads a UTF-8 file with one stray byte as UTF-8 and marks only the row holding it, naming the column', async () => {
    // 0xFF in the middle of Bia's name; Júlia and João carry two valid 2-byte characters.
    const bytes = Buffer.concat([Buffer.from('id,name\n1,Júlia\n2,B'), Buffer.from([0xff]), Buffer.from('ia\n3,João\n')]);
    for (const exact of [false, true]) {
      const { raw, rows } = await read(bytes, exact);
      expect(raw).toMatchObject({ encoding: 'utf-8', rowsRead: 3, rowsWithInvalidBytes: 1, utf8Evidence: { multiByte: 2, invalid: 1 } });
      expect(rows).toEqual([
        { _line: 2, _problem: null, id: '1', name: 'Júlia' },
        { _line: 3, _problem: 'name: holds a byte (0xFF) that is not valid UTF-8 in a file that is otherwise UTF-8; fix the export', id: '2', name: 'B\uFFFDia' },
        { _line: 4, _problem: null, id: '3', name: 'João' },
      ]);
    }
  });

  it('refuses a header whose name holds a stray byte in an otherwise UTF-8 file', async () => {
    const bytes = Buffer.concat([Buffer.from('id,n'), Buffer.from([0xe9]), Buffer.from('me\n1,Júlia\n2,João\n')]);
    await expect(read(bytes)).rejects.toThrow(/the name of column 2 in the header \(line 1\) holds the byte 0xE9/);
  });

  it('reads the header of a file whose first megabyte ends inside a character', async () => {
    // "id,name\n1," is 10 bytes; the "ã" (2 bytes in UTF-8) then starts on the last byte of the first MiB.
    const value = `${'a'.repeat((1 << 20) - 11)}ão`;
    const { raw, rows } = await read(`id,name\n1,${value}\n2,João\n`);
    expect(raw).toMatchObject({ header: ['id', 'name'], encoding: 'utf-8', rowsRead: 2 });
    expect(rows.map((r) => r.name)).toEqual([value, 'João']);
  });

  it('strips a UTF-8 BOM from the first header name', async () => {
    const { raw } = await read('\uFEFFlead_id,created_at\n1,2026-01-01\n');
    expect(raw.header).toEqual(['lead_id', 'created_at']);
  });

  it('refuses an empty file with a sentence that says what to do', async () => {
    await expect(read('')).rejects.toThrow(UnreadableFileError);
    await expect(read('\n\n')).rejects.toThrow(/is empty: it has no header row/);
  });

  it('reads any CSV the same way on both paths, multi-line values and stray quotes included', async () => {
    const cell = fc.oneof(
      fc.constant(''),
      fc.string({ unit: fc.constantFrom('a', 'B', ' ', 'ç', ';', '.', '-', '|') }),
      fc.string({ unit: fc.constantFrom('a', ',', '"', ' ', 'é') }).map((s) => `"${s.replaceAll('"', '""')}"`),
      fc.string({ unit: fc.constantFrom('x', '"') }).filter((s) => !s.startsWith('"') && (s.split('"').length - 1) % 2 === 0),
      // Anything at all, stray and unclosed quotes included: where the fast path cannot be sure,
      // it must hand the file to the exact path rather than read it differently.
      fc.string({ unit: fc.constantFrom('x', '"', ' ') }),
      // Quoted values with line breaks, which the fast path hands to the JS reader record by record.
      fc.string({ unit: fc.constantFrom('a', '\n', '\r\n', ',', '"') }).map((s) => `"${s.replaceAll('"', '""')}"`),
    );
    const row = fc.array(cell, { minLength: 1, maxLength: 5 });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 6 }), fc.constantFrom('\n', '\r\n'), async (rows, eol) => {
        const text = `h1,h2,h3${eol}${rows.map((r) => r.join(',')).join(eol)}${eol}`;
        const fast = await read(text);
        const exact = await read(text, true);
        const norm = (rs: Array<Record<string, unknown>>) => rs.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v ?? ''])));
        expect(norm(fast.rows)).toEqual(norm(exact.rows));
        expect(fast.raw.rowsRead).toBe(exact.raw.rowsRead);
      }),
      { numRuns: 150 },
    );
  });
});
