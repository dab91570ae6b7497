import type { Contract } from '../contract/schema.ts';
import { SCORECARD, type ClauseId } from './catalogue/index.ts';
import type { ClauseStatus, ScorecardClause, ScorecardFile } from '../schemas/scorecard.ts';
import type { MetricRow } from '../schemas/snapshot.ts';

// The scorecard (SPEC section 4, `scorecard.<clause>`): one clause per promise of the agreement,
// the measured percentage beside the promised level, and a status from the contract's
// `scorecard` thresholds: met at or above `promised`, at risk at or above `at_risk`, else missed.

/** Each clause: which side promised it and the metric that measures it (the catalogue's `scorecard.*` entries). */
export const SCORECARD_CLAUSES = SCORECARD.map(({ clause, side, measures }) => ({ id: clause, side, metric: measures }));

/** Status of a measured value against a clause's thresholds. */
export function clauseStatus(measured: number | null, promised: number, atRisk: number): ClauseStatus {
  if (measured === null) return 'no_data';
  if (measured >= promised) return 'met';
  if (measured >= atRisk) return 'at_risk';
  return 'missed';
}

/** `scorecard.json` of each period, from the period's whole-period metric rows. */
export function scorecardFiles(contract: Contract, periods: readonly string[], rows: readonly MetricRow[]): Map<string, ScorecardFile> {
  const index = new Map(rows.filter((r) => r.segment_kind === 'all').map((r) => [`${r.period}|${r.metric}`, r]));
  return new Map(
    periods.map((period) => [
      period,
      {
        period,
        clauses: SCORECARD_CLAUSES.map(({ id, side, metric }): ScorecardClause => {
          const row = index.get(`${period}|${metric}`);
          const { promised, at_risk } = contract.scorecard[id];
          const measured = row?.value ?? null;
          return {
            id,
            side,
            metric,
            promised,
            at_risk_from: at_risk,
            measured,
            unit: 'pct',
            numerator: row?.numerator ?? null,
            denominator: row?.denominator ?? null,
            status: clauseStatus(measured, promised, at_risk),
          };
        }),
      },
    ]),
  );
}

/** `scorecard.<clause>` rows: the measured value of each clause with its numerator and denominator. */
export function scorecardMetrics(files: ReadonlyMap<string, ScorecardFile>): MetricRow[] {
  return [...files.values()].flatMap((file) =>
    file.clauses.map((c): MetricRow => ({
      period: file.period,
      metric: `scorecard.${c.id}` as const,
      segment_kind: 'all',
      segment: 'all',
      value: c.measured,
      numerator: c.numerator,
      denominator: c.denominator,
      unit: 'pct',
    })),
  );
}
