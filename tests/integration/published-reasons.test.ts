import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../pipeline/run.ts';
import { runSchema } from '../../pipeline/schemas/snapshot.ts';
import { fixedClock, silentLogger } from '../../pipeline/steps.ts';
import { PRIVATE_FRAGMENTS, writeHostileInputs } from '../fixtures/hostile-inputs.ts';

// Quarantine reasons as the snapshots publish them are built from the column and the problem,
// never from the value: hostile values (see tests/fixtures/hostile-inputs.ts) stay in rejects/.

const TIMESTAMP = 'is not a valid date or timestamp (expected ISO 8601, dd/mm/yyyy [HH:MM[:SS]] or yyyy-mm-dd HH:MM:SS)';
const NUMBER = 'is not a number (expected a form such as 1,234.56)';

let work = '';
let out = '';
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'handoff-hostile-'));
  out = join(work, 'out');
  writeHostileInputs(join(work, 'input'));
  await runPipeline(
    { input: join(work, 'input'), config: join(work, 'input/sla.yaml'), out, restate: false },
    { logger: silentLogger, clock: fixedClock('2026-11-01T12:00:00Z') },
  );
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('published quarantine reasons', () => {
  it('name the column and the problem, counted by hand', () => {
    const run = runSchema.parse(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')));
    expect(run.inputs.leads?.rows_quarantined).toBe(9);
    expect(run.inputs.leads?.reasons).toEqual([
      { reason: `created_at: "…" ${TIMESTAMP}`, rows: 2 },
      { reason: 'company_size: "…" is below 0', rows: 1 },
      { reason: `company_size: "…" ${NUMBER}`, rows: 1 },
      { reason: `created_at: "…" is in the future (more than a day after this run's clock, 2026-11-01T12:00:00Z)`, rows: 1 },
      { reason: 'lead_id is empty', rows: 1 },
      { reason: `mql_at: "…" ${TIMESTAMP}`, rows: 1 },
      { reason: `score: "…" ${NUMBER}`, rows: 1 },
      { reason: 'the row has 3 fields where the header has 12', rows: 1 },
    ]);
    expect(run.inputs.lead_events?.reasons).toEqual([
      { reason: 'stage: "…" is not one of lead, mql, sal, rejected, sql, opportunity, recycled, disqualified', rows: 1 },
    ]);
    expect(run.inputs.activities?.reasons).toEqual([{ reason: 'type: "…" is not one of call, email, whatsapp, meeting, linkedin, other', rows: 1 }]);
    expect(run.inputs.deals?.reasons).toEqual([{ reason: `amount: "…" ${NUMBER}`, rows: 1 }]);
  });

  it('carry no input value into run.json or any snapshot file, while rejects/ keep every value as read', () => {
    const published = [join(out, 'run.json'), ...filesUnder(join(out, 'snapshots'))];
    expect(published.length).toBeGreaterThan(5);
    for (const file of published) {
      const text = readFileSync(file, 'utf8');
      for (const fragment of PRIVATE_FRAGMENTS) expect(text.includes(fragment), `${JSON.stringify(fragment)} in ${file}`).toBe(false);
    }
    const rejects = filesUnder(join(out, 'rejects')).map((f) => readFileSync(f, 'utf8')).join('\n');
    for (const fragment of PRIVATE_FRAGMENTS) expect(rejects.includes(fragment), JSON.stringify(fragment)).toBe(true);
    // The private reason still quotes the value, so whoever fixes the export sees what was wrong.
    expect(readFileSync(join(out, 'rejects/leads.csv'), 'utf8')).toContain('created_at: ""31/02/2026; someone@mail.test +55 11 91234-5678"" is not a valid date');
  });
});
