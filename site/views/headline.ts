import type { Unit } from '../../pipeline/schemas/snapshot.ts';
import { describeMetric, metricLabel } from '../i18n/glossary.ts';
import { metricRow, type PeriodSnapshot } from '../lib/snapshots.ts';
import type { PageContext } from './page-context.ts';
import type { MetricId } from '../../pipeline/metrics/catalogue/index.ts';

// The headline numbers of a period: the home page, the period page and the meeting view show the
// same cards. A metric the snapshot lacks gets no card.

/** The metrics of the headline cards, the first one emphasised. */
export const HEADLINE_METRICS = ['mql.count', 'funnel.flow.sql', 'funnel.flow.won'] as const satisfies readonly MetricId[];

/** One headline card: the metric, its label and definition, this period's value and the change since the previous one. */
export interface Headline {
  metric: MetricId;
  label: string;
  definition: string;
  unit: Unit;
  value: number | null;
  text: string;
  previous: { period: string; text: string; change: string } | null;
}

/** The headline cards of `snapshot`, compared with `previous` when there is one. */
export function headlines(ctx: PageContext, snapshot: PeriodSnapshot, previous: PeriodSnapshot | undefined): Headline[] {
  const { fmt } = ctx;
  return HEADLINE_METRICS.flatMap((metric) => {
    const row = metricRow(snapshot, metric);
    if (!row) return [];
    const before = previous ? metricRow(previous, metric) : undefined;
    return [
      {
        metric,
        label: metricLabel(metric, fmt.locale),
        definition: describeMetric(metric, fmt.locale)?.definition ?? '',
        unit: row.unit,
        value: row.value,
        text: fmt.metric(row.value, row.unit),
        previous:
          previous && before
            ? { period: fmt.periodShort(previous.period), text: fmt.metric(before.value, before.unit), change: fmt.change(before.value, row.value, row.unit) }
            : null,
      },
    ];
  });
}
