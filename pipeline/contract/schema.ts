import { z } from 'zod';
import { parseDuration } from './duration.ts';
import { parseOpeningRanges, WEEKDAYS, type OpeningRange, type Weekday } from './business-hours.ts';
import { holidayRegionProblem } from '../calendar/calendar.ts';

// The zod schema of `sla.yaml` (SPEC section 3). It is the single source of truth: the loader
// validates with it, `npm run schema` exports it as JSON Schema for editors, and the site reads
// the resolved `Contract` type it produces.

const duration = z
  .string({ error: 'expected a business-time duration such as 15m, 1h or 1h30m' })
  .transform((text, ctx) => {
    const minutes = parseDuration(text);
    if (minutes === null) {
      ctx.addIssue({ code: 'custom', message: 'expected a business-time duration such as 15m, 1h or 1h30m', input: text });
      return z.NEVER;
    }
    return minutes;
  })
  .meta({ description: 'Business time: 15m, 1h, 4h, 1h30m.', examples: ['15m', '1h', '1h30m'] });

const openingHours = z
  .string({ error: 'expected opening ranges such as "09:00-12:00,13:00-18:00", or "" for closed' })
  .transform((text, ctx): OpeningRange[] => {
    const parsed = parseOpeningRanges(text);
    if (typeof parsed === 'string') {
      ctx.addIssue({ code: 'custom', message: `expected opening ranges such as "09:00-12:00,13:00-18:00" (${parsed})`, input: text });
      return z.NEVER;
    }
    return parsed;
  })
  .meta({ description: 'Comma-separated local opening ranges; "" means closed all day.' });

/** A date written yyyy-mm-dd that exists in the calendar. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a date written as yyyy-mm-dd' })
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), {
    error: 'expected a real calendar date (yyyy-mm-dd)',
  });

const timezone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { error: 'expected an IANA time zone such as America/Sao_Paulo or Europe/Lisbon' },
);

// Bounds on every list and label. A real contract has a handful of tiers, rules two or three levels
// deep and a few dozen holidays; these limits are ten times that or more, and exist so that a
// pasted or generated contract cannot make every run, snapshot and site page pay for its size.
// Each says its path and limit in the problem sentence.
/** The most items each list of the contract may hold, and how deep a rule may nest. */
export const CONTRACT_LIMITS = {
  tiers: 20,
  holidayDates: 1000,
  ruleDepth: 8,
  ruleItems: 50,
  ruleValues: 1000,
  handoffFields: 50,
  mappedColumns: 100,
  revenuePeriods: 1000,
  label: 200,
  valueLabels: 1000,
} as const;

const atMost = (limit: number, what: string) => ({ error: `at most ${limit} ${what} are allowed` });
const label = (what: string) => z.string().max(CONTRACT_LIMITS.label, atMost(CONTRACT_LIMITS.label, `characters in ${what}`));

const scalar = z.union([label('a value'), z.number(), z.boolean()]);

/** A rule over lead attributes: ICP definitions and tier conditions are written with it. */
export type Rule =
  | { field: string; eq?: string | number | boolean; in?: Array<string | number>; not_in?: Array<string | number>; gte?: number; gt?: number; lte?: number; lt?: number; empty?: boolean }
  | { icp: true }
  | { all: Rule[] }
  | { any: Rule[] }
  | { not: Rule };

const ruleValues = z
  .array(z.union([label('a value'), z.number()]))
  .max(CONTRACT_LIMITS.ruleValues, atMost(CONTRACT_LIMITS.ruleValues, 'values in one list'));
const ruleItems = () => z.array(ruleSchema).max(CONTRACT_LIMITS.ruleItems, atMost(CONTRACT_LIMITS.ruleItems, 'rules in one all/any list'));

const fieldRule = z
  .strictObject({
    field: label('a field name').min(1),
    eq: scalar.optional(),
    in: ruleValues.optional(),
    not_in: ruleValues.optional(),
    gte: z.number().optional(),
    gt: z.number().optional(),
    lte: z.number().optional(),
    lt: z.number().optional(),
    empty: z.boolean().optional(),
  })
  .refine((r) => ['eq', 'in', 'not_in', 'gte', 'gt', 'lte', 'lt', 'empty'].some((k) => k in r), {
    error: 'a field rule needs one test: eq, in, not_in, gte, gt, lte, lt or empty',
  });

export const ruleSchema: z.ZodType<Rule> = z.lazy(() =>
  z.union([
    fieldRule,
    z.strictObject({ icp: z.literal(true) }),
    z.strictObject({ all: ruleItems() }),
    z.strictObject({ any: ruleItems() }),
    z.strictObject({ not: ruleSchema }),
  ]),
).meta({ id: 'Rule', description: '{field, eq|in|not_in|gte|gt|lte|lt|empty}, {icp: true}, {all: [...]}, {any: [...]}, {not: rule}' });

/** How many all/any/not levels hold the rule's field tests (a field test alone is depth 1). */
function ruleDepth(rule: Rule): number {
  if ('all' in rule) return 1 + Math.max(0, ...rule.all.map(ruleDepth));
  if ('any' in rule) return 1 + Math.max(0, ...rule.any.map(ruleDepth));
  if ('not' in rule) return 1 + ruleDepth(rule.not);
  return 1;
}

/** A whole rule (`icp`, `tiers[].when`): nesting is bounded here, once, not at every level. */
const topRule = ruleSchema.superRefine((rule, ctx) => {
  const depth = ruleDepth(rule);
  if (depth > CONTRACT_LIMITS.ruleDepth) {
    ctx.addIssue({ code: 'custom', message: `rules may nest at most ${CONTRACT_LIMITS.ruleDepth} levels deep (all/any/not), this one nests ${depth}`, input: rule });
  }
});

const fraction = z.number().gt(0).lte(1).nullable().default(null);

/** A period id: a month (2026-10), a quarter (2026-Q4) or an ISO week (2026-W43). */
export const PERIOD_KEY_PATTERN = /^\d{4}-(\d{2}|Q[1-4]|W\d{2})$/;

const revenueTarget = z.union([
  z.number().nonnegative(),
  z
    .record(z.string().regex(PERIOD_KEY_PATTERN, { error: 'expected a period key such as 2026-10, 2026-Q4 or 2026-W43' }), z.number().nonnegative())
    .refine((r) => Object.keys(r).length <= CONTRACT_LIMITS.revenuePeriods, atMost(CONTRACT_LIMITS.revenuePeriods, 'periods')),
  z.strictObject({ growth_pct: z.number() }),
]);

const tierSchema = z.strictObject({
  name: label('a tier name').min(1),
  when: topRule.optional(),
  response_within: duration,
});

export const CANONICAL_KINDS = ['leads', 'lead_events', 'activities', 'deals', 'conversions'] as const;
/** One kind of input file (SPEC section 2). */
export type InputKind = (typeof CANONICAL_KINDS)[number];

const mappedColumns = <T extends z.ZodType>(value: T) =>
  z.record(z.string(), value).refine((r) => Object.keys(r).length <= CONTRACT_LIMITS.mappedColumns, atMost(CONTRACT_LIMITS.mappedColumns, 'columns'));

const fileMapping = z.strictObject({
  path: z.string().min(1).optional(),
  columns: mappedColumns(label('a column name')).default({}),
  constants: mappedColumns(scalar).default({}),
});

/** Clauses of the scorecard with their default promised level and at-risk threshold (% of handoffs; mql_volume: % of the target to date). */
export const SCORECARD_DEFAULTS = {
  mql_volume: { promised: 100, at_risk: 90 },
  icp_fit: { promised: 60, at_risk: 50 },
  completeness: { promised: 95, at_risk: 85 },
  speed_within_sla: { promised: 90, at_risk: 80 },
  attempt_adherence: { promised: 80, at_risk: 70 },
  acceptance_within_sla: { promised: 90, at_risk: 80 },
  rejection_reasons: { promised: 100, at_risk: 95 },
} as const;

const scorecardClause = (defaults: { promised: number; at_risk: number }) =>
  z
    .strictObject({
      promised: z.number().min(0).default(defaults.promised).meta({ description: 'Level promised, 0–100: at or above it the clause is met.' }),
      at_risk: z.number().min(0).default(defaults.at_risk).meta({ description: 'At or above this but below `promised` the clause is at risk; below it, missed.' }),
    })
    // On the clause, not the whole contract, so it is reported alongside problems elsewhere.
    .superRefine((t, ctx) => {
      if (t.at_risk > t.promised) {
        ctx.addIssue({ code: 'custom', path: ['at_risk'], message: `expected an at-risk threshold at or below the promised level (${t.promised})`, input: t.at_risk });
      }
    })
    .prefault({});

/** Tier order rules, checked on whatever parsed of each tier so a typo in one tier hides nothing. */
function checkTierOrder(tiers: unknown[], ctx: z.RefinementCtx): void {
  const names = tiers.map((t) => (typeof t === 'object' && t !== null && typeof (t as { name?: unknown }).name === 'string' ? (t as { name: string }).name : null));
  tiers.forEach((tier, i) => {
    if (typeof tier !== 'object' || tier === null) return;
    const last = i === tiers.length - 1;
    const hasWhen = (tier as { when?: unknown }).when !== undefined;
    if (last && hasWhen) {
      ctx.addIssue({ code: 'custom', path: [i, 'when'], message: 'the last tier catches every remaining handoff, so it must not have a `when`', input: tier });
    }
    if (!last && !hasWhen) {
      ctx.addIssue({ code: 'custom', path: [i], message: 'every tier but the last needs a `when` rule (first match wins)', input: tier });
    }
    const name = names[i] ?? null;
    if (name !== null && names.indexOf(name) !== i) {
      ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `tier names must be unique; "${name}" appears twice`, input: name });
    }
  });
}

/** Display names of one breakdown's values, bounded like every list of the contract. */
const valueLabels = (what: string) =>
  z
    .record(label(`a ${what.slice(0, -1)} value`), label(`a ${what.slice(0, -1)} label`).min(1))
    .refine((r) => Object.keys(r).length <= CONTRACT_LIMITS.valueLabels, atMost(CONTRACT_LIMITS.valueLabels, `${what}`))
    .default({});

const defaultHours = '09:00-18:00';

export const contractSchema = z
  .strictObject({
    name: label('the contract name').default('Marketing ⇄ Sales'),
    timezone: timezone.default('UTC'),
    locale: z.enum(['en', 'pt-BR']).default('en'),
    currency: z.string().regex(/^[A-Z]{3}$/, { error: 'expected an ISO 4217 currency code such as BRL or USD' }).default('BRL'),
    period: z.enum(['month', 'quarter', 'week']).default('month'),
    business_hours: z
      .strictObject({
        mon: openingHours.prefault(defaultHours),
        tue: openingHours.prefault(defaultHours),
        wed: openingHours.prefault(defaultHours),
        thu: openingHours.prefault(defaultHours),
        fri: openingHours.prefault(defaultHours),
        sat: openingHours.prefault(''),
        sun: openingHours.prefault(''),
      })
      .superRefine((hours, ctx) => {
        if (WEEKDAYS.every((d) => hours[d].length === 0)) ctx.addIssue({ code: 'custom', message: 'at least one weekday must have opening hours', input: hours });
      })
      .prefault({}),
    holidays: z
      .strictObject({
        country: z
          .string()
          .regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, { error: 'expected a country code such as BR, or a region such as BR-SP' })
          .superRefine((country, ctx) => {
            const problem = holidayRegionProblem(country);
            if (problem !== null) ctx.addIssue({ code: 'custom', message: problem, input: country });
          })
          .optional(),
        dates: z.array(isoDate).max(CONTRACT_LIMITS.holidayDates, atMost(CONTRACT_LIMITS.holidayDates, 'dates')).default([]),
      })
      .prefault({}),
    targets: z
      .strictObject({
        revenue: revenueTarget.nullable().default(null).meta({
          description:
            'Revenue target per month, whatever `period` is: a figure, or a table of months; quarters sum their months, weeks take each month’s share by business days. A table entry keyed by the period itself (2026-Q4, 2026-W44) is that period’s own target. Or {growth_pct} over the previous period.',
        }),
        history_periods: z.int().positive().default(6),
        maturity_days: z.int().nonnegative().default(60),
        avg_ticket: z.number().positive().nullable().default(null),
        rates: z
          .strictObject({ lead_mql: fraction, mql_sal: fraction, sal_sql: fraction, sql_won: fraction })
          .prefault({}),
      })
      .prefault({}),
    mql: z
      .strictObject({
        score_at_least: z.number().nullable().default(null),
        when: topRule.optional().meta({
          description: 'When the exports carry no MQL date: a rule over lead columns that makes a lead an MQL (e.g. {field: Lead Status, in: [Marketing Qualified]}).',
        }),
        at: z.string().min(1).default('created_at').meta({
          description: 'The lead column that dates an MQL made by `when` or `score_at_least` (e.g. Last Modified Date); created_at when empty.',
        }),
      })
      .prefault({})
      .meta({ description: 'How MQLs are found when the exports carry no MQL date (mql_at, mql lead events); ignored when they do.' }),
    icp: topRule.optional(),
    tiers: z
      .array(tierSchema)
      .min(1)
      .max(CONTRACT_LIMITS.tiers, atMost(CONTRACT_LIMITS.tiers, 'tiers'))
      .superRefine(checkTierOrder, { when: (payload) => Array.isArray(payload.value) })
      .prefault([{ name: 'all', response_within: '1h' }]),
    cadence: z
      .strictObject({
        attempt_types: z.array(z.enum(['call', 'email', 'whatsapp', 'meeting', 'linkedin', 'other'])).min(1).max(6, atMost(6, 'types')).default(['call', 'email', 'whatsapp', 'linkedin']),
        min_attempts: z.int().positive().default(6),
        window_days: z.int().positive().default(10),
        max_attempts_per_day: z.int().positive().default(3),
        ends_on: z
          .array(z.enum(['connected', 'no_answer', 'voicemail', 'replied', 'bounced', 'meeting_booked', 'other']))
          .max(7, atMost(7, 'outcomes'))
          .default(['connected', 'replied', 'meeting_booked']),
      })
      .prefault({}),
    acceptance_within: duration.prefault('8h'),
    handoff_fields: z
      .array(label('a field name').min(1))
      .max(CONTRACT_LIMITS.handoffFields, atMost(CONTRACT_LIMITS.handoffFields, 'fields'))
      .default(['name', 'company', 'phone', 'email']),
    mapping: z
      .strictObject({
        preset: z.enum(['canonical', 'hubspot', 'rdstation', 'pipedrive', 'salesforce']).default('canonical'),
        encoding: z.enum(['auto', 'utf-8', 'windows-1252', 'latin1']).default('auto'),
        delimiter: z.enum(['auto', ',', ';', '\t', '|']).default('auto'),
        date_format: z.enum(['auto', 'dmy', 'mdy', 'ymd']).default('auto'),
        decimal: z.enum(['auto', '.', ',']).default('auto'),
        files: z.partialRecord(z.enum(CANONICAL_KINDS), fileMapping).default({}),
      })
      .prefault({}),
    labels: z
      .strictObject({
        source: valueLabels('sources'),
        segment: valueLabels('segments'),
        owner: valueLabels('owners'),
      })
      .prefault({})
      .meta({
        description:
          'How the site names source, segment and owner values (paid_search: Busca paga). A value left out is shown capitalised with underscores as spaces when it is a code (paid_search → Paid search), else as written.',
      }),
    publish: z.strictObject({ owners: z.enum(['names', 'initials', 'hidden']).default('names') }).prefault({}),
    scorecard: z
      .strictObject({
        mql_volume: scorecardClause(SCORECARD_DEFAULTS.mql_volume),
        icp_fit: scorecardClause(SCORECARD_DEFAULTS.icp_fit),
        completeness: scorecardClause(SCORECARD_DEFAULTS.completeness),
        speed_within_sla: scorecardClause(SCORECARD_DEFAULTS.speed_within_sla),
        attempt_adherence: scorecardClause(SCORECARD_DEFAULTS.attempt_adherence),
        acceptance_within_sla: scorecardClause(SCORECARD_DEFAULTS.acceptance_within_sla),
        rejection_reasons: scorecardClause(SCORECARD_DEFAULTS.rejection_reasons),
      })
      .prefault({})
      .meta({ description: 'Per clause of the scorecard: the promised level and the at-risk threshold below it (percent).' }),
    actions: z
      .strictObject({
        due_soon: duration.prefault('1h').meta({ description: 'Business time ahead in which an uncontacted handoff’s deadline counts as due soon.' }),
        webhook: z
          .strictObject({
            url: z.url({ error: 'expected an http(s) URL' }).optional(),
            url_env: z
              .string()
              .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'expected the name of an environment variable, such as HANDOFF_WEBHOOK_URL' })
              .optional()
              .meta({ description: 'Environment variable holding the URL, so the secret stays out of sla.yaml.' }),
            format: z.enum(['slack', 'json']).default('slack'),
            lists: z.array(z.enum(['breached', 'due-soon', 'under-attempted', 'new-priority'])).min(1).max(4, atMost(4, 'lists')).default(['breached', 'due-soon', 'under-attempted', 'new-priority']),
            top: z.int().positive().default(5).meta({ description: 'Rows of each list shown in the message.' }),
            retries: z.int().min(0).max(10).default(3),
            timeout_seconds: z.number().positive().max(120).default(10),
          })
          // Runs even when url or url_env is itself invalid: both problems are reported together.
          .refine((w) => (w.url === undefined) !== (w.url_env === undefined), {
            error: 'give exactly one of url or url_env',
            when: (payload) => typeof payload.value === 'object' && payload.value !== null,
          })
          .optional(),
      })
      .prefault({})
      .meta({ description: 'Private worklists for sales ops (actions/ in the output), and an optional webhook.' }),
  });

/** The validated agreement with defaults filled, durations in minutes and opening hours parsed. */
export type Contract = z.output<typeof contractSchema>;
/** Weekly opening hours, parsed. */
export type BusinessHours = Record<Weekday, OpeningRange[]>;
