import type { Contract, Rule } from '../contract/schema.ts';
import { ident, literal, type Db } from '../db.ts';
import { UserError } from '../errors.ts';
import { fold } from '../ingest/enums.ts';
import { booleanSql } from '../ingest/value-sql.ts';

// Contract rules (`icp`, `tiers[].when`) and `handoff_fields` compiled to SQL over one row of
// `stg_leads`, so tiers, ICP fit and completeness are set-based columns of `handoffs`, not a JS loop.
//
// Semantics, chosen for analysts who write rules by hand:
// - `field` names a canonical column of leads.csv, else an extra column (kept in `attributes`),
//   matched exactly, then ignoring case, accents and spacing.
// - text tests (`eq`/`in`/`not_in` with text) ignore case and surrounding spaces;
//   numeric tests (`gte`…, or `eq`/`in` with a number) read the value as a number.
// - an empty value fails every test except `empty: true` and `not_in` (it is in no list).
// - several tests in one field rule must all hold; `{icp: true}` is false when no `icp` is set.

/** A field of a rule or of `handoff_fields` that names no column of the leads export. */
export class UnknownFieldError extends UserError {
  override name = 'UnknownFieldError';
}

/** Resolves field names of the contract to SQL over the `stg_leads` row alias. */
export interface FieldResolver {
  /** The row alias the SQL reads through. */
  alias: string;
  /** SQL of the field's value (VARCHAR or DOUBLE; NULL when empty). */
  sql(field: string, path: string): string;
}

/** Columns of `stg_leads` that are not lead fields. */
const NOT_FIELDS = new Set(['source_line', 'attributes']);

/**
 * Builds a resolver from the columns of `stg_leads` and the keys of its `attributes` JSON,
 * reading rows through `alias`.
 */
export async function fieldResolver(db: Db, alias: string): Promise<FieldResolver> {
  const columns = (
    await db.all<{ name: string }>(
      `SELECT column_name AS name FROM duckdb_columns() WHERE table_name = 'stg_leads' ORDER BY column_index`,
    )
  )
    .map((c) => c.name)
    .filter((c) => !NOT_FIELDS.has(c));
  const keyRow = await db.all<{ keys: string[] | null }>(
    `SELECT json_keys(attributes) AS keys FROM stg_leads WHERE attributes IS NOT NULL ORDER BY source_line LIMIT 1`,
  );
  const keys = keyRow[0]?.keys ?? [];
  return {
    alias,
    sql(field, path) {
      if (columns.includes(field)) return `${alias}.${ident(field)}`;
      const key = keys.find((k) => k === field) ?? columns.find((c) => c === fold(field)) ?? keys.find((k) => fold(k) === fold(field));
      if (key === undefined) {
        throw new UnknownFieldError(
          `The contract's ${path} names the field "${field}", but the leads export has no such column. ` +
            `Its columns, closest first: ${closestFirst(field, [...columns, ...keys]).join(', ')}. ` +
            'Fix the field name in sla.yaml (or map the column under mapping.files.leads.columns).',
        );
      }
      if (columns.includes(key)) return `${alias}.${ident(key)}`;
      return `json_extract_string(${alias}.attributes, ${literal(`$."${key.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`)})`;
    },
  };
}

/**
 * `names` as a person would scan them for a typo of `field`, compared folded: those containing it
 * (or contained in it) first, then by edit distance; ties keep their given order.
 */
export function closestFirst(field: string, names: readonly string[]): string[] {
  const target = fold(field);
  const scored = names.map((name, i) => {
    const folded = fold(name);
    return { name, i, d: folded.includes(target) || target.includes(folded) ? 0 : editDistance(target, folded) };
  });
  return scored.sort((a, b) => a.d - b.d || a.i - b.i).map((s) => s.name);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

const text = (value: string) => `lower(trim(CAST(${value} AS VARCHAR)))`;
const number = (value: string) => `TRY_CAST(${value} AS DOUBLE)`;

function member(value: string, item: string | number | boolean): string {
  if (typeof item === 'number') return `${number(value)} = ${item}`;
  // A value that is no yes/no word (`talvez`) is neither true nor false.
  if (typeof item === 'boolean') return `coalesce(${booleanSql(`CAST(${value} AS VARCHAR)`)} = ${item}, false)`;
  return `${text(value)} = ${literal(item.trim().toLowerCase())}`;
}

/** SQL boolean (never NULL) of a rule over the lead row; `icpSql` is the compiled ICP rule. */
export function ruleSql(rule: Rule, fields: FieldResolver, path: string, icpSql: string): string {
  if ('all' in rule) return rule.all.length === 0 ? 'true' : `(${rule.all.map((r, i) => ruleSql(r, fields, `${path}.all[${i}]`, icpSql)).join(' AND ')})`;
  if ('any' in rule) return rule.any.length === 0 ? 'false' : `(${rule.any.map((r, i) => ruleSql(r, fields, `${path}.any[${i}]`, icpSql)).join(' OR ')})`;
  if ('not' in rule) return `(NOT ${ruleSql(rule.not, fields, `${path}.not`, icpSql)})`;
  if ('icp' in rule) return icpSql;
  const value = fields.sql(rule.field, `${path}.field`);
  const present = `(${value} IS NOT NULL AND trim(CAST(${value} AS VARCHAR)) <> '')`;
  const tests: string[] = [];
  if (rule.eq !== undefined) tests.push(`(${present} AND ${member(value, rule.eq)})`);
  if (rule.in !== undefined) tests.push(rule.in.length === 0 ? 'false' : `(${present} AND (${rule.in.map((x) => member(value, x)).join(' OR ')}))`);
  if (rule.not_in !== undefined) {
    tests.push(rule.not_in.length === 0 ? 'true' : `(NOT ${present} OR NOT (${rule.not_in.map((x) => `coalesce(${member(value, x)}, false)`).join(' OR ')}))`);
  }
  for (const [op, sign] of [['gte', '>='], ['gt', '>'], ['lte', '<='], ['lt', '<']] as const) {
    const bound = rule[op];
    if (bound !== undefined) tests.push(`coalesce(${number(value)} ${sign} ${bound}, false)`);
  }
  if (rule.empty !== undefined) tests.push(rule.empty ? `(NOT ${present})` : present);
  return `coalesce(${tests.join(' AND ')}, false)`;
}

/** The lead-level SQL of a contract: ICP fit, tier name, tier response time, missing handoff fields. */
export interface LeadRulesSql {
  /** BOOLEAN, NULL when the contract defines no ICP. */
  icpFit: string;
  /**
   * VARCHAR: the first tier whose `when` holds (the last tier otherwise). A tier rule `icp` reads
   * the row's `_icp_fit` column (the `icpFit` result), so the ICP rule is evaluated once per lead.
   */
  tier: string;
  /**
   * DOUBLE: the tier's `response_within` in business minutes, looked up from a `tier` column (the
   * `tier` expression's result): the tier rules are evaluated once per lead, not once per column.
   */
  responseWithin: string;
  /** VARCHAR[]: the `handoff_fields` whose value is empty, in contract order. */
  missingFields: string;
}

/** Compiles the contract's rules over the `stg_leads` row alias of `fields`. */
export function leadRulesSql(contract: Contract, fields: FieldResolver): LeadRulesSql {
  const icpRule = contract.icp === undefined ? null : ruleSql(contract.icp, fields, 'icp', 'false');
  const icpSql = icpRule === null ? 'false' : `coalesce(${fields.alias}._icp_fit, false)`;
  const whens = contract.tiers.map((tier, i) => (tier.when === undefined ? null : ruleSql(tier.when, fields, `tiers[${i}].when`, icpSql)));
  const last = contract.tiers.at(-1)!;
  const tier =
    contract.tiers.length === 1
      ? literal(last.name)
      : `CASE ${contract.tiers
          .slice(0, -1)
          .map((t, i) => `WHEN ${whens[i]} THEN ${literal(t.name)}`)
          .join(' ')} ELSE ${literal(last.name)} END`;
  const missing = contract.handoff_fields.map((field, i) => {
    const value = fields.sql(field, `handoff_fields[${i}]`);
    return `CASE WHEN ${value} IS NULL OR trim(CAST(${value} AS VARCHAR)) = '' THEN ${literal(field)} END`;
  });
  return {
    icpFit: icpRule === null ? 'NULL::BOOLEAN' : icpRule,
    tier,
    responseWithin: `CASE tier ${contract.tiers.map((t) => `WHEN ${literal(t.name)} THEN ${t.response_within}::DOUBLE`).join(' ')} END`,
    missingFields: missing.length === 0 ? '[]::VARCHAR[]' : `list_filter([${missing.join(', ')}], x -> x IS NOT NULL)`,
  };
}
