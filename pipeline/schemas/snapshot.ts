import { z } from 'zod';
import { CANONICAL_KINDS } from '../contract/schema.ts';
import { metricIdSchema } from '../metrics/catalogue/index.ts';

// One zod schema per snapshot file. The pipeline validates what it writes with these and the
// site parses what it reads with the same ones, so the two cannot drift apart.

/** How a metric row is sliced: the whole period, or one value of a breakdown dimension. */
export const segmentKindSchema = z.enum(['all', 'source', 'tier', 'segment', 'owner']);
export type SegmentKind = z.infer<typeof segmentKindSchema>;

/** The unit a metric value is expressed in; `pct` values are 0–100. */
export const unitSchema = z.enum(['count', 'pct', 'minutes', 'days', 'currency', 'ratio']);
export type Unit = z.infer<typeof unitSchema>;

/** One row of `metrics.csv` / `metrics.json`: one metric for one segment of one period. */
export const metricRowSchema = z.strictObject({
  period: z.string(),
  metric: metricIdSchema,
  segment_kind: segmentKindSchema,
  segment: z.string(),
  value: z.number().nullable(),
  numerator: z.int().nullable(),
  denominator: z.int().nullable(),
  unit: unitSchema,
});
export type MetricRow = z.infer<typeof metricRowSchema>;

/** `metrics.json`: the long-form rows, sorted by metric, segment_kind, segment. */
export const metricsFileSchema = z.array(metricRowSchema);

/** Load statistics of one input file, as in `run.json` (SPEC section 5). */
export const inputStatsSchema = z.strictObject({
  path: z.string(),
  rows_read: z.int().nonnegative(),
  rows_loaded: z.int().nonnegative(),
  rows_quarantined: z.int().nonnegative(),
  duplicates: z.int().nonnegative(),
  orphans: z.int().nonnegative(),
  /** Quarantine reasons with their row counts, most frequent first. */
  reasons: z.array(z.strictObject({ reason: z.string(), rows: z.int().positive() })),
  /** Loaded deals without a creation date: they close (won/lost) but open no opportunity. Absent when none. */
  without_created_at: z.int().positive().optional(),
  /** Rows linked to their lead by the person's name and organisation, for want of an id. Absent when none. */
  linked_by_name: z.int().positive().optional(),
});
export type InputStats = z.infer<typeof inputStatsSchema>;

const inputsSchema = z.partialRecord(z.enum(CANONICAL_KINDS), inputStatsSchema);

/** What was read from one input file: mapped, expected but missing, unused, and look-alike columns. */
export const columnReportSchema = z.strictObject({
  /** Canonical column → the header(s) its value comes from. */
  mapped: z.record(z.string(), z.string()),
  /** Canonical columns the preset reads that the file does not have. */
  missing: z.array(z.string()),
  /** Headers no canonical column reads (lead extras stay as attributes). */
  unused: z.array(z.string()),
  /** Unused headers that look like a missing column under another name. */
  lookalikes: z.array(z.strictObject({ column: z.string(), header: z.string() })).optional(),
});
export type ColumnReport = z.infer<typeof columnReportSchema>;

/** `manifest.json`: what a snapshot was computed from, so anyone can check it. */
export const manifestSchema = z.strictObject({
  period: z.string(),
  period_kind: z.enum(['month', 'quarter', 'week']),
  /** First local day of the period (yyyy-mm-dd) and the first local day after it. */
  starts_on: z.string(),
  ends_before: z.string(),
  /** True when the period ended before `as_of`: the snapshot is frozen. */
  closed: z.boolean(),
  as_of: z.string(),
  tool: z.strictObject({ name: z.literal('handoff'), version: z.string() }),
  contract: z.strictObject({ sha256: z.string(), name: z.string(), locale: z.enum(['en', 'pt-BR']), timezone: z.string(), currency: z.string() }),
  /** sha256 and size of every input file of the run. */
  input_files: z.partialRecord(z.enum(CANONICAL_KINDS), z.strictObject({ path: z.string(), sha256: z.string(), bytes: z.int().nonnegative() })),
  inputs: inputsSchema,
  /**
   * Per input, what was read (mapped, expected but missing, unused, look-alikes): header names of the
   * export, no lead values. Present only when some input lacks a column its preset expects, so a run
   * that read everything writes the manifest it always did.
   */
  columns: z.partialRecord(z.enum(CANONICAL_KINDS), columnReportSchema).optional(),
  /** sha256 of each metric file written beside this manifest. */
  files: z.record(z.string(), z.string()),
});
export type Manifest = z.infer<typeof manifestSchema>;


/** `run.json` at the root of `--out`: one pipeline run. */
export const runSchema = z.strictObject({
  as_of: z.string(),
  contract: z.strictObject({ path: z.string(), sha256: z.string() }),
  inputs: inputsSchema,
  /** Per input: the columns read, expected but missing, and unused (absent in runs before it was added). */
  columns: z.partialRecord(z.enum(CANONICAL_KINDS), columnReportSchema).optional(),
  periods: z.array(z.strictObject({ period: z.string(), closed: z.boolean(), written: z.boolean() })),
  started_at: z.string(),
  seconds: z.number().nonnegative(),
});
export type Run = z.infer<typeof runSchema>;
