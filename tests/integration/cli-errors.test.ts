import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// Every mistake a person can make on the command line or in sla.yaml ends in a sentence that names
// the path or setting, exit 1, and no stack trace: the real CLI is spawned for each, because the
// classification into "your problem" and "internal error" happens only there.

let work: string;
let input: string;
let config: string;

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'handoff-cli-errors-'));
  input = join(work, 'input');
  cpSync('tests/fixtures/skeleton', input, { recursive: true });
  config = join(input, 'sla.yaml');
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

function cli(...args: string[]): { code: number | null; stderr: string } {
  const run = spawnSync(process.execPath, ['pipeline/cli.ts', ...args], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' }, timeout: 60_000 });
  return { code: run.status, stderr: run.stderr };
}

function expectSentence(result: { code: number | null; stderr: string }, ...mentions: string[]): void {
  expect(result.stderr).not.toMatch(/Internal error|\n\s+at /);
  for (const mention of mentions) expect(result.stderr).toContain(mention);
  expect(result.code).toBe(1);
}

describe('the CLI answers user mistakes with a sentence and exit 1', () => {
  it('--out that is a file', () => {
    const out = join(work, 'out.txt');
    writeFileSync(out, 'not a folder');
    expectSentence(cli('--input', input, '--config', config, '--out', out), `Cannot use --out ${out}`, 'is a file, not a folder');
  });

  it('--out below a file', () => {
    writeFileSync(join(work, 'out.txt'), 'not a folder');
    const out = join(work, 'out.txt', 'run');
    expectSentence(cli('--input', input, '--config', config, '--out', out), `Cannot use --out ${out}`, 'is a file, not a folder (ENOTDIR)');
  });

  it('--out that is a read-only folder', (ctx) => {
    // Root writes through chmod, so the folder is made read-only by a mount, else by chattr +i.
    const out = join(work, 'readonly');
    mkdirSync(out);
    let undo: string[] | null = null;
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', out]).status === 0) undo = ['umount', out];
    else if (spawnSync('chattr', ['+i', out]).status === 0) undo = ['chattr', '-i', out];
    if (undo === null) {
      console.warn('skipped: this machine can neither mount a read-only tmpfs nor chattr +i a folder');
      ctx.skip();
      return;
    }
    try {
      expectSentence(cli('--input', input, '--config', config, '--out', out), `Cannot use --out ${out}`, 'read-only file system', 'Give --out a folder handoff can write to', out);
    } finally {
      spawnSync(undo[0]!, undo.slice(1));
    }
  });

  it('a YAML alias bomb in the contract, with its line', () => {
    const bomb = join(work, 'bomb.yaml');
    const level = (name: string, of: string) => `${name}: &${name} [${Array(9).fill(`*${of}`).join(', ')}]`;
    writeFileSync(bomb, ['a: &a [x, x, x, x, x, x, x, x, x]', level('b', 'a'), level('c', 'b'), level('d', 'c'), level('e', 'd'), level('f', 'e')].join('\n'));
    // Line 3 is the first alias of an anchor that itself holds aliases (`*b` inside `c`).
    expectSentence(cli('--input', input, '--config', bomb, '--out', join(work, 'out')), `${bomb}:3:`, 'aliases (*name) of aliases expand into too many copies');
  });

  it('a 50 MB contract, refused before it is parsed', () => {
    const huge = join(work, 'huge.yaml');
    writeFileSync(huge, `name: x\n${'# padding padding padding padding padding padding padding\n'.repeat(900_000)}`);
    expectSentence(cli('--input', input, '--config', huge, '--out', join(work, 'out')), `The contract ${huge} is not valid`, 'larger than the 256 KB a contract may have');
  });

  it.each(['0001-01-01', '9999-12-31 23:00'])('--as-of %s, outside the years the calendar covers', (asOf) => {
    expectSentence(cli('--input', input, '--config', config, '--out', join(work, 'out'), '--as-of', asOf), `--as-of "${asOf}"`, 'between the years 1900 and 2199');
  });

  it('an ICP rule naming an unknown field: the setting, the field, and the columns that exist', () => {
    writeFileSync(config, 'timezone: America/Sao_Paulo\nicp: {field: employees, gte: 50}\n');
    const result = cli('--input', input, '--config', config, '--out', join(work, 'out'));
    expectSentence(result, `The contract's icp.field names the field "employees"`, 'Its columns, closest first:', 'company_size', 'Fix the field name in sla.yaml');
  });

  it('a tier rule naming an unknown field, nested in all:', () => {
    writeFileSync(
      config,
      'tiers:\n  - {name: A, when: {all: [{field: segment, eq: saas}, {field: sgment, eq: x}]}, response_within: 15m}\n  - {name: B, response_within: 1h}\n',
    );
    const result = cli('--input', input, '--config', config, '--out', join(work, 'out'));
    expectSentence(result, `The contract's tiers[0].when.all[1].field names the field "sgment"`, 'Its columns, closest first: segment,');
  });
});
