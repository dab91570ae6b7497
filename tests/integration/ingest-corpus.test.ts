import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contractSchema, type InputKind } from '../../pipeline/contract/schema.ts';
import { Db } from '../../pipeline/db.ts';
import { ingest } from '../../pipeline/ingest/ingest.ts';
import { silentLogger } from '../../pipeline/steps.ts';

// One test per folder of tests/fixtures/ingest: each holds the input files of a bad or odd export
// and, in expected.json, what ingest must make of it, worked out by hand (see the README there).
// Every case runs in São Paulo time (UTC−3, no DST in 2026) with the clock at 2026-11-01T12:00Z
// unless its expected.json says otherwise.

const ROOT = 'tests/fixtures/ingest';

/** A reject as expected: its line, its reason (exact, or a pattern for the reader's wording), and some raw values. */
interface ExpectedReject {
  line: number;
  reason?: string;
  reason_matches?: string;
  values?: Record<string, string | null>;
}

interface ExpectedInput {
  rows_read: number;
  rows_loaded: number;
  rows_quarantined: number;
  duplicates: number;
  orphans: number;
  encoding?: string;
  delimiter?: string;
  header?: string[];
  /** Every quarantined row, in line order. */
  rejects?: ExpectedReject[];
  /** Every stg_<kind> row in source-line order; only the columns listed are compared. */
  rows?: Array<Record<string, unknown>>;
}

interface Expected {
  about: string;
  contract?: Record<string, unknown>;
  now?: string;
  error?: { kind: 'InputFileError' | 'UnreadableFileError'; includes: string[] };
  inputs?: Partial<Record<InputKind, ExpectedInput>>;
}

const cases = readdirSync(ROOT)
  .filter((name) => statSync(join(ROOT, name)).isDirectory())
  .sort();

async function ingestCase(dir: string, expected: Expected) {
  const contract = contractSchema.parse({ timezone: 'America/Sao_Paulo', ...expected.contract });
  const db = await Db.open(':memory:');
  try {
    const result = await ingest(db, silentLogger, dir, contract, { now: new Date(expected.now ?? '2026-11-01T12:00:00Z') });
    const tables: Partial<Record<InputKind, { rejects: Array<Record<string, unknown>>; rows: Array<Record<string, unknown>> }>> = {};
    for (const kind of Object.keys(result.stats) as InputKind[]) {
      tables[kind] = {
        rejects: await db.all(`SELECT * FROM rejects_${kind} ORDER BY line`),
        rows: (await db.all<Record<string, unknown>>(`SELECT * FROM stg_${kind} ORDER BY source_line`)).map((r) =>
          typeof r.attributes === 'string' ? { ...r, attributes: JSON.parse(r.attributes) } : r,
        ),
      };
    }
    return { result, tables };
  } finally {
    db.close();
  }
}

describe('ingest on the corpus of bad and odd exports', () => {
  it('has at least 30 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  for (const name of cases) {
    const dir = join(ROOT, name);
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
    it(`${name}: ${expected.about}`, async () => {
      if (expected.error) {
        const error = await ingestCase(dir, expected).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(Error);
        expect((error as Error).name).toBe(expected.error.kind);
        for (const part of expected.error.includes) expect((error as Error).message).toContain(part);
        return;
      }
      const { result, tables } = await ingestCase(dir, expected);
      const inputs = expected.inputs ?? {};
      expect(Object.keys(result.stats).sort()).toEqual(Object.keys(inputs).sort());
      for (const [kind, want] of Object.entries(inputs) as Array<[InputKind, ExpectedInput]>) {
        const stats = result.stats[kind]!;
        const file = result.files[kind]!;
        expect({ kind, ...pick(stats, ['rows_read', 'rows_loaded', 'rows_quarantined', 'duplicates', 'orphans']) }).toEqual({
          kind,
          ...pick(want, ['rows_read', 'rows_loaded', 'rows_quarantined', 'duplicates', 'orphans']),
        });
        // Conservation: every row read is either loaded or quarantined.
        expect(stats.rows_read).toBe(stats.rows_loaded + stats.rows_quarantined);
        if (want.encoding) expect(file.encoding).toBe(want.encoding);
        if (want.delimiter) expect(file.delimiter).toBe(want.delimiter);
        if (want.header) expect(file.header).toEqual(want.header);
        const { rejects, rows } = tables[kind]!;
        if (want.rejects) {
          expect(rejects.map((r) => r.line)).toEqual(want.rejects.map((r) => r.line));
          want.rejects.forEach((w, i) => {
            const got = rejects[i]!;
            if (w.reason !== undefined) expect(got.reason).toBe(w.reason);
            if (w.reason_matches !== undefined) expect(got.reason).toMatch(new RegExp(w.reason_matches));
            if (w.values) expect(got).toMatchObject(w.values);
          });
        } else {
          expect(rejects).toHaveLength(want.rows_quarantined);
        }
        if (want.rows) {
          expect(rows.map((r) => r.source_line)).toEqual(want.rows.map((r) => r.source_line));
          want.rows.forEach((w, i) => expect(rows[i]).toMatchObject(w));
        }
      }
    });
  }
});

function pick<T extends object, K extends keyof T>(value: T, keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, value[k]])) as Pick<T, K>;
}
