import type { SegmentKind, Unit } from '../../schemas/snapshot.ts';

// The shape of a catalogue entry. One entry is the whole public meaning of a metric: its id, what
// it is called and how it is defined for readers in both languages, and how it is computed. The
// grouping-sets runner (../catalogue-runner.ts) computes every entry whose `measure` is SQL; an
// entry measured `by: 'code'` names the module that computes it.

/** A language the glossary is written in (the contract's `locale`). */
export type CatalogueLocale = 'en' | 'pt-BR';

/** One text in every language of the glossary. */
export type Text = Readonly<Record<CatalogueLocale, string>>;

/** An SQL aggregate expression over the rows of the metric's base (DuckDB, no trailing comma). */
export type Sql = string;

/**
 * How a metric's value is obtained from its base:
 * - `count`: the value is `count` (an integer aggregate);
 * - `pct`: 100 × numerator / denominator, both integers, carried on the row; n/a when the denominator is 0;
 * - `value`: the value is the aggregate `value` itself (a quantile), n/a over no rows;
 * - `sum`: `sum` (an exact integer aggregate, e.g. cents) ÷ `scale`, ÷ `per` when given (n/a when that is 0);
 *   no numerator or denominator is carried;
 * - `code`: computed by the named module, not by SQL over the base.
 */
export type Measure =
  | { kind: 'count'; count: Sql }
  | { kind: 'pct'; numerator: Sql; denominator: Sql }
  | { kind: 'value'; value: Sql }
  | { kind: 'sum'; sum: Sql; scale: number; per?: Sql }
  | { kind: 'code'; by: string };

/**
 * The rows a metric is aggregated over and the breakdowns it has. The SQL of each base is in
 * ../catalogue-runner.ts (the deals base depends on the inputs and the calendar).
 */
export const BASES = {
  handoffs: { about: 'one row per handoff (`handoffs`)', dimensions: ['source', 'tier', 'segment', 'owner'] },
  funnel_events: { about: 'one row per `events` row of a funnel stage, with its lead’s source, segment and owner', dimensions: ['source', 'segment', 'owner'] },
  closing_events: { about: 'one row per recycled, disqualified or rejected `events` row, with its lead’s source, segment and owner', dimensions: ['source', 'segment', 'owner'] },
  closed_deals: { about: 'one row per deal won or lost up to as_of (`stg_deals`), by its period of closed_at, with its lead’s source and segment and the deal’s owner', dimensions: ['source', 'segment', 'owner'] },
  plan: { about: 'the period’s reverse-funnel plan (`plan.json`)', dimensions: [] },
  periods: { about: 'the reporting period itself', dimensions: [] },
  metrics: { about: 'the period’s other metric rows', dimensions: [] },
} as const satisfies Record<string, { about: string; dimensions: readonly Exclude<SegmentKind, 'all'>[] }>;

/** The name of a metric's base. */
export type BaseName = keyof typeof BASES;

/** A metric family: the id's prefix, in the order the glossary reads. */
export type Family = 'scorecard' | 'mql' | 'plan' | 'speed' | 'attempts' | 'acceptance' | 'funnel.cohort' | 'funnel.flow' | 'funnel.velocity' | 'quality' | 'outcome';

/** A scorecard clause id: one promise of the agreement (the contract's `scorecard.<clause>`). */
export type ClauseId = 'mql_volume' | 'icp_fit' | 'completeness' | 'speed_within_sla' | 'attempt_adherence' | 'acceptance_within_sla' | 'rejection_reasons';

/** One metric of the catalogue. `Id` is its literal id (a template literal type for field-dependent ids). */
export interface MetricEntry<Id extends string = string> {
  id: Id;
  family: Family;
  unit: Unit;
  label: Text;
  /** What it measures for a reader: numerator, denominator, what is left out. */
  definition: Text;
  base: BaseName;
  measure: Measure;
  /** The contract setting without which the metric cannot be judged: its rows are then n/a. */
  needs?: 'icp';
}

/**
 * A metric whose id has a part that depends on the contract (`quality.missing_pct.<field>`):
 * `id` is the id as documented, with `<field>`; texts and measure are given per field.
 */
export interface TemplateEntry<Id extends string = string> extends Omit<MetricEntry<Id>, 'label' | 'definition' | 'measure'> {
  /** The contract list the variable part comes from. */
  over: 'handoff_fields';
  label(name: Text): Text;
  definition(name: Text): Text;
  measure(value: string): Measure;
}

/** Declares a metric, keeping its id's literal type. */
export function metric<const Id extends string>(entry: MetricEntry<Id>): MetricEntry<Id> {
  return entry;
}
