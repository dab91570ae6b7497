import { describe, expect, it } from 'vitest';
import { pathError, PathError, UserError } from '../../pipeline/errors.ts';

// Node's file-system errors on a path the person chose become sentences naming the flag; errors
// on other paths, or of other kinds, stay internal (they would be bugs).

const errno = (code: string, syscall: string, path: string, dest?: string) =>
  Object.assign(new Error(`${code}: ${syscall} '${path}'`), { code, syscall, path, ...(dest === undefined ? {} : { dest }) });

const chosen = [
  { flag: '--out', path: 'data', wants: 'a folder handoff can write to' },
  { flag: '--input', path: 'data/sample', wants: 'the folder that holds the CSV exports' },
  { flag: '--config', path: 'sla.yaml', wants: 'the agreement file, sla.yaml' },
];

describe('file-system errors on chosen paths', () => {
  it('names the innermost flag whose path holds the failing one', () => {
    const error = pathError(errno('EACCES', 'open', 'data/sample/leads.csv'), chosen);
    expect(error).toBeInstanceOf(PathError);
    expect(error).toBeInstanceOf(UserError);
    expect(error!.message).toBe(
      'Cannot use --input data/sample: handoff is not allowed to open data/sample/leads.csv (permission denied) (EACCES). Give --input the folder that holds the CSV exports.',
    );
    expect(pathError(errno('EROFS', 'rename', '/elsewhere/x', 'data/run.json'), chosen)!.message).toBe(
      'Cannot use --out data: data/run.json is on a read-only file system, so handoff cannot move it (EROFS). Give --out a folder handoff can write to.',
    );
  });

  it('names the folder, not the template, when a temporary folder cannot be made', () => {
    expect(pathError(errno('EROFS', 'mkdtemp', 'data/.tmp-run-XXXXXX'), chosen)!.message).toContain('data is on a read-only file system, so handoff cannot create a folder in it');
  });

  it('leaves errors on other paths, and other kinds of error, to the internal-error path', () => {
    expect(pathError(errno('ENOENT', 'open', '/usr/lib/something'), chosen)).toBeNull();
    expect(pathError(errno('EBADF', 'read', 'data/x'), chosen)).toBeNull();
    expect(pathError(new TypeError('x is undefined'), chosen)).toBeNull();
    expect(pathError(errno('ENOENT', 'open', 'database'), chosen)).toBeNull();
  });
});
