import type { PlotOptions } from '@observablehq/plot';
import type { ClauseStatus } from '../../pipeline/schemas/scorecard.ts';
import { planActualChart } from '../charts/plan-actual.ts';
import { clauseName } from '../i18n/glossary.ts';
import type { PeriodSnapshot } from '../lib/snapshots.ts';
import { segmentText } from './metric-tables.ts';
import type { PageContext } from './page-context.ts';
import { STATUS_BADGE } from './scorecard.ts';

// Plan against actual (plan-actual.json) and who drove each miss (contributors.json), as the
// home, period and meeting pages show them: every number as text, the chart only a picture of it.

/** One stage of the plan as shown. */
export interface PlanActualRow {
  stage: string;
  name: string;
  /** What the actual counts ("won deals closed in the period"). */
  counts: string;
  target: string;
  actual: string;
  pct: string;
  /** Pace to date and what was expected by now, for an open period with a target; else null. */
  pace: string | null;
  expected: string | null;
}

/** A period's plan against actual; null when the snapshot has no plan-actual.json. */
export interface PlanActualView {
  caption: string;
  rows: PlanActualRow[];
  /** The period is open: the pace column and its note are shown. */
  open: boolean;
  paceNote: string | null;
  chart: { options: PlotOptions; title: string; description: string } | null;
}

/** The plan against actual of `snapshot`. */
export function planActualView(ctx: PageContext, snapshot: PeriodSnapshot): PlanActualView | null {
  const file = snapshot.details['plan-actual.json'];
  if (!file) return null;
  const { t, fmt } = ctx;
  const p = t.planActual;
  const open = !snapshot.manifest.closed && file.elapsed_business_minutes < file.period_business_minutes;
  const gone = file.period_business_minutes === 0 ? null : (100 * file.elapsed_business_minutes) / file.period_business_minutes;
  const rows = file.stages.map((line): PlanActualRow => {
    const amount = (value: number | null) => (line.stage === 'revenue' ? fmt.currency(value) : fmt.number(value));
    const stage = p.stages[line.stage] ?? { name: line.stage, counts: line.metric };
    return {
      stage: line.stage,
      name: stage.name,
      counts: stage.counts,
      target: line.target === null ? p.noTarget : amount(line.target),
      actual: amount(line.actual),
      pct: fmt.pct(line.pct_of_target),
      pace: open && line.target !== null ? fmt.pct(line.pacing_pct) : null,
      expected: open && line.expected_to_date !== null ? p.expected(amount(line.expected_to_date)) : null,
    };
  });
  const label = fmt.period(snapshot.period);
  const bars = file.stages.map((line, i) => ({ label: rows[i]!.name, pct: line.pct_of_target }));
  const drawn = bars.filter((bar) => bar.pct !== null);
  return {
    caption: p.caption(label),
    rows,
    open,
    paceNote: open && gone !== null ? p.paceNote(fmt.pct(gone)) : null,
    chart:
      drawn.length === 0
        ? null
        : {
            options: planActualChart(bars, { format: (v) => fmt.pct(v), expectedPct: open ? gone : null }),
            title: p.chartTitle(label),
            description: p.chartDescription(drawn.map((bar) => `${bar.label} ${fmt.pct(bar.pct)}`).join(', ')),
          },
  };
}

/** How many segments each clause names: the largest contributor of each kind, at most this many kinds. */
export const DRIVERS_SHOWN = 4;

/** How many of those the meeting's discussion points name: the one A4 sheet has room for one per clause. */
export const DRIVERS_DISCUSSED = 1;

/** One segment behind a miss, as shown. */
export interface DriverLine {
  kind: string;
  segment: string;
  share: string;
  text: string;
}

/** A missed or at-risk clause with the segments behind its gap. */
export interface ClauseDrivers {
  id: string;
  name: string;
  status: ClauseStatus;
  statusText: string;
  badge: string;
  /** "29,4% against at least 60%". */
  summary: string;
  /** "164,8 short of the promise", or null for the volume clause. */
  shortfall: string | null;
  drivers: DriverLine[];
  /** Why no segment is named (the volume clause, or no segment below the promise), else null. */
  note: string | null;
}

/**
 * The missed and at-risk clauses of `snapshot`, missed first, each with the largest contributor
 * of each kind (source, tier, segment, owner), largest share first; empty without scorecard.json or contributors.json.
 */
export function missDrivers(ctx: PageContext, snapshot: PeriodSnapshot): ClauseDrivers[] {
  const scorecard = snapshot.details['scorecard.json'];
  const files = snapshot.details['contributors.json'];
  // A snapshot written before contributors.json existed says nothing about who drove its misses.
  if (!scorecard || !files) return [];
  const { t, fmt } = ctx;
  const p = t.planActual;
  const kinds = t.breakdowns.kinds as Record<string, string>;
  const out: ClauseDrivers[] = [];
  for (const status of ['missed', 'at_risk'] as const) {
    for (const clause of scorecard.clauses.filter((c) => c.status === status)) {
      const found = files.clauses.find((c) => c.id === clause.id);
      if (!found && clause.id !== 'mql_volume') continue;
      const top = new Map<string, NonNullable<typeof found>['contributors'][number]>();
      for (const c of found?.contributors ?? []) if (!top.has(c.segment_kind)) top.set(c.segment_kind, c);
      const drivers = [...top.values()]
        .sort((a, b) => b.share_pct - a.share_pct)
        .slice(0, DRIVERS_SHOWN)
        .map((c): DriverLine => {
          const kind = kinds[c.segment_kind] ?? c.segment_kind;
          const segment = segmentText(ctx, c.segment, c.segment_kind);
          const share = fmt.pct(c.share_pct);
          return { kind, segment, share, text: p.driver(kind, segment, share, fmt.pct(c.value), t.report.fraction(fmt.number(c.numerator), fmt.number(c.denominator))) };
        });
      out.push({
        id: clause.id,
        name: clauseName(clause.id, fmt.locale),
        status,
        statusText: t.report.clauseStatus[status] ?? status,
        badge: STATUS_BADGE[status],
        summary: `${fmt.pct(clause.measured)} · ${t.report.promised} ${t.report.atLeast(fmt.pct(clause.promised))}`,
        shortfall: found ? p.shortfall(fmt.number(found.shortfall)) : null,
        drivers,
        note: found ? (drivers.length === 0 ? p.noDrivers : null) : p.volumeNote,
      });
    }
  }
  return out;
}

/** The meeting's sentence naming, for each clause, the segment with the largest share of its shortfall; null when none is named. */
export function driversSentence(ctx: PageContext, clauses: readonly ClauseDrivers[]): string | null {
  const p = ctx.t.planActual;
  const named = clauses.flatMap((c) => c.drivers.slice(0, DRIVERS_DISCUSSED).map((d) => p.discussItem(c.name, d.kind, d.segment, d.share)));
  return named.length === 0 ? null : p.discuss(named.join('; '));
}
