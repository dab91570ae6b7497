import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// `npm run build` with a snapshots folder that cannot be published: the sentence, no stack
// trace, exit 1, and the site already in dist/ untouched (the old `astro build` emptied it first).

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('npm run build with a wrong HANDOFF_SNAPSHOTS', () => {
  it('prints the reason without a stack trace, exits 1 and leaves dist/ as it was', () => {
    const dist = join(root, 'dist');
    const index = join(dist, 'index.html');
    // A site from an earlier build stands in dist/ (a marker when none was built yet).
    if (!existsSync(index)) {
      mkdirSync(dist, { recursive: true });
      writeFileSync(index, '<!doctype html><title>earlier build</title>');
    }
    const before = readFileSync(index, 'utf8');
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
