import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toCsv } from '../csv.ts';
import { BRIEFS_DIR } from './briefs.ts';
import { WORKLISTS, type WorklistName, type WorklistRow, type Worklists } from './worklists.ts';

/** Columns of every worklist CSV, in the order a rep reads them. */
export const WORKLIST_COLUMNS: ReadonlyArray<keyof BriefedRow> = [
  'why', 'tier', 'owner', 'name', 'company', 'phone', 'email', 'source', 'mql_at', 'deadline', 'minutes', 'attempts', 'attempts_expected', 'handoff_id', 'lead_id', 'brief',
];

/** A worklist row with the path of its lead's brief relative to `actions/` (empty on lists without briefs). */
export type BriefedRow = WorklistRow & { brief?: string | null };

/** What the previous run left in `actions/state.json`, so new-priority lists only what is new. */
export interface ActionsState {
  as_of: string;
}

/** The names every run writes in `actions/`, beside its briefs. */
const FIXED_FILES = [...WORKLISTS.flatMap((n) => [`${n}.csv`, `${n}.json`]), 'state.json'];

/**
 * The files handoff wrote in an actions folder (paths relative to it), as its `state.json` lists
 * them; a run replaces exactly these and leaves anything else there alone. A `state.json` from a
 * version that kept no list counts every `briefs/*.md` as handoff's.
 */
export function ownActionsFiles(dir: string): string[] {
  const file = join(dir, 'state.json');
  if (!existsSync(file)) return FIXED_FILES;
  const listed = (JSON.parse(readFileSync(file, 'utf8')) as { files?: unknown }).files;
  if (Array.isArray(listed) && listed.every((f) => typeof f === 'string' && !f.split('/').includes('..'))) return [...FIXED_FILES, ...(listed as string[])];
  const briefs = join(dir, BRIEFS_DIR);
  const found = existsSync(briefs) ? readdirSync(briefs).filter((n) => n.endsWith('.md')).map((n) => `${BRIEFS_DIR}/${n}`) : [];
  return [...FIXED_FILES, ...found];
}

/** Reads `state.json` of an actions folder, or null when there is none (first run). */
export function readActionsState(dir: string): ActionsState | null {
  const file = join(dir, 'state.json');
  if (!existsSync(file)) return null;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<ActionsState>;
  return typeof parsed.as_of === 'string' ? { as_of: parsed.as_of } : null;
}

/**
 * Writes each worklist as `<name>.csv` (UTF-8 with a BOM so Excel shows accents, formulas
 * neutralised) and `<name>.json`, plus `state.json` (the as_of and every file written, briefs
 * included), into `dir`.
 */
export function writeActions(dir: string, lists: Record<WorklistName, BriefedRow[]>, asOf: string): void {
  mkdirSync(dir, { recursive: true });
  for (const name of WORKLISTS) {
    const rows = lists[name];
    writeFileSync(join(dir, `${name}.csv`), `\uFEFF${toCsv(WORKLIST_COLUMNS as string[], rows.map((r) => WORKLIST_COLUMNS.map((c) => r[c])))}`);
    writeFileSync(join(dir, `${name}.json`), `${JSON.stringify({ as_of: asOf, rows }, null, 2)}\n`);
  }
  const briefs = [...new Set(WORKLISTS.flatMap((n) => lists[n].flatMap((r) => (r.brief ? [r.brief] : []))))].sort();
  writeFileSync(join(dir, 'state.json'), `${JSON.stringify({ as_of: asOf, files: [...FIXED_FILES, ...briefs] }, null, 2)}\n`);
}

const TITLES: Record<WorklistName, string> = {
  breached: 'Breached (no attempt, deadline passed)',
  'due-soon': 'Due soon',
  'under-attempted': 'Under-attempted',
  'new-priority': 'New priority MQLs',
};

/**
 * A value as Slack shows it literally: `&`, `<` and `>` are Slack's control characters (`<!everyone>`
 * pings a channel, `<https://evil|Reset>` is a link under other words), so they are escaped as
 * Slack asks, `&amp;` `&lt;` `&gt;`.
 */
export function slackText(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** The webhook body: a short summary and the top rows of the chosen lists (no e-mail or phone). */
export function webhookPayload(format: 'slack' | 'json', lists: Worklists, chosen: readonly WorklistName[], asOf: string, top: number): unknown {
  const item = (r: WorklistRow) => ({ handoff_id: r.handoff_id, tier: r.tier, owner: r.owner, name: r.name, company: r.company, why: r.why });
  if (format === 'json') {
    return {
      as_of: asOf,
      counts: Object.fromEntries(chosen.map((n) => [n, lists[n].length])),
      top: Object.fromEntries(chosen.map((n) => [n, lists[n].slice(0, top).map(item)])),
    };
  }
  const lines = [`*handoff worklists at ${asOf}*`];
  for (const name of chosen) {
    lines.push(`*${TITLES[name]}: ${lists[name].length}*`);
    for (const r of lists[name].slice(0, top)) {
      const [tier, who, company, owner, why] = [r.tier, r.name ?? r.handoff_id, r.company, r.owner, r.why].map((v) => (v ? slackText(v) : v));
      lines.push(`• [${tier}] ${who}${company ? ` (${company})` : ''}, ${owner ?? 'no owner'}: ${why}`);
    }
  }
  return { text: lines.join('\n') };
}
