import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSite, loadSnapshots, metricRow, metricValue, neighbours, resolveSnapshotsDir, SnapshotError } from '../../site/lib/snapshots.ts';

const fixtures = fileURLToPath(new URL('../fixtures/snapshots', import.meta.url));
const scratch: string[] = [];

/** A private copy of the fixture snapshots that a test may break. */
function copyFixtures(): string {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-snapshots-'));
  scratch.push(dir);
  cpSync(fixtures, dir, { recursive: true });
  return dir;
}

function problemsOf(dir: string): string[] {
  try {
    loadSnapshots(dir);
  } catch (error) {
    if (error instanceof SnapshotError) return error.problems;
    throw error;
  }
  throw new Error('expected a SnapshotError');
}

afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('loading the snapshots folder', () => {
  it('reads every period oldest first, with the latest agreement deciding the locale', () => {
    const site = loadSite(fixtures);
    expect(site.periods.map((p) => p.period)).toEqual(['2026-08', '2026-09', '2026-10']);
    expect(site.latest.period).toBe('2026-10');
    expect(site.latest.manifest.closed).toBe(false);
    expect(site.locale).toBe('pt-BR');
    expect(site.latest.contract.name).toBe('Fixture Ltda: Marketing ⇄ Vendas');
  });

  it('gives whole-period values by default and a breakdown on request', () => {
    const { latest, periods } = loadSite(fixtures);
    expect(metricValue(latest, 'mql.count')).toBe(1234);
    expect(metricValue(latest, 'mql.count', 'source', 'paid')).toBe(534);
    expect(metricRow(latest, 'funnel.flow.won')?.unit).toBe('count');
    expect(metricValue(latest, 'speed.median_minutes')).toBeNull();
    expect(neighbours(periods, '2026-09').previous?.period).toBe('2026-08');
    expect(neighbours(periods, '2026-09').next?.period).toBe('2026-10');
    expect(neighbours(periods, '2026-08').previous).toBeUndefined();
  });

  it('finds the folder from HANDOFF_SNAPSHOTS, relative to the repo root, or data/snapshots', () => {
    expect(resolveSnapshotsDir('/repo', {})).toBe('/repo/data/snapshots');
    expect(resolveSnapshotsDir('/repo', { HANDOFF_SNAPSHOTS: '' })).toBe('/repo/data/snapshots');
    expect(resolveSnapshotsDir('/repo', { HANDOFF_SNAPSHOTS: 'tests/fixtures/snapshots' })).toBe('/repo/tests/fixtures/snapshots');
    expect(resolveSnapshotsDir('/repo', { HANDOFF_SNAPSHOTS: '/elsewhere/snaps' })).toBe('/elsewhere/snaps');
  });

  it('ignores loose files and hidden work folders but names a stray folder', () => {
    const dir = copyFixtures();
    writeFileSync(join(dir, 'NOTES.md'), 'not a period');
    mkdirSync(join(dir, '.tmp-run'));
    expect(loadSnapshots(dir)).toHaveLength(3);
    mkdirSync(join(dir, 'october'));
    expect(problemsOf(dir)).toEqual([`${join(dir, 'october')}: not a period folder; expected a name such as 2026-10, 2026-Q4 or 2026-W43`]);
  });

  it('lists every problem, naming the file and the field, instead of stopping at the first', () => {
    const dir = copyFixtures();
    const manifestFile = join(dir, '2026-08', 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, unknown>;
    writeFileSync(manifestFile, JSON.stringify({ ...manifest, closed: 'yes' }));
    rmSync(join(dir, '2026-09', 'contract.yaml'));
    const problems = problemsOf(dir);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(new RegExp(`^${manifestFile}: closed: .*boolean`));
    expect(problems[1]).toBe(`${join(dir, '2026-09', 'contract.yaml')}: the file is missing`);
  });

  it('refuses a metrics file changed after the pipeline wrote it', () => {
    const dir = copyFixtures();
    const metricsFile = join(dir, '2026-10', 'metrics.json');
    writeFileSync(metricsFile, readFileSync(metricsFile, 'utf8').replace('1234', '1235'));
    expect(problemsOf(dir)).toEqual([`${metricsFile}: its sha256 differs from manifest.json files, so it was changed after the pipeline wrote it`]);
  });

  it('refuses an agreement other than the one the manifest was measured with', () => {
    const dir = copyFixtures();
    const contractFile = join(dir, '2026-10', 'contract.yaml');
    writeFileSync(contractFile, readFileSync(contractFile, 'utf8').replace('locale: pt-BR', 'locale: en'));
    expect(problemsOf(dir)).toEqual([
      `${contractFile}: its sha256 differs from manifest.json contract.sha256, so it is not the agreement this period was measured with`,
    ]);
  });

  it('reads the restatements of a period, and names a malformed one', () => {
    const snapshots = loadSnapshots(fixtures);
    expect(snapshots.map((p) => p.restatements.length)).toEqual([0, 1, 0]);
    expect(snapshots[1]!.restatements[0]!.changes[0]).toEqual({ metric: 'funnel.flow.won', segment_kind: 'all', segment: 'all', old: 38, new: 39 });

    const dir = copyFixtures();
    const file = join(dir, '2026-09', 'restatements.json');
    writeFileSync(
      file,
      JSON.stringify([
        {
          restated_at: '2026-10-15T12:10:00Z',
          as_of: '2026-10-15T09:00:00-03:00',
          changes: [{ metric: 'mql.count', segment_kind: 'region', segment: 's', old: 1, new: 2 }],
        },
      ]),
    );
    const problems = problemsOf(dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${file}: \\[0\\]\\.changes\\[0\\]\\.segment_kind: `));
  });

  it('publishes owners as the latest agreement says, in every period', () => {
    const { latest, owners, periods } = loadSite(fixtures);
    expect(owners).toBe('initials');
    expect(metricValue(latest, 'mql.count', 'owner', 'A.B.C.')).toBe(500);
    expect(metricValue(latest, 'mql.count', 'owner', 'Ana Beatriz Costa')).toBeNull();
    expect(JSON.stringify(periods)).not.toContain('Bruno Lima');
  });

  it('refuses rows of another period and an empty or missing folder', () => {
    const dir = copyFixtures();
    const metricsFile = join(dir, '2026-09', 'metrics.json');
    const rows = JSON.parse(readFileSync(metricsFile, 'utf8')) as Array<Record<string, unknown>>;
    writeFileSync(metricsFile, JSON.stringify(rows.map((row, i) => (i === 2 ? { ...row, period: '2026-10' } : row))));
    expect(problemsOf(dir)).toContain(`${metricsFile}: [2].period is "2026-10" but the folder is 2026-09`);

    const empty = mkdtempSync(join(tmpdir(), 'handoff-empty-'));
    scratch.push(empty);
    expect(problemsOf(empty)).toEqual([`${empty}: there is no period folder to publish`]);
    expect(problemsOf(join(empty, 'missing'))).toEqual([`${join(empty, 'missing')}: the snapshots folder does not exist`]);
  });
});
