import type { Db } from '../db.ts';
import type { MetricRow } from '../schemas/snapshot.ts';
import { dimensionsOf, FLOW_STAGES, resolvedMetrics, type BaseName, type Measure, type ResolvedMetric } from './catalogue/index.ts';
import { periodKeys, type MetricContext } from './context.ts';
import { countRow, pctRow, segmentedRows, valueRow } from './metric-rows.ts';
import { dealsSql } from './outcomes.ts';

// The one runner for every metric of the catalogue measured by SQL: the metrics of one base are
// computed together, all breakdowns in one grouping-sets pass (segmentedRows), each metric's
// numerator, denominator or aggregate a column of that pass. Metrics measured by code (the plan,
// pacing, cohort maturity, the scorecard) are computed by their modules.

const inList = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/** The rows each base aggregates over; each exposes `period` and its base's dimension columns. */
const BASE_SQL: Partial<Record<BaseName, (db: Db, ctx: MetricContext) => Promise<string>>> = {
  handoffs: async () => 'SELECT * FROM handoffs',
  funnel_events: async () =>
    `SELECT e.period, e.stage, l.source, l.segment, l.owner FROM events e JOIN stg_leads l ON l.lead_id = e.lead_id WHERE e.stage IN (${inList(FLOW_STAGES)})`,
  closing_events: async () =>
    `SELECT e.period, e.stage, l.source, l.segment, l.owner FROM events e JOIN stg_leads l ON l.lead_id = e.lead_id WHERE e.stage IN (${inList(['recycled', 'disqualified', 'rejected'])})`,
  // Without a deals file, an empty relation of the same shape: every period still states its zeros.
  closed_deals: async (db, ctx) =>
    (await dealsSql(db, ctx)) ??
    'SELECT NULL::VARCHAR AS period, NULL::VARCHAR AS status, NULL::DOUBLE AS amount, NULL::VARCHAR AS source, NULL::VARCHAR AS segment, NULL::VARCHAR AS owner WHERE false',
};

/** A column of a base's pass: its SQL and its value over no rows. */
interface Column {
  sql: string;
  empty: number | string | null;
}

/** The columns a measure needs, by role. */
function columnsOf(measure: Exclude<Measure, { kind: 'code' }>): Record<string, Column> {
  const integer = (sql: string): Column => ({ sql, empty: 0 });
  switch (measure.kind) {
    case 'count':
      return { count: integer(measure.count) };
    case 'pct':
      return { numerator: integer(measure.numerator), denominator: integer(measure.denominator) };
    case 'value':
      return { value: { sql: measure.value, empty: null } };
    case 'sum':
      // Exact (HUGEINT cents) as text, so no digit is lost before the one division.
      return { sum: { sql: `CAST(${measure.sum} AS VARCHAR)`, empty: '0' }, ...(measure.per === undefined ? {} : { per: integer(measure.per) }) };
  }
}

type Row = { period: string; segment_kind: MetricRow['segment_kind']; segment: string } & Record<string, number | string | null>;

/** The metric row of one metric from its columns in one aggregated row. */
function metricRow(m: ResolvedMetric, measure: Exclude<Measure, { kind: 'code' }>, r: Row, col: (role: string) => number | string | null, judged: boolean): MetricRow {
  const { period, segment_kind: kind, segment } = r;
  const unit = m.entry.unit;
  if (!judged) return valueRow(period, m.id, kind, segment, null, unit);
  switch (measure.kind) {
    case 'count':
      return countRow(m.id, { period, segment_kind: kind, segment, value: col('count') as number });
    case 'pct':
      return pctRow(period, m.id, kind, segment, col('numerator') as number, col('denominator') as number);
    case 'value':
      return valueRow(period, m.id, kind, segment, (col('value') as number | null) ?? null, unit);
    case 'sum': {
      const total = Number(col('sum')) / measure.scale;
      const per = measure.per === undefined ? null : (col('per') as number);
      return valueRow(period, m.id, kind, segment, per === null ? total : per === 0 ? null : total / per, unit);
    }
  }
}

/**
 * Rows of every catalogue metric measured by SQL (handoff fields expanded from the contract),
 * overall and by each dimension of its base, for every reporting period; a period without data
 * states its zeros and its n/a. A metric that `needs` a contract setting the contract lacks is n/a.
 * `metrics` defaults to the whole catalogue.
 */
export async function catalogueMetrics(db: Db, ctx: MetricContext, metrics: readonly ResolvedMetric[] = resolvedMetrics(ctx.contract.handoff_fields)): Promise<MetricRow[]> {
  const byBase = new Map<BaseName, ResolvedMetric[]>();
  for (const m of metrics) {
    if (m.measure.kind === 'code') continue;
    byBase.set(m.entry.base, [...(byBase.get(m.entry.base) ?? []), m]);
  }
  const out: MetricRow[] = [];
  for (const [base, group] of byBase) {
    const baseSql = BASE_SQL[base];
    if (!baseSql) throw new Error(`catalogue base ${base} has no SQL in catalogue-runner.ts`);
    // One column per distinct expression: metrics sharing a denominator share its column.
    const names = new Map<string, string>();
    const empty: Record<string, number | string | null> = {};
    const roles = group.map((m) =>
      Object.fromEntries(
        Object.entries(columnsOf(m.measure as Exclude<Measure, { kind: 'code' }>)).map(([role, column]) => {
          let name = names.get(column.sql);
          if (name === undefined) {
            name = `c${names.size}`;
            names.set(column.sql, name);
            empty[name] = column.empty;
          }
          return [role, name];
        }),
      ),
    );
    const aggregates = [...names].map(([sql, name]) => `${sql} AS ${name}`).join(',\n     ');
    const rows = await segmentedRows<Record<string, number | string | null>>(db, await baseSql(db, ctx), dimensionsOf(group[0]!.entry), aggregates, periodKeys(ctx), empty);
    for (const r of rows as Row[]) {
      group.forEach((m, i) => {
        const judged = m.entry.needs !== 'icp' || ctx.contract.icp !== undefined;
        out.push(metricRow(m, m.measure as Exclude<Measure, { kind: 'code' }>, r, (role) => r[roles[i]![role]!]!, judged));
      });
    }
  }
  return out;
}
