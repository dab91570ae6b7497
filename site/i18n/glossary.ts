import {
  CATALOGUE,
  capitalise,
  fieldName,
  METRIC_FAMILIES as CATALOGUE_FAMILIES,
  resolvedMetrics,
  resolveMetric,
  SCORECARD,
  type ClauseId,
  type Family,
  type MetricId,
} from '../../pipeline/metrics/catalogue/index.ts';
import type { Locale } from './index.ts';

// The glossary: every metric's label and definition, read from the metric catalogue
// (pipeline/metrics/catalogue), in the site's language. Pages show a metric's label with its
// definition on hover and list the definitions of what they show; the agreement page lists them all.

/** A metric's name and definition for readers. */
export interface GlossaryEntry {
  id: MetricId;
  label: string;
  definition: string;
}

/** The name of a lead field for readers (`phone` → "telefone"); unknown fields keep their column name. */
export function fieldLabel(field: string, locale: Locale): string {
  return fieldName(field)[locale];
}

/** The glossary entry of a metric id. */
export function describeMetric(id: MetricId, locale: Locale): GlossaryEntry {
  const m = resolveMetric(id);
  if (!m) throw new Error(`metric id not in the catalogue: ${id}`);
  return { id, label: m.label[locale], definition: m.definition[locale] };
}

/** A metric's label. */
export function metricLabel(id: MetricId, locale: Locale): string {
  return describeMetric(id, locale).label;
}

/** A scorecard clause's name for readers ("Speed to lead"), capitalised. */
export function clauseName(clause: ClauseId, locale: Locale): string {
  return capitalise(SCORECARD.find((c) => c.clause === clause)!.name[locale]);
}

/** The scorecard's clause ids, in the pipeline's order (marketing's first). */
export const SCORECARD_CLAUSE_IDS: readonly ClauseId[] = SCORECARD.map((c) => c.clause);

/** Every metric id of the catalogue, templates expanded for the agreement's handoff fields, in glossary order. */
export function glossaryIds(handoffFields: readonly string[]): MetricId[] {
  return resolvedMetrics(handoffFields).map((m) => m.id);
}

/** Metric families in reading order, by id prefix; the trends page groups metrics by these. */
export const METRIC_FAMILIES: readonly Family[] = CATALOGUE_FAMILIES;
/** A family of metrics, named by its id prefix. */
export type MetricFamily = Family;

/** The family a metric id belongs to. */
export function metricFamily(id: MetricId): MetricFamily {
  return resolveMetric(id)!.entry.family;
}

// Sorts call `glossaryRank` twice per comparison: the order is built once per set of handoff fields.
const glossaryOrders = new Map<string, Map<string, number>>();

/** The position of a metric id in glossary order, for sorting; a field the contract does not list goes after its family's template. */
export function glossaryRank(id: MetricId, handoffFields: readonly string[] = []): number {
  const key = JSON.stringify(handoffFields);
  let order = glossaryOrders.get(key);
  if (!order) {
    order = new Map(glossaryIds(handoffFields).map((metric, i) => [metric, i]));
    glossaryOrders.set(key, order);
  }
  const index = order.get(id);
  if (index !== undefined) return index;
  // A templated id for a field not in the list sits just after the entries before its template.
  const entry = resolveMetric(id)!.entry;
  const before = CATALOGUE.indexOf(entry);
  const preceding = CATALOGUE.slice(0, before).reduce((n, e) => n + ('over' in e ? handoffFields.length : 1), 0);
  return preceding + 0.5;
}
