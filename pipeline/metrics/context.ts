import { localDate } from '../calendar/zone.ts';
import type { Contract } from '../contract/schema.ts';
import type { Period } from '../model/periods.ts';

/** What every metric family needs besides the warehouse: the agreement, the periods to report and the cut-off. */
export interface MetricContext {
  contract: Contract;
  /** The reporting periods, oldest first: from the first handoff's period to as_of's. */
  periods: readonly Period[];
  /** The run's cut-off, UTC ISO (`2026-10-31T21:00:00Z`). */
  asOf: string;
}

/** Keys of the reporting periods, in order. */
export function periodKeys(ctx: MetricContext): string[] {
  return ctx.periods.map((p) => p.key);
}

/** Whole days from `from` to `to` (local dates, yyyy-mm-dd); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The local date (yyyy-mm-dd) of as_of in the contract's zone. */
export function asOfDay(ctx: Pick<MetricContext, 'contract' | 'asOf'>): string {
  return localDate(ctx.contract.timezone, Date.parse(ctx.asOf));
}

/**
 * Age of a period's cohort at as_of: whole days from the period's end (its first day after) to
 * as_of's local date, 0 while the period is open. It is mature once closed and at least
 * `targets.maturity_days` old: its youngest handoff has had that long to progress.
 */
export function cohortAge(period: Pick<Period, 'endsBefore'>, ctx: Pick<MetricContext, 'contract' | 'asOf'>): { ageDays: number; mature: boolean } {
  const days = daysBetween(period.endsBefore, asOfDay(ctx));
  return { ageDays: Math.max(0, days), mature: days >= 0 && days >= ctx.contract.targets.maturity_days };
}
