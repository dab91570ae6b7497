import { UserError } from '../errors.ts';

// A full disk surfaces as an errno from Node (ENOSPC, EDQUOT, EFBIG) or as the same words inside a
// DuckDB "IO Error" message, which carries no code; both mean the same thing to the person running.

const DISK_FULL_CODES = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);
const DISK_FULL_TEXT = /no space left on device|disk quota exceeded|file too large|ENOSPC|EDQUOT|EFBIG/i;

/** True when `error` says the disk (or the user's quota, or the file size limit) ran out. */
export function isDiskFull(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (typeof code === 'string' && DISK_FULL_CODES.has(code)) return true;
  return DISK_FULL_TEXT.test(String((error as Error | null)?.message ?? error));
}

/** The disk under `--out` filled up during a run; the previous outputs were kept. */
export class DiskFullError extends UserError {
  override name = 'DiskFullError';
  constructor(out: string, cause: unknown) {
    const detail = String((cause as Error | null)?.message ?? cause).split('\n')[0];
    super(
      `The disk is full: handoff ran out of space while writing its outputs in ${out} (${detail}). ` +
        `The previous outputs in ${out} are untouched. Free some space on that disk (the run needs about twice the size of warehouse.duckdb) ` +
        `or pass --out on a disk with room, then run again.`,
      { cause },
    );
  }
}
