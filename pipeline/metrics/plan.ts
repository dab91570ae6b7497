import { sql } from 'kysely';
import type { Db } from '../db.ts';
import { timestampOf } from '../warehouse/fragments.ts';
import { localDaySql } from '../model/local-days.ts';
import { periodOf, type Period } from '../model/periods.ts';
import type { MetricRow } from '../schemas/snapshot.ts';
import type { PlanFile, PlanInput, PlanResults, PlanSource } from '../schemas/plan.ts';
import { cohortAge, type MetricContext } from './context.ts';
import { ceilDivide, fromDecimal, min, ratio, times, toNumber, type Fraction } from './fraction.ts';
import { valueRow } from './metric-rows.ts';
import { periodRevenueTarget } from './revenue-target.ts';
import { buildCalendar } from '../calendar/calendar.ts';
import { cohortCounts } from './funnel.ts';
import { wonDealsByPeriod, type WonDeals } from './outcomes.ts';

// The reverse-funnel plan (SPEC section 4, `plan.*`): from the period's revenue target back to the
// deals, SQLs, MQLs and leads it takes, with the ticket and stage rates measured on the trailing
// window (the `history_periods` periods before the planned one) unless the contract overrides
// them. Rates pool the window's mature cohorts (sum of numerators / sum of denominators), so a
// small period weighs what it holds. All arithmetic is exact (fractions), then rounded up.

/** Stage-to-stage rates of the plan, in funnel order. */
export const PLAN_RATES = ['lead_mql', 'mql_sal', 'sal_sql', 'sql_won'] as const;
type Rate = (typeof PLAN_RATES)[number];

/** A plan input: its exact value (null when unavailable), where it came from, and its pooled counts. */
interface Input {
  value: Fraction | null;
  source: PlanSource;
  numerator: number | null;
  denominator: number | null;
}

/** The plan of one period, with everything the meeting needs to check it. */
export interface PeriodPlan {
  period: Period;
  file: Omit<PlanFile, 'pacing'>;
}

/** Cohort counts of one period: handoffs by stage reached, and leads created / leads that became MQL. */
interface Cohort {
  handoffs: number;
  sal: number;
  sql: number;
  won: number;
  leads: number;
  leadsMql: number;
}

/** The `count` periods before `period`, oldest first. */
export function trailingPeriods(period: Period, count: number): Period[] {
  const out: Period[] = [];
  let day = period.startsOn;
  for (let i = 0; i < count; i++) {
    const before = periodOf(period.kind, new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10));
    out.unshift(before);
    day = before.startsOn;
  }
  return out;
}

async function cohorts(db: Db, ctx: MetricContext): Promise<Map<string, Cohort>> {
  const handoffs = await cohortCounts(db);
  const created = await localDaySql(db, ctx.contract, 'l.created_at');
  const leads = await db.rows(
    db.query
      .selectFrom('stg_leads as l')
      .leftJoin(db.query.selectFrom('events').select('lead_id').distinct().where('stage', '=', 'mql').as('m'), 'm.lead_id', 'l.lead_id')
      .select((eb) => [sql<string>`${sql.raw(created.period)}`.as('period'), eb.fn.countAll<number>().as('leads'), eb.fn.count<number>('m.lead_id').as('mql')])
      .where('l.created_at', '<=', timestampOf(ctx.asOf))
      .groupBy(sql`1`)
      .orderBy(sql`1`),
  );
  const out = new Map<string, Cohort>();
  const get = (p: string) => out.get(p) ?? out.set(p, { handoffs: 0, sal: 0, sql: 0, won: 0, leads: 0, leadsMql: 0 }).get(p)!;
  for (const h of handoffs) Object.assign(get(h.period), { handoffs: h.handoffs, sal: h.sal, sql: h.sql, won: h.won });
  for (const l of leads) Object.assign(get(l.period), { leads: l.leads, leadsMql: l.mql });
  return out;
}

function revenueTarget(ctx: MetricContext, period: Period, won: Map<string, WonDeals>): PlanFile['revenue_target'] {
  const target = ctx.contract.targets.revenue;
  const none = { growth_pct: null, base_period: null, base_revenue: null };
  if (target === null) return { value: null, source: 'none', ...none };
  if (typeof target === 'number' || !('growth_pct' in target)) {
    const { value, source } = periodRevenueTarget(target, period, businessDays(ctx));
    return { value, source, ...none };
  }
  if ('growth_pct' in target && typeof target.growth_pct === 'number') {
    const base = trailingPeriods(period, 1)[0]!.key;
    const cents = won.get(base)?.cents ?? 0n;
    const factor = 100 + target.growth_pct;
    // cents / 100 × factor / 100, exact before the one rounding to a double.
    const value = factor <= 0 ? 0 : toNumber(times(ratio(cents, 10_000n), fromDecimal(factor)));
    return { value, source: 'growth', growth_pct: target.growth_pct, base_period: base, base_revenue: Number(cents) / 100 };
  }
  return { value: null, source: 'none', ...none };
}

const calendars = new WeakMap<MetricContext, (date: string) => boolean>();

/** The contract's business days over the run's periods (and the whole months they touch), built once per run and only for weeks. */
function businessDays(ctx: MetricContext): (date: string) => boolean {
  if (ctx.contract.period !== 'week') return () => true;
  const cached = calendars.get(ctx);
  if (cached) return cached;
  const first = ctx.periods[0];
  const last = ctx.periods.at(-1);
  if (!first || !last) return () => true;
  const from = `${first.startsOn.slice(0, 7)}-01`;
  const lastMonth = periodOf('month', last.endsBefore);
  const calendar = buildCalendar(ctx.contract, { from, to: lastMonth.endsBefore });
  const isBusinessDay = (date: string) => calendar.isBusinessDay(date);
  calendars.set(ctx, isBusinessDay);
  return isBusinessDay;
}

/** deals, SQLs, MQLs and leads needed for `revenue` with the given ticket and rates; null where an input is missing or zero. */
function reverseFunnel(revenue: Fraction | null, ticket: Fraction | null, rates: Record<Rate, Fraction | null>): PlanResults {
  const deals = revenue && ticket ? ceilDivide(revenue, ticket) : null;
  const sqls = deals !== null && rates.sql_won ? ceilDivide(ratio(deals, 1), rates.sql_won) : null;
  const mqls = sqls !== null && rates.mql_sal && rates.sal_sql ? ceilDivide(ratio(sqls, 1), times(rates.mql_sal, rates.sal_sql)) : null;
  const leads = mqls !== null && rates.lead_mql ? ceilDivide(ratio(mqls, 1), rates.lead_mql) : null;
  return { deals_needed: deals, sqls_needed: sqls, mqls_needed: mqls, leads_needed: leads };
}

const SENSITIVITY_STEPS = [-10, 10] as const;

/** The plan of every reporting period. */
export async function planPeriods(db: Db, ctx: MetricContext): Promise<PeriodPlan[]> {
  const { targets } = ctx.contract;
  const byPeriod = await cohorts(db, ctx);
  const won = await wonDealsByPeriod(db, ctx);
  return ctx.periods.map((period): PeriodPlan => {
    const window = trailingPeriods(period, targets.history_periods);
    const mature = window.filter((p) => cohortAge(p, ctx).mature);
    const pooled = (pick: (c: Cohort) => [number, number]) =>
      mature.reduce<[number, number]>(
        ([n, d], p) => {
          const c = byPeriod.get(p.key);
          if (!c) return [n, d];
          const [pn, pd] = pick(c);
          return [n + pn, d + pd];
        },
        [0, 0],
      );
    const counts: Record<Rate, [number, number]> = {
      lead_mql: pooled((c) => [c.leadsMql, c.leads]),
      mql_sal: pooled((c) => [c.sal, c.handoffs]),
      sal_sql: pooled((c) => [c.sql, c.sal]),
      sql_won: pooled((c) => [c.won, c.sql]),
    };
    const rates = Object.fromEntries(
      PLAN_RATES.map((r): [Rate, Input] => {
        const override = targets.rates[r];
        if (override !== null) return [r, { value: fromDecimal(override), source: 'override', numerator: null, denominator: null }];
        const [n, d] = counts[r];
        return [r, d === 0 ? { value: null, source: 'none', numerator: n, denominator: d } : { value: ratio(n, d), source: 'measured', numerator: n, denominator: d }];
      }),
    ) as Record<Rate, Input>;

    const sold = window.reduce((acc, p) => {
      const w = won.get(p.key);
      return w ? { priced: acc.priced + w.priced, cents: acc.cents + w.cents } : acc;
    }, { priced: 0, cents: 0n });
    const ticket: Input & { wonDeals: number | null; revenue: number | null } =
      targets.avg_ticket !== null
        ? { value: fromDecimal(targets.avg_ticket), source: 'override', numerator: null, denominator: null, wonDeals: null, revenue: null }
        : sold.priced === 0
          ? { value: null, source: 'none', numerator: null, denominator: null, wonDeals: sold.priced, revenue: Number(sold.cents) / 100 }
          : { value: ratio(sold.cents, BigInt(sold.priced) * 100n), source: 'measured', numerator: null, denominator: null, wonDeals: sold.priced, revenue: Number(sold.cents) / 100 };

    const target = revenueTarget(ctx, period, won);
    const revenue = target.value === null ? null : fromDecimal(target.value);
    const rateValues = Object.fromEntries(PLAN_RATES.map((r) => [r, rates[r].value])) as Record<Rate, Fraction | null>;
    const results = reverseFunnel(revenue, ticket.value, rateValues);

    const sensitivity: PlanFile['sensitivity'] = [];
    for (const input of ['avg_ticket', ...PLAN_RATES] as PlanInput[]) {
      for (const step of SENSITIVITY_STEPS) {
        const base = input === 'avg_ticket' ? ticket.value : rateValues[input as Rate];
        let varied = base === null ? null : times(base, ratio(100 + step, 100));
        // A stage rate cannot pass 100%.
        if (varied !== null && input !== 'avg_ticket') varied = min(varied, ratio(1, 1));
        const variedResults =
          input === 'avg_ticket' ? reverseFunnel(revenue, varied, rateValues) : reverseFunnel(revenue, ticket.value, { ...rateValues, [input]: varied });
        sensitivity.push({ input, change_pct: step, value: varied === null ? null : toNumber(varied), results: variedResults });
      }
    }

    const rateFile = (r: Rate) => ({ value: rates[r].value === null ? null : toNumber(rates[r].value), source: rates[r].source, numerator: rates[r].numerator, denominator: rates[r].denominator });
    return {
      period,
      file: {
        period: period.key,
        revenue_target: target,
        window: { periods: window.map((p) => p.key), mature_periods: mature.map((p) => p.key) },
        inputs: {
          avg_ticket: { value: ticket.value === null ? null : toNumber(ticket.value), source: ticket.source, won_deals: ticket.wonDeals, revenue: ticket.revenue },
          rates: { lead_mql: rateFile('lead_mql'), mql_sal: rateFile('mql_sal'), sal_sql: rateFile('sal_sql'), sql_won: rateFile('sql_won') },
        },
        results,
        sensitivity,
      },
    };
  });
}

/** `plan.*` rows: the revenue target, the inputs (rates 0–1, with pooled counts when measured) and the results. */
export function planMetrics(plans: readonly PeriodPlan[]): MetricRow[] {
  return plans.flatMap(({ file }) => {
    const p = file.period;
    const rows = [
      valueRow(p, 'plan.revenue_target', 'all', 'all', file.revenue_target.value, 'currency'),
      valueRow(p, 'plan.avg_ticket', 'all', 'all', file.inputs.avg_ticket.value, 'currency'),
      ...PLAN_RATES.map((r) => {
        const rate = file.inputs.rates[r];
        return { ...valueRow(p, `plan.rate.${r}`, 'all', 'all', rate.value, 'ratio'), numerator: rate.numerator, denominator: rate.denominator };
      }),
      valueRow(p, 'plan.deals_needed', 'all', 'all', file.results.deals_needed, 'count'),
      valueRow(p, 'plan.sqls_needed', 'all', 'all', file.results.sqls_needed, 'count'),
      valueRow(p, 'plan.mqls_needed', 'all', 'all', file.results.mqls_needed, 'count'),
      valueRow(p, 'plan.leads_needed', 'all', 'all', file.results.leads_needed, 'count'),
    ];
    return rows;
  });
}
