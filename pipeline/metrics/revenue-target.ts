import type { Contract } from '../contract/schema.ts';
import { periodOf, type Period } from '../model/periods.ts';

// What `targets.revenue` asks of one period. A single figure, and a table's month entries, are per
// month, whatever the contract's `period`: a quarter is the sum of its months, and a week takes of
// each month it touches that month's share of business days (a week of 2 of October's 22 business
// days and 3 of November's 20 owes 2/22 of October's figure plus 3/20 of November's). A table entry
// keyed by the period itself (`2026-Q4`, `2026-W44`) is that period's own target and wins. A
// monthly contract reads exactly as before: the figure, or its month's entry.

/** A period's revenue target and where it came from; null value when the contract sets none for it. */
export interface PeriodRevenue {
  value: number | null;
  source: 'contract' | 'table' | 'none';
}

const NONE: PeriodRevenue = { value: null, source: 'none' };

/** Local days from `from` up to (not including) `to`, yyyy-mm-dd. */
function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`), end = Date.parse(`${to}T00:00:00Z`); t < end; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** Each month a period overlaps, with the business days of the overlap and of the whole month. */
export function monthShares(period: Period, isBusinessDay: (date: string) => boolean): Array<{ month: string; inPeriod: number; inMonth: number }> {
  const months = new Map<string, { inPeriod: number; inMonth: number }>();
  for (const day of days(period.startsOn, period.endsBefore)) {
    const month = periodOf('month', day);
    const entry = months.get(month.key) ?? { inPeriod: 0, inMonth: days(month.startsOn, month.endsBefore).filter(isBusinessDay).length };
    if (isBusinessDay(day)) entry.inPeriod += 1;
    months.set(month.key, entry);
  }
  return [...months].map(([month, e]) => ({ month, ...e }));
}

/** Rounded to cents: a share of a month's figure rarely ends in whole cents. */
const cents = (value: number) => Math.round(value * 100) / 100;

/**
 * The revenue target of `period` from a figure or a table (growth targets are the plan's: they
 * follow the period's own base). `isBusinessDay` is the contract's calendar, read for weeks only.
 */
export function periodRevenueTarget(target: Contract['targets']['revenue'], period: Period, isBusinessDay: (date: string) => boolean): PeriodRevenue {
  if (target === null || (typeof target === 'object' && 'growth_pct' in target)) return NONE;
  const table = typeof target === 'number' ? null : (target as Record<string, number>);
  const monthly = (month: string): number | undefined => (table === null ? (target as number) : table[month]);
  const source = table === null ? 'contract' : 'table';
  if (table !== null && table[period.key] !== undefined) return { value: table[period.key]!, source };
  if (period.kind === 'month') return table === null ? { value: target as number, source } : NONE;
  if (period.kind === 'quarter') {
    const months = monthShares(period, () => true).map((m) => monthly(m.month));
    return months.some((m) => m === undefined) ? NONE : { value: months.reduce<number>((sum, m) => sum + m!, 0), source };
  }
  let total = 0;
  for (const share of monthShares(period, isBusinessDay)) {
    if (share.inPeriod === 0) continue;
    const figure = monthly(share.month);
    if (figure === undefined) return NONE;
    total += (figure * share.inPeriod) / share.inMonth;
  }
  return { value: cents(total), source };
}
