import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printable } from '../../pipeline/terminal.ts';
import { OSC8_LINK, writeHostileInputs } from '../fixtures/hostile-inputs.ts';

// What the CLI prints carries text from the inputs; none of its control characters may reach the
// terminal. The CLI runs as a child process, as a person runs it, and its output is read raw.

/** Any character a terminal may act on: C0 but tab and newline, DEL, C1. */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['pipeline/cli.ts', ...args], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' }, timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('printable', () => {
  it('writes escape sequences, carriage returns, C1 and bidi controls as visible escapes, and keeps tab, newline and accents', () => {
    expect(printable(`owner ${OSC8_LINK}`)).toBe('owner \\u001b]8;;http://evil\\u0007private-esc\\u001b]8;;\\u0007');
    expect(printable('a\rb\x9b2J\u202eevil\x7f')).toBe('a\\u000db\\u009b2J\\u202eevil\\u007f');
    expect(printable('São Paulo\tJoão\n→ ok')).toBe('São Paulo\tJoão\n→ ok');
  });
});

describe('the CLI', () => {
  let work = '';
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'handoff-terminal-'));
    writeHostileInputs(join(work, 'input'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('escapes control characters of an input in a warning', () => {
    const args = ['--input', join(work, 'input'), '--config', join(work, 'input/sla.yaml'), '--out', join(work, 'out'), '--as-of', '2026-10-20', '--force-as-of'];
    expect(cli(...args).status).toBe(0);
    // September is closed at 2026-10-20; its one loaded lead changes owner, so the next run warns
    // of drift by owner, naming the new owner.
    const leads = join(work, 'input/leads.csv');
    writeFileSync(leads, readFileSync(leads, 'utf8').replace(',Rita,', `,Rita${OSC8_LINK},`));
    const second = cli(...args);
    expect(second.status).toBe(0);
    expect(second.stderr).toContain('[owner=Rita\\u001b]8;;http://evil\\u0007private-esc\\u001b]8;;\\u0007]');
    expect(second.stderr).not.toMatch(CONTROL);
    expect(second.stdout).not.toMatch(CONTROL);
  });

  it('escapes control characters of an input in an error', () => {
    const input = join(work, 'bad');
    writeHostileInputs(input);
    writeFileSync(join(input, 'leads.csv'), `lead_id,"when${OSC8_LINK}\r\x1b[2K"\nL1,2026-09-10 10:00:00\n`);
    const run = cli('--input', input, '--config', join(input, 'sla.yaml'), '--out', join(work, 'out-bad'));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('when\\u001b]8;;http://evil\\u0007private-esc\\u001b]8;;\\u0007\\u000d\\u001b[2K');
    expect(run.stderr).not.toMatch(CONTROL);
  });
});
