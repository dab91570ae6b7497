import { describe, expect, it } from 'vitest';
import { readCommandLine, reportFailure } from '../../pipeline/command-line.ts';
import { UserError } from '../../pipeline/errors.ts';

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

describe('reportFailure', () => {
  it('prints a person\'s problem as its sentence with exit 1, and anything else as a bug with exit 3', () => {
    const printed: string[] = [];
    const print = (m: string) => printed.push(m);
    expect(reportFailure(new UserError('The file x.csv has no lead_id column.'), 'Nothing was written.', print)).toBe(1);
    expect(reportFailure(new TypeError('x is undefined'), '', print)).toBe(3);
    expect(printed[0]).toBe('The file x.csv has no lead_id column.\nNothing was written.');
    expect(printed[1]).toMatch(/^Internal error \(a bug in handoff; please report it with this message\):\nTypeError: x is undefined/);
  });
});
