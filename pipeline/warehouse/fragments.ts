import { sql, type Compilable, type Expression, type RawBuilder } from 'kysely';
import { timestampLiteral } from '../db.ts';
import { periodKeySql, type PeriodKind } from '../model/periods.ts';

// DuckDB functions inside Kysely queries: raw fragments whose result type is stated once here.
// Each wraps the SQL text builder the model and the metrics share, so a Kysely query computes a
// local time or a period exactly as they do.

/** A UTC ISO instant as a TIMESTAMP constant (inlined, as the model's SQL does). */
export function timestampOf(iso: string): RawBuilder<string> {
  return sql<string>`${sql.raw(timestampLiteral(iso))}`;
}

/** A UTC TIMESTAMP as the contract zone's wall clock to the minute (`2026-10-20 10:00`), as lists and briefs show it. */
export function localMinute<T extends string | null>(timezone: string, instant: Expression<T>): RawBuilder<T> {
  return around<T>((x) => localMinuteSql(timezone, x), instant);
}

/** The contract period key (`2026-10`, `2026-Q4`, `2026-W43`) of a UTC TIMESTAMP in the contract's zone. */
export function periodKeyOf(kind: PeriodKind, timezone: string, instant: Expression<string | null>): RawBuilder<string> {
  return around<string>((x) => periodKeySql(kind, x, timezone), instant);
}

/** Business minutes between two UTC TIMESTAMPs on the contract's calendar (the macro calendar-table.ts writes; needs the calendar tables). */
export function businessMinutesBetween(from: Expression<string>, to: Expression<string>): RawBuilder<number> {
  return sql<number>`business_minutes_between(${from}, ${to})`;
}

/**
 * A query's SQL text for a layer still written as text (the catalogue runner's bases); the query
 * must inline its values (sql.lit, timestampOf), as a parameter has nowhere to go in text.
 */
export function inlineSql(query: Compilable<unknown>): string {
  const { sql: text, parameters } = query.compile();
  if (parameters.length > 0) throw new Error(`inlineSql: the query has ${parameters.length} parameters: ${text}`);
  return text;
}

/** `localMinute` as SQL text, for the queries still written as text (an export's own raw columns). */
export function localMinuteSql(timezone: string, col: string): string {
  return `strftime(timezone('${timezone.replaceAll("'", "''")}', (${col})::TIMESTAMPTZ), '%Y-%m-%d %H:%M')`;
}

const HOLE = '\u0000expression\u0000';

/** A text builder's SQL with `expression` compiled wherever the builder put its argument. */
function around<T>(text: (placeholder: string) => string, expression: Expression<unknown>): RawBuilder<T> {
  return sql.join(text(HOLE).split(HOLE).map((part) => sql.raw(part)), sql`${expression}`) as RawBuilder<T>;
}
