import { describe, expect, it } from 'vitest';
import { readCommandLine } from '../../pipeline/command-line.ts';

// The command-line reading `npm run pipeline` and `npm run init` share: exit 0 after the help,
// 2 for an unknown or missing option (the problem, then the help), else the values.

const OPTIONS = { input: { type: 'string' }, force: { type: 'boolean', default: false } } as const;

function read(argv: string[]) {
  const printed: string[] = [];
  const result = readCommandLine(argv, OPTIONS, 'HELP TEXT', ['input'], { out: (m) => printed.push(`out: ${m}`), err: (m) => printed.push(`err: ${m}`) });
  return { result, printed };
}

describe('readCommandLine', () => {
  it('returns the values, defaults included', () => {
    expect(read(['--input', 'exports']).result).toEqual({ values: { input: 'exports', force: false, help: false } });
  });
  it('prints the help and exits 0 on -h', () => {
    expect(read(['-h'])).toEqual({ result: { exit: 0 }, printed: ['out: HELP TEXT'] });
  });
  it('exits 2 naming a missing required option, then the help', () => {
    expect(read(['--force'])).toEqual({ result: { exit: 2 }, printed: ['err: Missing --input.\n\nHELP TEXT'] });
  });
  it('exits 2 on an unknown option', () => {
    const { result, printed } = read(['--input', 'x', '--forse']);
    expect(result).toEqual({ exit: 2 });
    expect(printed[0]).toMatch(/^err: Unknown option '--forse'/);
  });
});
