import { literal } from '../db.ts';

/** The reporting grain of the contract. */
export type PeriodKind = 'month' | 'quarter' | 'week';

/** One reporting period: its key (`2026-10`, `2026-Q4`, `2026-W43`) and local date bounds. */
export interface Period {
  key: string;
  kind: PeriodKind;
  /** First local day of the period, yyyy-mm-dd. */
  startsOn: string;
  /** First local day after the period, yyyy-mm-dd. */
  endsBefore: string;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const dayString = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const parseDay = (day: string) => new Date(`${day}T00:00:00Z`);

/** The period containing a local calendar day (yyyy-mm-dd). */
export function periodOf(kind: PeriodKind, day: string): Period {
  const d = parseDay(day);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  if (kind === 'month') {
    return { key: `${y}-${pad(m + 1)}`, kind, startsOn: dayString(new Date(Date.UTC(y, m, 1))), endsBefore: dayString(new Date(Date.UTC(y, m + 1, 1))) };
  }
  if (kind === 'quarter') {
    const q = Math.floor(m / 3);
    return { key: `${y}-Q${q + 1}`, kind, startsOn: dayString(new Date(Date.UTC(y, q * 3, 1))), endsBefore: dayString(new Date(Date.UTC(y, q * 3 + 3, 1))) };
  }
  // ISO week: Monday first; the week belongs to the year of its Thursday.
  const weekday = (d.getUTCDay() + 6) % 7;
  const monday = new Date(Date.UTC(y, m, d.getUTCDate() - weekday));
  const thursday = new Date(Date.UTC(monday.getUTCFullYear(), monday.getUTCMonth(), monday.getUTCDate() + 3));
  const isoYear = thursday.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(isoYear, 0, 4));
  const firstMonday = new Date(Date.UTC(isoYear, 0, 4 - ((firstThursday.getUTCDay() + 6) % 7)));
  const week = Math.round((monday.getTime() - firstMonday.getTime()) / (7 * 86_400_000)) + 1;
  return { key: `${isoYear}-W${pad(week)}`, kind, startsOn: dayString(monday), endsBefore: dayString(new Date(monday.getTime() + 7 * 86_400_000)) };
}

/** Every period from the one containing `firstDay` to the one containing `lastDay`, in order. */
export function periodsBetween(kind: PeriodKind, firstDay: string, lastDay: string): Period[] {
  const out: Period[] = [];
  let period = periodOf(kind, firstDay);
  const last = periodOf(kind, lastDay).key;
  for (;;) {
    out.push(period);
    if (period.key === last) return out;
    period = periodOf(kind, period.endsBefore);
  }
}

/** The period key of a UTC TIMESTAMP expression, in SQL, for the contract's zone and grain. */
export function periodKeySql(kind: PeriodKind, utcTimestamp: string, timezone: string): string {
  return periodKeyOfDateSql(kind, `timezone(${literal(timezone)}, (${utcTimestamp})::TIMESTAMPTZ)`);
}

/** The period key of a local DATE (or wall-clock TIMESTAMP) expression, in SQL: the same keys as `periodOf`. */
export function periodKeyOfDateSql(kind: PeriodKind, local: string): string {
  if (kind === 'month') return `strftime(${local}, '%Y-%m')`;
  if (kind === 'quarter') return `(year(${local})::VARCHAR || '-Q' || quarter(${local})::VARCHAR)`;
  return `(isoyear(${local})::VARCHAR || '-W' || lpad(week(${local})::VARCHAR, 2, '0'))`;
}
