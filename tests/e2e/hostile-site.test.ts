import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../pipeline/run.ts';
import { fixedClock, silentLogger } from '../../pipeline/steps.ts';
import { PRIVATE_FRAGMENTS, writeHostileInputs } from '../fixtures/hostile-inputs.ts';
import { build, filesOf } from './harness.ts';

// The site built from a run over hostile inputs (tests/fixtures/hostile-inputs.ts): quarantined
// cells full of private text shaped to defeat redaction, plus one loaded lead whose source is a
// formula behind a `;`. No private fragment may reach any page or download; the formula must be
// inert however a spreadsheet splits the cell; and a loaded source and owner holding terminal
// escapes are shown with the escapes written out (\u001b), in pages and downloads alike.

let work = '';
let dist = '';
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'handoff-hostile-site-'));
  dist = join(work, 'dist');
  const input = join(work, 'input');
  writeHostileInputs(input);
  appendFileSync(
    join(input, 'leads.csv'),
    'L20,2026-09-20 10:00:00,,Bia,,,"Ads;=SUM(1;2)",saas,Joao,2026-09-20 10:30:00,,\n' +
      `L21,2026-09-21 10:00:00,,Caio,,,"Web\x1b]8;;http://x\x07site",saas,"Lia\x1b[31m\r\x9b2J",2026-09-21 10:30:00,,\n`,
  );
  await runPipeline(
    { input, config: join(input, 'sla.yaml'), out: join(work, 'out'), restate: false },
    { logger: silentLogger, clock: fixedClock('2026-11-01T12:00:00Z') },
  );
  await build(dist, join(work, 'out/snapshots'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const published = () => ['.html', '.csv', '.svg', '.json', '.txt', '.xml'].flatMap((ext) => filesOf(dist, ext));

describe('the site built from hostile inputs', () => {
  it('shows the quarantine reasons by column and problem, and no private fragment on any page or download', () => {
    const data = readFileSync(join(dist, 'data/index.html'), 'utf8');
    expect(data).toContain('created_at: &quot;…&quot; is not a valid date or timestamp');
    const files = published();
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const fragment of PRIVATE_FRAGMENTS) expect(text.includes(fragment), `${JSON.stringify(fragment)} in ${relative(dist, file)}`).toBe(false);
    }
  });

  it('writes the control characters of loaded labels as visible escapes, in pages and downloads', () => {
    const files = published();
    for (const file of files) expect(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/.test(readFileSync(file, 'utf8')), relative(dist, file)).toBe(false);
    expect(readFileSync(join(dist, 'periods/2026-09/by-owner.csv'), 'utf8')).toContain('Lia\\u001b[31m\\u000d\\u009b2J');
    expect(readFileSync(join(dist, 'periods/2026-09/by-source.csv'), 'utf8')).toContain('Web\\u001b]8;;http://x\\u0007site');
  });

  it('writes a formula behind a separator inert in every CSV download', () => {
    const csvs = filesOf(dist, '.csv');
    const cells = csvs.flatMap((f) => Papa.parse<string[]>(readFileSync(f, 'utf8').trimEnd()).data.flat());
    expect(cells).toContain("Ads;'=SUM(1;2)");
    for (const cell of cells) {
      if (/^-?\d+(\.\d+)?(e[+-]?\d+)?$/.test(cell)) continue;
      for (const piece of [cell, ...cell.split(/[,;\t|\r\n]/)]) expect(piece, cell).not.toMatch(/^[ \t\u00a0]*[=+\-@]/);
    }
  });
});
