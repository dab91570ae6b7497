import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractSchema } from '../../pipeline/contract/schema.ts';
import { Db } from '../../pipeline/db.ts';
import { ingest } from '../../pipeline/ingest/ingest.ts';
import { silentLogger } from '../../pipeline/steps.ts';

// Whatever happens to an export on its way (a byte dropped, a line doubled, a stray quote or
// delimiter, a newline in the wrong place, a cut-off end, a Windows-1252 byte), ingest either
// stops with one of its documented file errors or loads it conserving rows.

const VALID = Buffer.from(
  'lead_id,created_at,name,company,source,score\n' +
    'L1,2026-10-01 09:00,Ana Souza,"Padaria São João",organic,80\n' +
    'L2,15/10/2026 14:30,"Silva, Bia","Açaí ""&"" Cia",paid,"65,5"\n' +
    'L3,2026-10-03T10:00:00-03:00,Caio,,organic,\n' +
    'L4,2026-10-04,Duda,"Ótica\nVisão",referral,90\n',
  'utf8',
);

/** Bytes worth inserting: structure (quotes, delimiters, line ends), a BOM, accents, Windows-1252, NUL and junk. */
const piece = fc.oneof(
  fc.constantFrom('"', '""', ',', ';', '\t', '|', '\n', '\r', '\r\n', '\uFEFF', 'é', 'ç', '13/13/2026', '-1', ' ').map((s) => Buffer.from(s, 'utf8')),
  fc.constantFrom(0x80, 0x96, 0xe7, 0xff, 0x01, 0x00).map((b) => Buffer.from([b])),
  fc.string({ maxLength: 6 }).map((s) => Buffer.from(s, 'utf8')),
);

type Mutation =
  | { op: 'delete'; at: number; length: number }
  | { op: 'duplicate'; at: number; length: number }
  | { op: 'insert'; at: number; bytes: Buffer }
  | { op: 'truncate'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 60 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), bytes: piece }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
);

function apply(bytes: Buffer, m: Mutation): Buffer {
  const at = bytes.length === 0 ? 0 : m.at % (bytes.length + 1);
  switch (m.op) {
    case 'delete':
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + m.length)]);
    case 'duplicate':
      return Buffer.concat([bytes.subarray(0, at + m.length), bytes.subarray(at)]);
    case 'insert':
      return Buffer.concat([bytes.subarray(0, at), m.bytes, bytes.subarray(at)]);
    case 'truncate':
      return bytes.subarray(0, at);
  }
}

let db: Db;
let dir: string;
beforeAll(async () => {
  db = await Db.open(':memory:');
  dir = mkdtempSync(join(tmpdir(), 'handoff-ingest-property-'));
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const contract = contractSchema.parse({ timezone: 'America/Sao_Paulo', locale: 'pt-BR' });

describe('ingest on randomly damaged leads files', () => {
  it('loads the undamaged file completely', async () => {
    writeFileSync(join(dir, 'leads.csv'), VALID);
    const { stats } = await ingest(db, silentLogger, dir, contract, { now: new Date('2026-11-01T12:00:00Z') });
    // Four rows, all valid: "15/10/2026" makes the file day-first and "65,5" comma-decimal.
    expect(stats.leads).toMatchObject({ rows_read: 4, rows_loaded: 4, rows_quarantined: 0 });
  });

  it('reads a UTF-8 file with a few stray bytes as UTF-8, quarantining the rows that hold them', async () => {
    const dataStart = VALID.indexOf(0x0a) + 1;
    // Before an ASCII byte of a data line, so no valid character is cut (the file keeps its 6 valid
    // 2-byte characters against at most 2 stray bytes), and not before a quote, so no quoted value
    // with a line break turns into two rows.
    const asciiAt = [...VALID.keys()].filter((i) => i >= dataStart && VALID[i]! < 0x80 && VALID[i] !== 0x22);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...asciiAt), fc.constantFrom(0x80, 0xe9, 0xff)), { minLength: 1, maxLength: 2 }), async (strays) => {
        let bytes = VALID;
        for (const [at, byte] of [...strays].sort((a, b) => b[0] - a[0])) bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from([byte]), bytes.subarray(at)]);
        writeFileSync(join(dir, 'leads.csv'), bytes);
        const { stats, files } = await ingest(db, silentLogger, dir, contract, { now: new Date('2026-11-01T12:00:00Z') });
        const s = stats.leads!;
        expect(files.leads!.encoding).toBe('utf-8');
        expect(s.rows_read).toBe(4);
        expect(s.rows_read).toBe(s.rows_loaded + s.rows_quarantined);
        expect(s.rows_quarantined).toBeGreaterThanOrEqual(1);
        expect(s.reasons.some((r) => /not valid UTF-8/.test(r.reason))).toBe(true);
        // Nothing loaded was decoded as Windows-1252 (Ã for ã) or carries a replaced byte.
        const names = await db.all<{ text: string }>(`SELECT concat_ws('|', name, company) AS text FROM stg_leads`);
        for (const { text } of names) expect(text).not.toMatch(/[Ã\uFFFD]/);
      }),
      { numRuns: 15 },
    );
  });

  it('warns when a file mixes evidence of both encodings, whichever wins', async () => {
    const warnings: string[] = [];
    const logger = { info: () => {}, warn: (m: string) => warnings.push(m) };
    for (const name of ['47-stray-byte-in-utf8', '48-windows-1252-with-a-utf8-lookalike']) {
      await ingest(db, logger, join('tests/fixtures/ingest', name), contract, { now: new Date('2026-11-01T12:00:00Z') });
    }
    expect(warnings).toEqual([
      'tests/fixtures/ingest/47-stray-byte-in-utf8/leads.csv: 1 byte is not valid UTF-8 and 7 accented letters or symbols are, so it is read as UTF-8; ' +
        'the row holding those bytes is quarantined, each reason naming its column. Fix those bytes in the export.',
      'tests/fixtures/ingest/48-windows-1252-with-a-utf8-lookalike/leads.csv: 5 bytes are not valid UTF-8 and 1 accented letter or symbol is, ' +
        'so it is read as Windows-1252. If names look wrong (Ã© for é), the file mixes two encodings: export it again in one.',
    ]);
  });

  it('never crashes and always conserves rows', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 5 }), async (mutations) => {
        writeFileSync(join(dir, 'leads.csv'), mutations.reduce(apply, VALID));
        try {
          const { stats } = await ingest(db, silentLogger, dir, contract, { now: new Date('2026-11-01T12:00:00Z') });
          const s = stats.leads!;
          expect(s.rows_read).toBe(s.rows_loaded + s.rows_quarantined);
          const counted = await db.one<{ rejects: number; staged: number }>(
            'SELECT (SELECT count(*) FROM rejects_leads)::INTEGER AS rejects, (SELECT count(*) FROM stg_leads)::INTEGER AS staged',
          );
          expect(counted.rejects).toBe(s.rows_quarantined);
          expect(counted.staged).toBe(s.rows_loaded - s.duplicates);
        } catch (error) {
          if (!(error instanceof Error) || !['InputFileError', 'UnreadableFileError'].includes(error.name)) throw error;
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('ingest trims what DuckDB’s trim would, whether or not the file needed it', () => {
  // Staging leaves trim out for a file where read-raw finds no value starting or ending with a
  // space separator; this checks that finding against a JS trim of every value.
  const SPACES = [' ', '\u00a0', '\u2009', '\u3000'];
  const value = fc.array(fc.constantFrom('a', 'b', 'ç', ...SPACES, ',', ';', '"'), { maxLength: 5 }).map((cs) => cs.join(''));
  const trimmed = (v: string) => v.replace(/^\p{Zs}+|\p{Zs}+$/gu, '') || null;

  it('loads every name as the JS trim of its text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(',', ';', '\t'), fc.array(fc.tuple(value, fc.boolean()), { minLength: 1, maxLength: 6 }), async (delimiter, names) => {
        // A field holding the delimiter or a quote is quoted; others are quoted at random.
        const field = ([v, quote]: [string, boolean]) =>
          quote || v.includes(delimiter) || v.includes('"') ? `"${v.replaceAll('"', '""')}"` : v;
        const lines = names.map((n, i) => [`L${i + 1}`, '2026-10-01 09:00', field(n)].join(delimiter));
        writeFileSync(join(dir, 'leads.csv'), `${['lead_id', 'created_at', 'name'].join(delimiter)}\n${lines.join('\n')}\n`);
        await ingest(db, silentLogger, dir, contractSchema.parse({ timezone: 'UTC', mapping: { delimiter } }), { now: new Date('2026-11-01T12:00:00Z') });
        const rows = await db.all<{ lead_id: string; name: string | null }>('SELECT lead_id, name FROM stg_leads ORDER BY source_line');
        expect(rows).toEqual(names.map(([v], i) => ({ lead_id: `L${i + 1}`, name: trimmed(v) })));
      }),
      { numRuns: 60, seed: 20261203 },
    );
  });
});
