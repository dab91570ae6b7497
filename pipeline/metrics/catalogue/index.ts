import { z } from 'zod';
import type { SegmentKind } from '../../schemas/snapshot.ts';
import { MEASURED } from './measured.ts';
import { SCORECARD, type ClauseEntry } from './scorecard.ts';
import { fieldName } from './terms.ts';
import { BASES, type ClauseId, type Measure, type MetricEntry, type TemplateEntry, type Text } from './types.ts';

// The metric catalogue: the one place each metric is named, defined and computed. The pipeline's
// row producers, the snapshot schemas, the site's glossary and the README's table all read it.

export { COHORT_STAGES, FLOW_STAGES, VELOCITY_PAIRS } from './funnel.ts';
export { PLAN_RATES, type PlanRate } from './plan.ts';
export { SCORECARD, type ClauseEntry } from './scorecard.ts';
export { capitalise, FIELD_NAME, fieldName, STAGES, type Stage } from './terms.ts';
export { BASES, type BaseName, type CatalogueLocale, type ClauseId, type Family, type Measure, type MetricEntry, type TemplateEntry, type Text } from './types.ts';

/** Every metric, in glossary order: the scorecard's clauses, then each family in reading order. */
export const CATALOGUE = [...SCORECARD, ...MEASURED] as const;

/** A catalogue entry, fixed or templated. */
export type CatalogueEntry = (typeof CATALOGUE)[number];

/** The id of a metric the pipeline writes; `quality.missing_pct.<field>` takes any field of the contract. */
export type MetricId = CatalogueEntry['id'];

/** The id of a scorecard clause's metric row. */
export type ClauseMetricId = `scorecard.${ClauseId}`;

/** Metric families in reading order, by id prefix. */
export const METRIC_FAMILIES = [...new Set(CATALOGUE.map((e) => e.family))];

function isTemplate(entry: CatalogueEntry): entry is CatalogueEntry & TemplateEntry {
  return 'over' in entry;
}

const FIXED = new Map<string, MetricEntry>(CATALOGUE.filter((e) => !isTemplate(e)).map((e) => [e.id, e as MetricEntry]));
const TEMPLATES = CATALOGUE.filter(isTemplate).map((e) => ({ entry: e as TemplateEntry, prefix: e.id.slice(0, e.id.indexOf('<')) }));

/** Whether a string is a metric id of the catalogue. */
export function isMetricId(id: string): id is MetricId {
  return FIXED.has(id) || TEMPLATES.some((t) => id.startsWith(t.prefix) && id.length > t.prefix.length);
}

/** A metric id, checked against the catalogue when a snapshot is written or read. */
export const metricIdSchema = z.custom<MetricId>((v) => typeof v === 'string' && isMetricId(v), {
  error: (issue) => `"${String(issue.input)}" is not a metric id of the catalogue (pipeline/metrics/catalogue)`,
});

/** A scorecard clause id, checked against the catalogue. */
export const clauseIdSchema = z.enum(SCORECARD.map((c) => c.clause) as [ClauseId, ...ClauseId[]]);

/** One concrete metric: a fixed entry, or a template entry filled in for one value of its contract list. */
export interface ResolvedMetric {
  id: MetricId;
  entry: CatalogueEntry;
  label: Text;
  definition: Text;
  measure: Measure;
}

/** A fixed entry, or a template filled in for one value. */
function resolve(entry: CatalogueEntry, value?: string): ResolvedMetric {
  if (!isTemplate(entry)) {
    const fixed = entry as MetricEntry;
    return { id: entry.id, entry, label: fixed.label, definition: fixed.definition, measure: fixed.measure };
  }
  const name = fieldName(value!);
  const t = entry as TemplateEntry;
  return { id: `${entry.id.slice(0, entry.id.indexOf('<'))}${value}` as MetricId, entry, label: t.label(name), definition: t.definition(name), measure: t.measure(value!) };
}

/** The catalogue entry of an id, resolved (null when the id is not in the catalogue). */
export function resolveMetric(id: string): ResolvedMetric | null {
  const fixed = FIXED.get(id);
  if (fixed) return resolve(fixed as CatalogueEntry);
  const template = TEMPLATES.find((t) => id.startsWith(t.prefix) && id.length > t.prefix.length);
  return template ? resolve(template.entry as CatalogueEntry, id.slice(template.prefix.length)) : null;
}

/** Every metric of a contract with these handoff fields, templates expanded, in glossary order. */
export function resolvedMetrics(handoffFields: readonly string[]): ResolvedMetric[] {
  return CATALOGUE.flatMap((e) => (isTemplate(e) ? handoffFields.map((f) => resolve(e, f)) : [resolve(e)]));
}

/** The breakdowns of a metric besides `all`: those of its base. */
export function dimensionsOf(entry: Pick<MetricEntry, 'base'>): readonly Exclude<SegmentKind, 'all'>[] {
  return BASES[entry.base].dimensions;
}

/** The scorecard clause a metric feeds, if any. */
export function clauseFedBy(id: MetricId): ClauseEntry | null {
  return SCORECARD.find((c) => c.measures === id) ?? null;
}
