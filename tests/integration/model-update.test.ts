import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Db } from '../../pipeline/db.ts';
import { runPipeline, type RunOptions } from '../../pipeline/run.ts';
import { fixedClock, type Logger } from '../../pipeline/steps.ts';

// When only the activities export grew, a run updates the previous model for the leads the new
// rows name instead of building it again (pipeline/model/update-model.ts). What it leaves must be
// what a whole build leaves: every model relation row for row, the snapshots and the worklists
// byte for byte. Fixture: tests/fixtures/metrics/attempts (hand-worked in metrics-attempts.test.ts).

const FIXTURE = join(import.meta.dirname, '../fixtures/metrics/attempts');
const CLOCK = fixedClock('2018-11-08T12:00:00Z');
const TIMEOUT = 60_000;
const RELATIONS = ['handoffs', 'handoff_facts', 'events', 'handoff_activities', 'attempts', 'handoff_events', 'calendar_openings', 'zone_offsets'];

let root = '';
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'handoff-model-update-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
/** A copy of the fixture and an output folder holding one run of it. */
async function firstRun(extra: Partial<RunOptions> = {}): Promise<{ input: string; out: string }> {
  const input = join(root, `in-${n}`);
  const out = join(root, `out-${n++}`);
  cpSync(FIXTURE, input, { recursive: true });
  await runPipeline({ input, config: join(input, 'sla.yaml'), out, ...extra }, { logger: { info: () => {}, warn: () => {} }, clock: CLOCK });
  return { input, out };
}

/** Runs `input` into `out` again; returns the model lines it logged. */
async function runAgain(input: string, out: string, extra: Partial<RunOptions> = {}): Promise<string[]> {
  const messages: string[] = [];
  const logger: Logger = { info: (m) => messages.push(m), warn: (m) => messages.push(m) };
  await runPipeline({ input, config: join(input, 'sla.yaml'), out, restate: true, ...extra }, { logger, clock: CLOCK });
  return messages.filter((m) => m.startsWith('model: ') && !/periods/.test(m));
}

/** Every row of the model's relations, ordered, as JSON-ready values. */
async function modelRows(out: string): Promise<Record<string, unknown[]>> {
  const db = await Db.open(join(out, 'warehouse.duckdb'), { readOnly: true });
  try {
    const rows: Record<string, unknown[]> = {};
    for (const r of RELATIONS) rows[r] = await db.all(`SELECT * FROM ${r} ORDER BY ALL`);
    return rows;
  } finally {
    db.close();
  }
}

/** The snapshots and worklists of a run, file by file, but the instants a run stamps. */
function outputs(out: string): Record<string, string> {
  const files = ['snapshots', 'actions'].flatMap((dir) => (readdirSync(join(out, dir), { recursive: true }) as string[]).map((f) => join(dir, f)));
  return Object.fromEntries(
    files
      .filter((f) => statSync(join(out, f)).isFile())
      .sort()
      .map((f) => [f, readFileSync(join(out, f), 'utf8').replace(/"(restated_at|generated_at|started_at|seconds)": ("[^"]*"|[0-9.]+)/g, '"$1": ""')]),
  );
}

/** Two copies of a run's outputs: one to update, one to build again whole with --full. */
function twin(out: string): string {
  const copy = `${out}-full`;
  cpSync(out, copy, { recursive: true });
  return copy;
}

async function attemptsOf(out: string, lead: string): Promise<{ attempts_total: number; first_attempt_at: string | null }> {
  const db = await Db.open(join(out, 'warehouse.duckdb'), { readOnly: true });
  try {
    return await db.one(`SELECT attempts_total, strftime(first_attempt_at, '%Y-%m-%dT%H:%MZ') AS first_attempt_at FROM handoffs WHERE lead_id = $1`, [lead]);
  } finally {
    db.close();
  }
}

describe('updating the model when only activities grew', () => {
  it('builds again only the leads the new rows name, and leaves what a whole build leaves', async () => {
    const { input, out } = await firstRun();
    const full = twin(out);
    // A second attempt on T2; B6 (T3's first attempt) moved to T4 by its new row; a lead that does not exist.
    appendFileSync(join(input, 'activities.csv'), 'B21,T2,2018-10-30 10:00,call,outbound,no_answer\nB6,T4,2018-10-30 11:30,call,outbound,no_answer\nB22,T99,2018-10-30 12:00,call,outbound,\n');
    const said = await runAgain(input, out);
    expect(said).toEqual([
      "model: only activities grew since the last run, so only the handoffs of 4 leads named by its new rows were built again (3 rows of handoff_facts); the other leads' rows were kept",
    ]);
    await runAgain(input, full, { full: true });
    expect(await modelRows(out)).toEqual(await modelRows(full));
    expect(outputs(out)).toEqual(outputs(full));
    // Hand-worked: T2 1 → 2 attempts; T3 loses B6 (09:10), so its first attempt is B7 at 11:00 (UTC−3); T4 gains it.
    expect(await attemptsOf(out, 'T2')).toEqual({ attempts_total: 2, first_attempt_at: '2018-10-29T17:30Z' });
    expect(await attemptsOf(out, 'T3')).toEqual({ attempts_total: 2, first_attempt_at: '2018-10-30T14:00Z' });
    expect(await attemptsOf(out, 'T4')).toEqual({ attempts_total: 2, first_attempt_at: '2018-10-30T13:30Z' });
  }, TIMEOUT);

  it('moves as_of with newer activities: every handoff is due at the new as_of, and the rest is a whole build', async () => {
    const { input, out } = await firstRun();
    const full = twin(out);
    const before = await modelRows(out);
    // The newest row of the inputs was 2018-11-06 11:30; this one moves as_of a day on.
    appendFileSync(join(input, 'activities.csv'), 'B21,T7,2018-11-07 10:00,call,outbound,connected\n');
    expect(await runAgain(input, out)).toEqual([
      "model: only activities grew since the last run, so only the handoffs of 1 lead named by its new rows were built again (1 row of handoff_facts); the other leads' rows were kept",
    ]);
    await runAgain(input, full, { full: true });
    const after = await modelRows(out);
    expect(after).toEqual(await modelRows(full));
    expect(outputs(out)).toEqual(outputs(full));
    // T1's row was kept, yet its elapsed time follows as_of: Tuesday 11:30 → Wednesday 10:00 is 390 business minutes.
    const elapsed = (rows: Record<string, unknown[]>) => (rows.handoffs as Array<{ lead_id: string; elapsed_at_as_of_minutes: number }>).find((h) => h.lead_id === 'T1')!.elapsed_at_as_of_minutes;
    expect(elapsed(after) - elapsed(before)).toBeCloseTo(390, 6);
  }, TIMEOUT);

  it('builds the model whole when the new rows name more than half of the leads', async () => {
    const { input, out } = await firstRun();
    const full = twin(out);
    // 5 of the 8 leads (T1…T8): updating them would cost more than building the model whole.
    appendFileSync(join(input, 'activities.csv'), ['T1', 'T2', 'T3', 'T5', 'T6'].map((lead, i) => `C${i},${lead},2018-10-31 10:00,call,outbound,no_answer\n`).join(''));
    expect(await runAgain(input, out)).toEqual([]);
    await runAgain(input, full, { full: true });
    expect(await modelRows(out)).toEqual(await modelRows(full));
  }, TIMEOUT);

  it('builds the model whole when another input grew too', async () => {
    const { input, out } = await firstRun();
    const full = twin(out);
    appendFileSync(join(input, 'lead_events.csv'), 'T1,sal,2018-10-30 12:00,\n');
    appendFileSync(join(input, 'activities.csv'), 'B21,T2,2018-10-30 10:00,call,outbound,no_answer\n');
    expect(await runAgain(input, out)).toEqual([]);
    await runAgain(input, full, { full: true });
    expect(await modelRows(out)).toEqual(await modelRows(full));
  }, TIMEOUT);

  it('builds the model whole when a later as_of brings in rows of leads the new rows do not name', async () => {
    // The first run measured at an earlier as_of, which left out T7's activities of 2018-11-06.
    const { input, out } = await firstRun({ asOf: '2018-11-05T18:00:00Z' });
    const full = twin(out);
    appendFileSync(join(input, 'activities.csv'), 'B21,T2,2018-11-07 10:00,call,outbound,no_answer\n');
    expect(await runAgain(input, out)).toEqual([]);
    await runAgain(input, full, { full: true });
    expect(await modelRows(out)).toEqual(await modelRows(full));
  }, TIMEOUT);
});
