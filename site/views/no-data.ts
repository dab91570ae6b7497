import type { ScorecardClause } from '../../pipeline/schemas/scorecard.ts';
import { metricValue, type PeriodSnapshot } from '../lib/snapshots.ts';
import type { PageContext } from './page-context.ts';

// Why a clause reads n/a, and what to change, in the period's own terms ("no cohort of the
// trailing 6 weeks is old enough: weeks mature 60 days after they end"). A bare n/a on a weekly
// page reads as a failure; it usually is the calendar, and the contract says how to move it.

/** A period kind's unit words, singular and plural. */
export function periodUnits(ctx: PageContext, snapshot: PeriodSnapshot): [string, string] {
  return ctx.t.periodTerms.units[snapshot.manifest.period_kind];
}

/** Why `clause` of `snapshot` has no value, and what to change; null when it has one. */
export function noDataReason(ctx: PageContext, snapshot: PeriodSnapshot, clause: ScorecardClause): string | null {
  if (clause.status !== 'no_data') return null;
  const { t, fmt } = ctx;
  const n = t.noData;
  const [one, many] = periodUnits(ctx, snapshot);
  const targets = snapshot.contract.targets;
  if (clause.id === 'mql_volume') {
    const plan = snapshot.details['plan.json'];
    if (!plan || plan.revenue_target.value === null) return n.noTarget;
    const rates = Object.values(plan.inputs.rates);
    if (plan.window.mature_periods.length === 0 && rates.some((r) => r.value === null)) return n.noMature(targets.history_periods, many, targets.maturity_days);
    if (plan.inputs.avg_ticket.value === null) return n.noTicket;
    return n.noMature(targets.history_periods, many, targets.maturity_days);
  }
  const pending = clause.id === 'speed_within_sla' ? metricValue(snapshot, 'speed.pending_count') : clause.id === 'acceptance_within_sla' ? metricValue(snapshot, 'acceptance.pending_count') : null;
  if (pending !== null && pending > 0) return n.pending(fmt.number(pending));
  if (clause.id === 'attempt_adherence') return n.cadence(snapshot.contract.cadence.window_days);
  return n.empty(one);
}

/** "about 9 weeks" for a number of days in a period kind's units; null for months and longer (days say it). */
export function daysInUnits(ctx: PageContext, days: number, kind: 'month' | 'week' | 'quarter'): string | null {
  if (kind !== 'week') return null;
  const weeks = Math.round(days / 7);
  const [one, many] = ctx.t.periodTerms.units.week;
  return ctx.t.periodTerms.about(weeks, weeks === 1 ? one : many);
}
