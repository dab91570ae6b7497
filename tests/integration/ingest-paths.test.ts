import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractSchema } from '../../pipeline/contract/schema.ts';
import { Db } from '../../pipeline/db.ts';
import { UserError } from '../../pipeline/errors.ts';
import { ingest, InputPathError, type IngestOptions } from '../../pipeline/ingest/ingest.ts';
import { silentLogger } from '../../pipeline/steps.ts';

// Which files a run may read: only those inside --input once symbolic links are followed (a
// contract naming ../../etc/passwd had its lines copied into rejects/), and every file sla.yaml
// declares (a missing won.csv was skipped, revenue 0, no word).

const LEADS = 'lead_id,created_at\nL1,2026-10-01 09:00\nL2,2026-10-02 09:00\n';
const SECRET = 'lead_id,created_at\nS1,2026-10-01 09:00\nS2,not a date\nS3,2026-10-03 09:00\n';

let root: string;
let db: Db;
beforeAll(async () => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'handoff-paths-')));
  db = await Db.open(':memory:');
});
afterAll(() => {
  db.close();
  rmSync(root, { recursive: true, force: true });
});

let n = 0;
/** A fresh input folder `in/` with leads.csv, next to a `secret.csv` outside it. */
function folders(): { input: string; secret: string } {
  const base = join(root, `case-${n++}`);
  const input = join(base, 'in');
  mkdirSync(input, { recursive: true });
  writeFileSync(join(input, 'leads.csv'), LEADS);
  writeFileSync(join(base, 'secret.csv'), SECRET);
  return { input, secret: join(base, 'secret.csv') };
}

function run(input: string, files: Record<string, unknown> = {}, options: IngestOptions = {}) {
  const contract = contractSchema.parse({ timezone: 'America/Sao_Paulo', mapping: { files } });
  return ingest(db, silentLogger, input, contract, { now: new Date('2026-11-01T12:00:00Z'), ...options });
}

async function refusal(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(InputPathError);
  expect(error).toBeInstanceOf(UserError);
  return error as Error;
}

describe('input files stay inside --input', () => {
  it('refuses a declared path that climbs out of the folder, naming the setting and where it leads', async () => {
    const { input, secret } = folders();
    const error = await refusal(run(input, { leads: { path: '../secret.csv' } }));
    expect(error.message).toContain(`sla.yaml sets mapping.files.leads.path to "../secret.csv", which resolves to ${secret}, outside the input folder ${input}.`);
    expect(error.message).toContain('--allow-outside-input');
  });

  it('refuses an absolute declared path outside the folder', async () => {
    const { input, secret } = folders();
    const error = await refusal(run(input, { leads: { path: secret } }));
    expect(error.message).toContain(`resolves to ${secret}, outside the input folder ${input}`);
  });

  it('refuses a symbolic link out of the folder, declared or under the canonical name', async () => {
    const declared = folders();
    symlinkSync(declared.secret, join(declared.input, 'export.csv'));
    expect((await refusal(run(declared.input, { leads: { path: 'export.csv' } }))).message).toContain(`resolves to ${declared.secret}`);

    const canonical = folders();
    rmSync(join(canonical.input, 'leads.csv'));
    symlinkSync(canonical.secret, join(canonical.input, 'leads.csv'));
    expect((await refusal(run(canonical.input))).message).toContain(`The leads file ${join(canonical.input, 'leads.csv')} (a symbolic link) resolves to ${canonical.secret}`);
  });

  it('reads links that stay inside the folder, and an input folder reached through a link', async () => {
    const { input } = folders();
    symlinkSync(join(input, 'leads.csv'), join(input, 'alias.csv'));
    expect((await run(input, { leads: { path: 'alias.csv' } })).stats.leads).toMatchObject({ rows_read: 2, rows_loaded: 2 });
    const linked = join(root, `linked-${n++}`);
    symlinkSync(input, linked);
    expect((await run(linked)).stats.leads).toMatchObject({ rows_read: 2, rows_loaded: 2 });
  });

  it('reads a file outside the folder when the run allows it (--allow-outside-input)', async () => {
    const { input } = folders();
    const { stats } = await run(input, { leads: { path: '../secret.csv' } }, { allowOutsideInput: true });
    expect(stats.leads).toMatchObject({ rows_read: 3, rows_loaded: 2, rows_quarantined: 1 });
  });
});

describe('declared input files must exist', () => {
  it('stops when a declared file is missing, naming the setting, the path looked for and the fix', async () => {
    const { input } = folders();
    const error = await refusal(run(input, { deals: { path: 'won.csv', constants: { status: 'won' } } }));
    expect(error.message).toBe(
      `sla.yaml sets mapping.files.deals.path to "won.csv", but there is no file at ${join(input, 'won.csv')}. ` +
        `Put the deals export there, correct the path in sla.yaml (it is read relative to --input, ${input}), or remove the setting if there is no deals export.`,
    );
  });

  it('still treats an optional file that is not declared as optional', async () => {
    const { input } = folders();
    const { stats } = await run(input);
    expect(Object.keys(stats)).toEqual(['leads']);
  });
});
