import { mkdirSync, writeFileSync } from 'node:fs';
import { sql, type AliasedRawBuilder } from 'kysely';
import { join } from 'node:path';
import type { Contract, Rule } from '../contract/schema.ts';
import { ident, literal, timestampLiteral, type Db } from '../db.ts';
import { headerColumn } from '../ingest/mapping.ts';
import { conversionHeaders } from '../ingest/conversion-columns.ts';
import type { HeaderRef } from '../ingest/presets/preset.ts';
import { cleanText, timestampSql } from '../ingest/value-sql.ts';
import { tableExists } from '../model/events.ts';
import { fieldResolver, ruleSql } from '../model/rules-sql.ts';
import { briefWords, formatLocalTime, formatNumber, type BriefLocale, type BriefWords } from './brief-words.ts';
import { localMinute, localMinuteSql, timestampOf } from '../warehouse/fragments.ts';

// The rep's brief: one short Markdown file per listed handoff, read on a phone before the first
// call. It tells what the lead already did (source, conversions), why it is here (score, ICP and
// tier rules leaf by leaf, with the lead's values), what marketing left blank, the touches so far
// and the lead's earlier handoffs. The rules are evaluated with the same SQL as `handoffs`, leaf
// by leaf, so a brief can never disagree with the tier the metrics count.

/**
 * A value from the inputs or the contract as Markdown shows it, literally: `\`, `<`, `>`, `&`,
 * `[`, `]` and `` ` `` get a backslash (CommonMark's escapes), so a lead's name cannot become HTML
 * a previewer runs or renders (`<script>`, `<img onerror>`), an entity, a link or an image under
 * other words (`[Reset](https://evil)`, `![](…)`) or a code span; line breaks become spaces, so a
 * value cannot start a heading or a list item of its own. A bare URL stays visible as itself.
 */
export function markdownText(value: string): string {
  return value.replace(/[\r\n]+/g, ' ').replace(/[\\`<>&[\]]/g, (c) => `\\${c}`);
}

/** Folder of the briefs inside `actions/`. */
export const BRIEFS_DIR = 'briefs';

/** The brief's path relative to `actions/`: `briefs/<handoff_id, # → ->.md` (path characters made safe). */
export function briefPath(handoffId: string): string {
  return `${BRIEFS_DIR}/${handoffId.replaceAll('#', '-').replace(/[/\\:*?"<>|]/g, '_')}.md`;
}

interface HandoffRow {
  handoff_id: string;
  lead_id: string;
  handoff_no: number;
  tier: string;
  score: number | null;
  owner: string | null;
  source: string | null;
  campaign: string | null;
  missing_fields: string[] | null;
  name: string | null;
  company: string | null;
  email: string | null;
  phone: string | null;
  source_line: number;
  mql_at: string;
  deadline: string;
}

interface Conversion {
  at: string | null;
  what: string | null;
}

/** What the lead did on the marketing side: first and latest conversion and their count. */
interface Conversions {
  first: Conversion | null;
  latest: Conversion | null;
  total: string | null;
}

interface TouchRow {
  handoff_id: string;
  type: string;
  direction: string;
  outcome: string | null;
  at: string;
  business_days: number;
}

interface EarlierRow {
  lead_id: string;
  handoff_no: number;
  mql_at: string;
  touches: number;
  closed_as: string | null;
  closed_at: string | null;
  closed_reason: string | null;
  decision_stage: string | null;
  decision_at: string | null;
  decision_reason: string | null;
  came_back: string;
}

/** A rule as a tree whose every node has a verdict column (and a field leaf its value column). */
interface RuleNode {
  rule: Rule;
  verdict: string;
  value: string | null;
  children: RuleNode[];
}

/**
 * Writes a brief for each handoff in `handoffIds` into `<actionsDir>/briefs/` and returns each
 * handoff's brief path relative to `actionsDir`. Needs the model (`handoffs`, `handoff_activities`,
 * the calendar macros) and `stg_leads`; reads `stg_conversions` when conversions.csv was given, else
 * the conversion columns of the preset's lead export.
 */
export async function writeBriefs(db: Db, contract: Contract, asOf: string, handoffIds: readonly string[], actionsDir: string): Promise<Map<string, string>> {
  const paths = new Map<string, string>();
  const ids = [...new Set(handoffIds)].sort();
  mkdirSync(join(actionsDir, BRIEFS_DIR), { recursive: true });
  if (ids.length === 0) return paths;
  const texts = await renderBriefs(db, contract, asOf, ids);
  for (const [id, text] of texts) {
    const path = briefPath(id);
    writeFileSync(join(actionsDir, path), text);
    paths.set(id, path);
  }
  return paths;
}

/** The Markdown of each handoff's brief, keyed by handoff_id. */
export async function renderBriefs(db: Db, contract: Contract, asOf: string, handoffIds: readonly string[]): Promise<Map<string, string>> {
  const tz = contract.timezone;
  const local = (col: string) => localMinuteSql(tz, col);
  const asOfAt = timestampOf(asOf);

  const handoffs: HandoffRow[] = await db.rows(
    db.query
      .selectFrom('handoffs as h')
      .innerJoin('stg_leads as l', 'l.lead_id', 'h.lead_id')
      .select((eb) => [
        'h.handoff_id', 'h.lead_id', 'h.handoff_no', 'h.tier', 'h.score', 'h.owner', 'h.source', 'h.campaign', 'h.missing_fields',
        'l.name', 'l.company', 'l.email', 'l.phone', 'l.source_line',
        localMinute(tz, eb.ref('h.mql_at')).as('mql_at'), localMinute(tz, eb.ref('h.response_deadline')).as('deadline'),
      ])
      .where('h.handoff_id', 'in', handoffIds)
      .orderBy('h.handoff_id'),
  );
  const leadIds = [...new Set(handoffs.map((h) => h.lead_id))];
  if (leadIds.length === 0) return new Map();

  const fields = await fieldResolver(db, 'l');
  const icpSql = contract.icp === undefined ? 'false' : ruleSql(contract.icp, fields, 'icp', 'false');
  // The rule columns are the contract's own SQL (rules-sql.ts), so their values are unknown to the interface.
  const columns: Array<AliasedRawBuilder<unknown, string>> = [];
  const tree = (rule: Rule, path: string): RuleNode => {
    const verdict = `r${columns.length}`;
    columns.push(sql<unknown>`${sql.raw(ruleSql(rule, fields, path, icpSql))}`.as(verdict));
    let value: string | null = null;
    if ('field' in rule) {
      value = `v${columns.length}`;
      columns.push(sql<unknown>`${sql.raw(fields.sql(rule.field, `${path}.field`))}`.as(value));
    }
    const children =
      'all' in rule ? rule.all.map((r, i) => tree(r, `${path}.all[${i}]`))
      : 'any' in rule ? rule.any.map((r, i) => tree(r, `${path}.any[${i}]`))
      : 'not' in rule ? [tree(rule.not, `${path}.not`)]
      : [];
    return { rule, verdict, value, children };
  };
  const icpTree = contract.icp === undefined ? null : tree(contract.icp, 'icp');
  const tierTrees = contract.tiers.map((t, i) => (t.when === undefined ? null : tree(t.when, `tiers[${i}].when`)));
  const verdicts = new Map<string, Record<string, unknown>>(
    (await db.rows(db.query.selectFrom('stg_leads as l').select(['l.lead_id', ...columns]).where('l.lead_id', 'in', leadIds).orderBy('l.lead_id'))).map((r) => [r.lead_id, r]),
  );

  const conversions = await readConversions(db, contract, asOf, leadIds, local);

  const touches: TouchRow[] = await db.rows(
    db.query
      .selectFrom('handoff_activities as a')
      .select((eb) => [
        eb.ref('a.handoff_id').$notNull().as('handoff_id'), eb.ref('a.type').$notNull().as('type'), eb.ref('a.direction').$notNull().as('direction'), 'a.outcome',
        localMinute(tz, eb.ref('a.occurred_at').$notNull()).as('at'),
        sql<number>`business_day_index(${asOfAt}) - business_day_index(a.occurred_at)`.as('business_days'),
      ])
      .where('a.handoff_id', 'in', handoffIds)
      .orderBy('a.handoff_id').orderBy('a.occurred_at').orderBy('a.activity_id'),
  );

  const earlier: EarlierRow[] = await db.rows(
    db.query
      .with('touched', (q) =>
        q.selectFrom('handoff_activities').select((eb) => ['handoff_id', eb.fn.countAll<number>().as('n')]).where('lead_id', 'in', leadIds).groupBy('handoff_id'),
      )
      .selectFrom('handoffs as e')
      .innerJoin('handoffs as h', (j) => j.onRef('h.lead_id', '=', 'e.lead_id').onRef('e.handoff_no', '<', 'h.handoff_no'))
      .leftJoin('touched as t', 't.handoff_id', 'e.handoff_id')
      .select((eb) => [
        'e.lead_id', 'e.handoff_no', localMinute(tz, eb.ref('e.mql_at')).as('mql_at'), eb.fn.coalesce('t.n', sql.lit(0)).as('touches'),
        'e.closed_as', localMinute(tz, eb.ref('e.closed_at')).as('closed_at'), 'e.closed_reason',
        'e.decision_stage', localMinute(tz, eb.ref('e.decision_at')).as('decision_at'), 'e.decision_reason',
        // An earlier handoff always has a next MQL: the one that started a later handoff.
        localMinute(tz, eb.ref('e.next_mql_at').$notNull()).as('came_back'),
      ])
      .distinct()
      .where('h.handoff_id', 'in', handoffIds)
      .orderBy('e.lead_id').orderBy('e.handoff_no'),
  );

  const w = briefWords(contract.locale);
  const locale = contract.locale;
  const out = new Map<string, string>();
  for (const h of handoffs) {
    const values = verdicts.get(h.lead_id);
    if (!values) throw new Error(`lead without a rule row: ${h.lead_id}`);
    const ruleLines = (node: RuleNode, depth: number): string[] => ruleText(node, values, w, locale, depth);
    const lines: string[] = [];
    const who = [h.name, h.company].filter((x): x is string => !!x).map(markdownText).join(' — ');
    lines.push(`# ${who === '' ? markdownText(h.lead_id) : who}`, '');
    const score = h.score === null ? '—' : formatNumber(locale, h.score);
    const tier = markdownText(h.tier);
    lines.push(`- ${w.tier} ${tier} · ${w.score} ${score} · ${h.owner ? `${w.owner} ${markdownText(h.owner)}` : w.noOwner}`);
    lines.push(`- ${w.mqlAt(formatLocalTime(locale, h.mql_at))} (${w.handoff(h.handoff_no)}) · ${w.respondBy(formatLocalTime(locale, h.deadline))}`);
    const contact = [h.phone, h.email].filter((x): x is string => !!x).map(markdownText);
    if (contact.length > 0) lines.push(`- ${contact.join(' · ')}`);

    lines.push('', `## ${w.origin}`, `- ${w.source}: ${h.source === null ? '—' : markdownText(h.source)}`, `- ${w.campaign}: ${h.campaign === null ? '—' : markdownText(h.campaign)}`);

    lines.push('', `## ${w.conversions}`);
    const c = conversions.get(h.lead_id);
    const conversionText = (x: Conversion) =>
      [x.at === null ? null : formatLocalTime(locale, x.at), x.what === null ? null : markdownText(x.what)].filter((p): p is string => p !== null && p !== '').join(', ');
    if (!c || (c.first === null && c.latest === null && c.total === null)) lines.push(`- ${w.noConversion}`);
    else {
      if (c.first) lines.push(`- ${w.first}: ${conversionText(c.first)}`);
      if (c.latest) lines.push(`- ${w.latest}: ${conversionText(c.latest)}`);
      if (c.total !== null) lines.push(`- ${w.conversionsTotal(markdownText(c.total))}`);
    }

    lines.push('', `## ${w.why(tier)}`);
    if (icpTree === null) lines.push(`- ${w.noIcp}`);
    else lines.push(`- ${w.icp} ${mark(values[icpTree.verdict])}`, ...groupChildren(icpTree, ruleLines));
    const tierIndex = contract.tiers.findIndex((t) => t.name === h.tier);
    for (let i = 0; i <= tierIndex; i++) {
      const t = contract.tiers[i]!;
      const node = tierTrees[i];
      if (node === null || node === undefined) {
        lines.push(`- ${i === 0 ? `${w.tierRule(markdownText(t.name))} ✓` : w.lastTier(markdownText(t.name))}`);
        continue;
      }
      lines.push(`- ${w.tierRule(markdownText(t.name))} ${mark(values[node.verdict])}`);
      lines.push(...groupChildren(node, ruleLines));
    }

    lines.push('', `## ${w.missing}`);
    const missing = h.missing_fields ?? [];
    lines.push(`- ${missing.length === 0 ? w.noneMissing : missing.map(markdownText).join(', ')}`);

    lines.push('', `## ${w.touches}`);
    const mine = touches.filter((t) => t.handoff_id === h.handoff_id);
    const last = mine.at(-1);
    if (!last) lines.push(`- ${w.noTouches}`);
    else {
      const byType = new Map<string, number>();
      for (const t of mine) byType.set(t.type, (byType.get(t.type) ?? 0) + 1);
      const channels = [...byType]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .map(([type, n]) => `${w.activityTypes[type] ?? markdownText(type)} ×${n}`)
        .join(', ');
      lines.push(`- ${w.touchCount(mine.length, channels)}`);
      const what = [w.activityTypes[last.type] ?? markdownText(last.type), last.direction === 'inbound' ? w.inbound : null, last.outcome === null ? null : (w.outcomes[last.outcome] ?? markdownText(last.outcome))]
        .filter((p): p is string => p !== null)
        .join(', ');
      lines.push(`- ${w.lastTouch(formatLocalTime(locale, last.at), what)}`);
      lines.push(`- ${w.daysSince(Math.max(last.business_days, 0))}`);
    }

    lines.push('', `## ${w.earlier}`);
    const before = earlier.filter((e) => e.lead_id === h.lead_id && e.handoff_no < h.handoff_no);
    if (before.length === 0) lines.push(`- ${w.noEarlier}`);
    for (const e of before) {
      const parts = [`${w.handoff(e.handoff_no)}: ${w.mqlAt(formatLocalTime(locale, e.mql_at))}`, w.touchesShort(e.touches)];
      const reason = (r: string | null) => (r ? ` (${markdownText(r)})` : '');
      if (e.decision_stage === 'rejected' && e.decision_at !== null) parts.push(`${w.rejected} ${formatLocalTime(locale, e.decision_at)}${reason(e.decision_reason)}`);
      if (e.closed_as !== null && e.closed_at !== null) parts.push(`${w.closed[e.closed_as] ?? markdownText(e.closed_as)} ${formatLocalTime(locale, e.closed_at)}${reason(e.closed_reason)}`);
      parts.push(w.cameBack(formatLocalTime(locale, e.came_back)));
      const line = parts.join(' · ');
      lines.push(`- ${line.charAt(0).toUpperCase()}${line.slice(1)}`);
    }
    out.set(h.handoff_id, `${lines.join('\n')}\n`);
  }
  return out;
}

/** ✓ or ✗ for a verdict column. */
function mark(verdict: unknown): string {
  return verdict === true ? '✓' : '✗';
}

/** The lines under a group heading: a top-level `all` lists its leaves directly, any other rule is one item. */
function groupChildren(node: RuleNode, lines: (n: RuleNode, depth: number) => string[]): string[] {
  if ('all' in node.rule) return node.children.flatMap((c) => lines(c, 1));
  return lines(node, 1);
}

/** One rule node in words with its verdict, its children indented under it. */
function ruleText(node: RuleNode, values: Record<string, unknown>, w: BriefWords, locale: BriefLocale, depth: number): string[] {
  const indent = '  '.repeat(depth);
  const verdict = mark(values[node.verdict]);
  const rule = node.rule;
  if ('all' in rule || 'any' in rule || 'not' in rule) {
    const label = 'all' in rule ? w.allOf : 'any' in rule ? w.anyOf : w.notRule;
    return [`${indent}- ${label} ${verdict}`, ...node.children.flatMap((c) => ruleText(c, values, w, locale, depth + 1))];
  }
  if ('icp' in rule) return [`${indent}- ${w.fitsIcp} ${verdict}`];
  const show = (x: string | number | boolean) => (typeof x === 'number' ? formatNumber(locale, x) : typeof x === 'boolean' ? (x ? w.yes : w.no) : markdownText(x));
  const tests: string[] = [];
  const f = markdownText(rule.field);
  if (rule.eq !== undefined) tests.push(w.isValue(f, show(rule.eq)));
  if (rule.in !== undefined) tests.push(w.isOneOf(f, rule.in.map(show).join(', ')));
  if (rule.not_in !== undefined) tests.push(w.isNoneOf(f, rule.not_in.map(show).join(', ')));
  for (const [op, sign] of [['gte', '≥'], ['gt', '>'], ['lte', '≤'], ['lt', '<']] as const) {
    const bound = rule[op];
    if (bound !== undefined) tests.push(`${f} ${sign} ${formatNumber(locale, bound)}`);
  }
  if (rule.empty !== undefined) tests.push(rule.empty ? w.isEmpty(f) : w.isFilled(f));
  const raw = node.value === null ? null : values[node.value];
  const value = raw === null || raw === undefined || String(raw).trim() === '' ? w.empty : typeof raw === 'number' ? formatNumber(locale, raw) : markdownText(String(raw).trim());
  // A passed equality already says the value; anything else shows what the lead has.
  const saysValue = values[node.verdict] === true && (rule.eq !== undefined || rule.in !== undefined) && tests.length === 1;
  return [`${indent}- ${tests.join(` ${w.and} `)} ${verdict}${saysValue ? '' : ` (${value})`}`];
}

/** First and latest conversion per lead: from conversions.csv when given, else from the lead export's own columns. */
async function readConversions(db: Db, contract: Contract, asOf: string, leadIds: readonly string[], local: (col: string) => string): Promise<Map<string, Conversions>> {
  const result = new Map<string, Conversions>();
  if (await tableExists(db, 'stg_conversions')) {
    const w = briefWords(contract.locale);
    const rows = await db.rows(
      db.query
        .selectFrom('stg_conversions')
        .select((eb) => [
          'lead_id', localMinute(contract.timezone, eb.ref('at')).as('at'), eb.ref('kind').$notNull().as('kind'), 'detail',
          eb.fn.countAll<number>().over((o) => o.partitionBy('lead_id')).as('total'),
          sql<number>`row_number() OVER (PARTITION BY lead_id ORDER BY "at", kind, detail)`.as('n'),
        ])
        .where('lead_id', 'in', leadIds)
        .where('at', '<=', timestampOf(asOf))
        .orderBy('lead_id').orderBy('at').orderBy('kind').orderBy('detail'),
    );
    for (const r of rows) {
      const what = `${w.conversionKinds[r.kind] ?? r.kind}${r.detail ? `: ${r.detail}` : ''}`;
      const entry = result.get(r.lead_id) ?? { first: null, latest: null, total: formatNumber(contract.locale, r.total) };
      if (r.n === 1) entry.first = { at: r.at, what };
      if (r.n === r.total) entry.latest = { at: r.at, what };
      result.set(r.lead_id, entry);
    }
    return result;
  }
  const headers = conversionHeaders(contract);
  if (headers === null || !(await tableExists(db, 'raw_leads'))) return result;
  const rawColumns = (await db.all<{ name: string }>(`SELECT column_name AS name FROM duckdb_columns() WHERE table_name = 'raw_leads' ORDER BY column_index`)).map((c) => c.name);
  const column = headerColumn(rawColumns);
  const find = (ref: HeaderRef | undefined) => (ref === undefined ? null : column(ref));
  const ctx = { timezone: contract.timezone, dayFirst: contract.mapping.date_format !== 'mdy', decimal: '.' as const };
  const at = (ref: HeaderRef | undefined) => {
    const column = find(ref);
    return column === null ? 'NULL::VARCHAR' : local(timestampSql(cleanText(`r.${ident(column)}`), ctx));
  };
  const text = (ref: HeaderRef | undefined) => {
    const column = find(ref);
    return column === null ? 'NULL::VARCHAR' : cleanText(`r.${ident(column)}`);
  };
  // The raw row the lead was staged from keeps the columns a preset also maps (RD's first conversion dates the lead).
  const rows = await db.all<{ lead_id: string; first_at: string | null; first_what: string | null; last_at: string | null; last_what: string | null; total: string | null }>(`
    SELECT l.lead_id, ${at(headers.firstAt)} AS first_at, ${text(headers.firstWhat)} AS first_what,
      ${at(headers.lastAt)} AS last_at, ${text(headers.lastWhat)} AS last_what, ${text(headers.total)} AS total
    FROM stg_leads l JOIN raw_leads r ON r._line = l.source_line
    WHERE l.lead_id IN (${leadIds.map(literal).join(', ')})
    ORDER BY l.lead_id`);
  for (const r of rows) {
    const conversion = (when: string | null, what: string | null): Conversion | null => (when === null && what === null ? null : { at: when, what });
    result.set(r.lead_id, { first: conversion(r.first_at, r.first_what), latest: conversion(r.last_at, r.last_what), total: r.total });
  }
  return result;
}
