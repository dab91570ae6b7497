import { WEEKDAYS } from '../../pipeline/contract/business-hours.ts';
import type { Contract, Rule } from '../../pipeline/contract/schema.ts';
import type { ClauseId } from '../../pipeline/metrics/catalogue/index.ts';
import { clauseName, fieldLabel } from '../i18n/glossary.ts';
import { dictionary, formatter, type Formatter, type Locale } from '../i18n/index.ts';
import { describeRule } from '../i18n/rule-words.ts';

// The agreement's own history: which version of the contract each period was measured with, and
// what changed between consecutive versions, in words. Diffs compare RESOLVED contracts (defaults
// filled, durations in minutes), so writing `8h` where the default was already 8h is no change,
// and every path of the contract either has a sentence of its own or falls back to a generic
// "setting X changed: a → b": nothing that changed is dropped.

/** What the history needs of a period: its id, its manifest's contract hash and its resolved contract. */
export interface MeasuredPeriod {
  period: string;
  manifest: { contract: { sha256: string } };
  contract: Contract;
}

/** One version of the agreement: consecutive periods measured under the same contract text. */
export interface ContractVersion {
  /** 1 for the oldest version, in order of first period. */
  number: number;
  sha256: string;
  /** The first and last period measured under it. */
  first: string;
  last: string;
  periods: string[];
  contract: Contract;
}

/** One change between two versions, in words. */
export interface ContractChange {
  /** The contract path it is about (`tiers`, `scorecard.speed_within_sla.promised`). */
  path: string;
  /** The sentence for people. */
  text: string;
  /** Scorecard clauses whose promise it changes. */
  clauses: string[];
  /** The change as a clause's flag says it, when shorter than `text` ("90% → 85%"). */
  flag: string;
}

/** The versions of the agreement over `periods` (oldest first): consecutive periods with the same contract sha256 share one. */
export function contractVersions(periods: readonly MeasuredPeriod[]): ContractVersion[] {
  const versions: ContractVersion[] = [];
  for (const p of periods) {
    const current = versions.at(-1);
    if (current && current.sha256 === p.manifest.contract.sha256) {
      current.last = p.period;
      current.periods.push(p.period);
    } else {
      versions.push({ number: versions.length + 1, sha256: p.manifest.contract.sha256, first: p.period, last: p.period, periods: [p.period], contract: p.contract });
    }
  }
  return versions;
}

/** The version `period` was measured under; undefined for a period not in `versions`. */
export function versionOf(versions: readonly ContractVersion[], period: string): ContractVersion | undefined {
  return versions.find((v) => v.periods.includes(period));
}

type Leaf = string | number | boolean | null;

/** The contract as leaf paths: objects are walked, arrays and scalars are leaves (as JSON). */
function leaves(value: unknown, path: string, out: Map<string, string>): Map<string, string> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) {
      if (inner !== undefined) leaves(inner, path === '' ? key : `${path}.${key}`, out);
    }
  } else if (value !== undefined) {
    out.set(path, JSON.stringify(value));
  }
  return out;
}

function at(value: unknown, path: string): unknown {
  let node = value;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

const within = (path: string, prefix: string): boolean => path === prefix || path.startsWith(`${prefix}.`);

/** A leaf as the generic sentence shows it. */
function leafText(json: string | undefined, none: string): string {
  if (json === undefined) return none;
  const value = JSON.parse(json) as Leaf | Leaf[];
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v))).join(', ');
  return value === null ? none : String(value);
}

interface Side {
  contract: Contract;
  fmt: Formatter;
}

/** A part of the contract with its own sentences, and the scorecard clauses whose promise it shapes. */
interface Handler {
  prefix: string;
  clauses: string[];
  /** The sentences (with their short flag) for a part whose resolved value differs; [] falls back to the generic sentence. */
  describe(before: Side, after: Side): Array<{ text: string; flag?: string }>;
}

/**
 * What changed from `before` to `after`, in the contract's section order, in `locale`. Amounts
 * and times are written as each version's own currency and clock had them.
 */
export function diffContracts(before: Contract, after: Contract, locale: Locale): ContractChange[] {
  const t = dictionary(locale);
  const h = t.history;
  const a = t.agreement;
  const old: Side = { contract: before, fmt: formatter(locale, before.timezone, before.currency) };
  const now: Side = { contract: after, fmt: formatter(locale, after.timezone, after.currency) };

  const same = (from: unknown, to: unknown) => JSON.stringify(from) === JSON.stringify(to);
  const scalar = <K extends string>(prefix: string, say: (from: string, to: string) => string, show: (value: unknown, side: Side) => string = String, clauses: K[] = []): Handler => ({
    prefix,
    clauses,
    describe: (b, n) => [{ text: say(show(at(b.contract, prefix), b), show(at(n.contract, prefix), n)) }],
  });
  const hours = (ranges: Array<{ start: number; end: number }>, fmt: Formatter) =>
    ranges.length === 0 ? h.closed : ranges.map((r) => `${fmt.clock(r.start)}–${fmt.clock(r.end)}`).join(', ');
  const revenue = (value: Contract['targets']['revenue'], fmt: Formatter): string => {
    if (value === null) return h.none;
    if (typeof value === 'number') return h.perPeriod(fmt.currency(value));
    if ('growth_pct' in value && typeof value.growth_pct === 'number') return h.growth(fmt.pct(value.growth_pct));
    return Object.entries(value as Record<string, number>)
      .sort(([x], [y]) => (x < y ? -1 : 1))
      .map(([period, amount]) => `${fmt.periodShort(period)}: ${fmt.currency(amount)}`)
      .join(' · ');
  };
  const rule = (r: Rule | undefined): string => (r === undefined ? h.none : describeRule(r, locale));
  const list = (items: readonly string[]): string => (items.length === 0 ? h.none : items.join(', '));
  const MQL_TARGET = ['mql_volume'];

  const handlers: Handler[] = [
    scalar('name', h.name),
    scalar('timezone', h.timezone),
    scalar('locale', h.locale, (v) => a.languages[v as Contract['locale']]),
    scalar('currency', h.currency),
    scalar('period', h.period, (v) => a.periodKinds[v as Contract['period']]),
    ...WEEKDAYS.map(
      (day): Handler => ({
        prefix: `business_hours.${day}`,
        clauses: [],
        describe: (b, n) => [{ text: h.hours(now.fmt.weekday(day), hours(b.contract.business_hours[day], b.fmt), hours(n.contract.business_hours[day], n.fmt)) }],
      }),
    ),
    scalar('holidays.country', h.holidayCountry, (v) => (v === undefined ? h.none : String(v))),
    {
      prefix: 'holidays.dates',
      clauses: [],
      describe: (b, n) => {
        const was = new Set(b.contract.holidays.dates);
        const is = new Set(n.contract.holidays.dates);
        return [
          ...[...is].filter((d) => !was.has(d)).sort().map((d) => ({ text: h.holidayAdded(n.fmt.date(d)) })),
          ...[...was].filter((d) => !is.has(d)).sort().map((d) => ({ text: h.holidayRemoved(b.fmt.date(d)) })),
        ];
      },
    },
    {
      prefix: 'targets.revenue',
      clauses: MQL_TARGET,
      describe: (b, n) => [{ text: h.revenue(revenue(b.contract.targets.revenue, b.fmt), revenue(n.contract.targets.revenue, n.fmt)) }],
    },
    {
      prefix: 'targets.history_periods',
      clauses: MQL_TARGET,
      describe: (b, n) => [{ text: h.historyPeriods(b.contract.targets.history_periods, n.contract.targets.history_periods) }],
    },
    {
      prefix: 'targets.maturity_days',
      clauses: MQL_TARGET,
      describe: (b, n) => [{ text: h.maturityDays(b.contract.targets.maturity_days, n.contract.targets.maturity_days) }],
    },
    scalar('targets.avg_ticket', h.avgTicket, (v, side) => (v === null ? h.measured : side.fmt.currency(v as number)), MQL_TARGET),
    ...(['lead_mql', 'mql_sal', 'sal_sql', 'sql_won'] as const).map((rate) =>
      scalar(
        `targets.rates.${rate}`,
        (from, to) => h.rate(t.report.inputNames[rate] ?? rate, from, to),
        (v, side) => (v === null || v === undefined ? h.measured : side.fmt.pct((v as number) * 100)),
        MQL_TARGET,
      ),
    ),
    scalar('mql.score_at_least', h.mqlScore, (v, side) => (v === null ? h.none : side.fmt.number(v as number)), MQL_TARGET),
    { prefix: 'icp', clauses: ['icp_fit'], describe: (b, n) => [{ text: h.icp(rule(b.contract.icp), rule(n.contract.icp)) }] },
    {
      prefix: 'tiers',
      clauses: ['speed_within_sla'],
      describe: (b, n) => {
        const out: Array<{ text: string }> = [];
        const tierRule = (tier: Contract['tiers'][number]) => (tier.when === undefined ? h.catchAll : describeRule(tier.when, locale));
        for (const tier of n.contract.tiers) {
          const was = b.contract.tiers.find((x) => x.name === tier.name);
          if (!was) {
            out.push({ text: h.tierAdded(tier.name, tierRule(tier), n.fmt.minutes(tier.response_within)) });
            continue;
          }
          if (was.response_within !== tier.response_within)
            out.push({ text: h.tierWindow(tier.name, b.fmt.minutes(was.response_within), n.fmt.minutes(tier.response_within)) });
          if (!same(was.when, tier.when)) out.push({ text: h.tierRule(tier.name, tierRule(was), tierRule(tier)) });
        }
        for (const was of b.contract.tiers) {
          if (!n.contract.tiers.some((x) => x.name === was.name)) out.push({ text: h.tierRemoved(was.name, b.fmt.minutes(was.response_within)) });
        }
        // First match wins, so tiers kept but reordered can route a lead elsewhere.
        const kept = (tiers: Contract['tiers'], other: Contract['tiers']) => tiers.filter((x) => other.some((y) => y.name === x.name)).map((x) => x.name);
        const order = kept(b.contract.tiers, n.contract.tiers);
        const reordered = kept(n.contract.tiers, b.contract.tiers);
        if (!same(order, reordered)) out.push({ text: h.tierOrder(order.join(', '), reordered.join(', ')) });
        return out;
      },
    },
    {
      prefix: 'cadence.attempt_types',
      clauses: ['attempt_adherence'],
      describe: (b, n) => [
        { text: h.cadenceTypes(list(b.contract.cadence.attempt_types.map((x) => a.activityTypes[x])), list(n.contract.cadence.attempt_types.map((x) => a.activityTypes[x]))) },
      ],
    },
    { prefix: 'cadence.min_attempts', clauses: ['attempt_adherence'], describe: (b, n) => [{ text: h.cadenceMin(b.contract.cadence.min_attempts, n.contract.cadence.min_attempts) }] },
    { prefix: 'cadence.window_days', clauses: ['attempt_adherence'], describe: (b, n) => [{ text: h.cadenceWindow(b.contract.cadence.window_days, n.contract.cadence.window_days) }] },
    {
      prefix: 'cadence.max_attempts_per_day',
      clauses: ['attempt_adherence'],
      describe: (b, n) => [{ text: h.cadenceDaily(b.contract.cadence.max_attempts_per_day, n.contract.cadence.max_attempts_per_day) }],
    },
    {
      prefix: 'cadence.ends_on',
      clauses: ['attempt_adherence'],
      describe: (b, n) => [{ text: h.cadenceEnds(list(b.contract.cadence.ends_on.map((x) => a.outcomes[x])), list(n.contract.cadence.ends_on.map((x) => a.outcomes[x]))) }],
    },
    scalar('acceptance_within', h.acceptance, (v, side) => side.fmt.minutes(v as number), ['acceptance_within_sla']),
    {
      prefix: 'handoff_fields',
      clauses: ['completeness'],
      describe: (b, n) => [
        ...n.contract.handoff_fields.filter((f) => !b.contract.handoff_fields.includes(f)).map((f) => ({ text: h.fieldAdded(fieldLabel(f, locale)) })),
        ...b.contract.handoff_fields.filter((f) => !n.contract.handoff_fields.includes(f)).map((f) => ({ text: h.fieldRemoved(fieldLabel(f, locale)) })),
      ],
    },
    {
      // One line: the mapping says how files are read, not what is promised; its paths are enough.
      prefix: 'mapping',
      clauses: [],
      describe: (b, n) => {
        const was = leaves(b.contract.mapping, 'mapping', new Map());
        const is = leaves(n.contract.mapping, 'mapping', new Map());
        const paths = [...new Set([...is.keys(), ...was.keys()])].filter((p) => was.get(p) !== is.get(p));
        return [{ text: h.mapping(paths.join(', ')) }];
      },
    },
    scalar('publish.owners', h.owners, (v) => a.owners[v as Contract['publish']['owners']]),
    ...[...new Set([...Object.keys(after.scorecard), ...Object.keys(before.scorecard)])].flatMap((clause): Handler[] => {
      const level = (side: Side, key: 'promised' | 'at_risk') => {
        const levels = (side.contract.scorecard as Record<string, { promised: number; at_risk: number } | undefined>)[clause];
        return levels === undefined ? h.none : side.fmt.pct(levels[key]);
      };
      const name = clauseName(clause as ClauseId, locale);
      return [
        {
          prefix: `scorecard.${clause}.promised`,
          clauses: [clause],
          describe: (b, n) => [{ text: h.scorecardPromised(name, level(b, 'promised'), level(n, 'promised')), flag: `${level(b, 'promised')} → ${level(n, 'promised')}` }],
        },
        {
          prefix: `scorecard.${clause}.at_risk`,
          clauses: [clause],
          describe: (b, n) => [{ text: h.scorecardAtRisk(name, level(b, 'at_risk'), level(n, 'at_risk')), flag: h.atRiskFrom(level(b, 'at_risk'), level(n, 'at_risk')) }],
        },
      ];
    }),
    scalar('actions.due_soon', h.dueSoon, (v, side) => side.fmt.minutes(v as number)),
    {
      // The webhook's URL may be a secret: the site says that it changed, never what it is.
      prefix: 'actions.webhook',
      clauses: [],
      describe: (b, n) => [{ text: b.contract.actions.webhook === undefined ? h.webhookAdded : n.contract.actions.webhook === undefined ? h.webhookRemoved : h.webhookChanged }],
    },
  ];

  const was = leaves(before, '', new Map());
  const is = leaves(after, '', new Map());
  const changes: ContractChange[] = [];
  const done = new Set<string>();
  for (const path of [...new Set([...is.keys(), ...was.keys()])]) {
    if (was.get(path) === is.get(path)) continue;
    const handler = handlers.find((x) => within(path, x.prefix));
    if (handler) {
      if (done.has(handler.prefix)) continue;
      done.add(handler.prefix);
      const lines = handler.describe(old, now);
      if (lines.length > 0) {
        changes.push(...lines.map((line) => ({ path: handler.prefix, text: line.text, clauses: handler.clauses, flag: line.flag ?? line.text })));
        continue;
      }
      // A handler with nothing to say about a real difference must not hide it: every leaf under it gets the generic line.
      for (const leaf of [...new Set([...is.keys(), ...was.keys()])].filter((p) => within(p, handler.prefix) && was.get(p) !== is.get(p))) {
        const text = h.setting(leaf, leafText(was.get(leaf), h.none), leafText(is.get(leaf), h.none));
        changes.push({ path: leaf, text, clauses: handler.clauses, flag: text });
      }
      continue;
    }
    const text = h.setting(path, leafText(was.get(path), h.none), leafText(is.get(path), h.none));
    changes.push({ path, text, clauses: [], flag: text });
  }
  return changes;
}

/** Per scorecard clause, the flags of what changed in its promise from `before` to `after` (clauses without a change are absent). */
export function promiseChanges(before: Contract, after: Contract, locale: Locale): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const change of diffContracts(before, after, locale)) {
    for (const clause of change.clauses) out.set(clause, [...(out.get(clause) ?? []), change.flag]);
  }
  return out;
}

/** One version as the agreement page's history shows it. */
export interface HistoryEntry {
  version: ContractVersion;
  /** Its changes from the version before; empty for v1 (and for a text-only revision). */
  changes: ContractChange[];
}

/** Each version with its diff from the one before, newest first. */
export function contractHistory(versions: readonly ContractVersion[], locale: Locale): HistoryEntry[] {
  return versions
    .map((version, i) => {
      const previous = versions[i - 1];
      return { version, changes: previous ? diffContracts(previous.contract, version.contract, locale) : [] };
    })
    .reverse();
}

/** "Agreement v2 (since Oct 2026)": the version a period was measured under, as its pages name it. */
export function versionLabel(version: ContractVersion, locale: Locale): string {
  return dictionary(locale).history.since(version.number, formatter(locale, 'UTC').periodShort(version.first));
}

/**
 * The promise flags of `period` against the period before it (oldest-first `periods`): empty
 * for the first period and whenever both were measured under the same contract text.
 */
export function periodPromiseChanges(periods: readonly MeasuredPeriod[], period: string, locale: Locale): Map<string, string[]> {
  const index = periods.findIndex((p) => p.period === period);
  const current = periods[index];
  const previous = index > 0 ? periods[index - 1] : undefined;
  if (!current || !previous || previous.manifest.contract.sha256 === current.manifest.contract.sha256) return new Map();
  return promiseChanges(previous.contract, current.contract, locale);
}
