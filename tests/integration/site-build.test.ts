import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// `npm run build` with a snapshots folder that cannot be published: the sentence, no stack
// trace, exit 1, and the site already in dist/ untouched (the old `astro build` emptied it first).
// `npm run report` builds the site while the pipeline still writes the snapshots: the pages wait
// for them, and a failed pipeline publishes nothing. The tests share dist/, so they live in one
// file, which runs them one after the other.

const root = fileURLToPath(new URL('../..', import.meta.url));

const dist = join(root, 'dist');
const index = join(dist, 'index.html');

/** The site in dist/ before a run: from an earlier build, or a marker when none was built yet. */
function earlierSite(): string {
  if (!existsSync(index)) {
    mkdirSync(dist, { recursive: true });
    writeFileSync(index, '<!doctype html><title>earlier build</title>');
  }
  return readFileSync(index, 'utf8');
}

describe('npm run build with a wrong HANDOFF_SNAPSHOTS', () => {
  it('prints the reason without a stack trace, exits 1 and leaves dist/ as it was', () => {
    const before = earlierSite();
    const run = spawnSync(process.execPath, ['scripts/build-site.ts'], {
      cwd: root,
      env: { ...process.env, HANDOFF_SNAPSHOTS: 'no/such/snapshots', TZ: 'UTC', ASTRO_TELEMETRY_DISABLED: '1' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('cannot be published');
    expect(run.stderr).toContain('the snapshots folder does not exist');
    expect(run.stderr).toContain('was left as it was');
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stdout).toBe('');
    expect(readFileSync(index, 'utf8')).toBe(before);
  });
});

describe('npm run report', () => {
  const env = { ...process.env, TZ: 'UTC', ASTRO_TELEMETRY_DISABLED: '1' };

  it('publishes nothing when the pipeline fails, with its exit code and its sentence', () => {
    const out = mkdtempSync(join(tmpdir(), 'handoff-report-'));
    try {
      const before = earlierSite();
      const run = spawnSync(process.execPath, ['scripts/report.ts', '--input', 'no/such/input', '--config', 'sla.yaml', '--out', out], { cwd: root, env, encoding: 'utf8' });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('no/such/input/leads.csv: not found.');
      expect(run.stderr).toContain('The snapshots were not written, so no site was built. The site in dist/ was left as it was.');
      expect(run.stderr).not.toMatch(/^\s+at /m);
      expect(readFileSync(index, 'utf8')).toBe(before);
      expect(existsSync(join(root, '.dist-next'))).toBe(false);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('builds the pages from the snapshots the pipeline writes meanwhile, not from what was there before', () => {
    // The snapshots folder does not exist when Astro starts: a page that read it before the
    // pipeline finished would stop the build with "the snapshots folder does not exist".
    const out = mkdtempSync(join(tmpdir(), 'handoff-report-'));
    try {
      const run = spawnSync(process.execPath, ['scripts/report.ts', '--input', 'data/sample', '--config', 'sla.yaml', '--out', out], {
        cwd: root,
        env: { ...env, HANDOFF_SNAPSHOTS: join(out, 'snapshots') },
        encoding: 'utf8',
      });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('snapshots: 18 written');
      expect(run.stdout).toMatch(/site: 18 periods \(2025-05 … 2026-10\)[^\n]*\n[\s\S]*open dist\/index\.html in a browser/);
      expect(readFileSync(join(dist, 'periods/2026-10/index.html'), 'utf8')).toContain('2026-10');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
