/** One opening range of a weekday, in minutes after local midnight: [start, end). */
export interface OpeningRange {
  start: number;
  end: number;
}

/** Weekday keys as they appear in `business_hours`, Monday first (ISO order). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const RANGE = /^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/;

/**
 * Parses `"09:00-12:00,13:00-18:00"` into sorted, non-overlapping ranges.
 * Returns an error sentence instead of throwing so the contract loader can collect every problem.
 * `24:00` is allowed as an end so a day can be open until midnight.
 */
export function parseOpeningRanges(text: string): OpeningRange[] | string {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  const ranges: OpeningRange[] = [];
  for (const part of trimmed.split(',')) {
    const match = RANGE.exec(part.trim());
    if (!match) return `"${part.trim()}" is not a range like 09:00-18:00`;
    const [sh, sm, eh, em] = match.slice(1).map(Number) as [number, number, number, number];
    if (sh > 23 || sm > 59 || eh > 24 || em > 59 || (eh === 24 && em !== 0)) {
      return `"${part.trim()}" has a time outside 00:00–24:00`;
    }
    const start = sh * 60 + sm;
    const end = eh * 60 + em;
    if (end <= start) return `"${part.trim()}" ends before it starts`;
    ranges.push({ start, end });
  }
  ranges.sort((a, b) => a.start - b.start);
  for (let i = 1; i < ranges.length; i++) {
    if (ranges[i]!.start < ranges[i - 1]!.end) return `the ranges in "${trimmed}" overlap`;
  }
  return ranges;
}

/**
 * Weekly hours from ranges per weekday, a day left out being closed; throws on a bad range.
 * For code that builds a calendar without a contract file (tests, benchmarks).
 */
export function weeklyHours(spec: Partial<Record<Weekday, string>>): Record<Weekday, OpeningRange[]> {
  const hours = {} as Record<Weekday, OpeningRange[]>;
  for (const day of WEEKDAYS) {
    const parsed = parseOpeningRanges(spec[day] ?? '');
    if (typeof parsed === 'string') throw new Error(`${day}: ${parsed}`);
    hours[day] = parsed;
  }
  return hours;
}
