import { buildCalendar, type BusinessCalendar } from '../calendar/calendar.ts';
import { writeCalendarTable } from '../calendar/calendar-table.ts';
import { localDate } from '../calendar/zone.ts';
import type { InputKind } from '../contract/schema.ts';
import { ident, type Db } from '../db.ts';
import { UserError } from '../errors.ts';
import { KIND_COLUMNS } from '../ingest/columns.ts';
import { NoMqlError, noMqlMessage, tableExists } from './events.ts';
import { calendarRange, earliestInputTimestamp } from './input-range.ts';
import { zoneOffsetsStatements } from './local-days.ts';
import type { CodeModel } from './run-models.ts';
import { fieldResolver, leadRulesSql, ruleSql } from './rules-sql.ts';

// The steps of the model that code writes, because their SQL depends on more than a value: which
// optional inputs exist, the contract's rules (tier, ICP fit, completeness, the MQL rule) compiled
// over the leads' columns, the zone's offsets, the business calendar. Each is isolated in the
// relations it names, so the `.sql` files read them like any table.

const DAY_MS = 86_400_000;
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

const SQL_TYPES = { text: 'VARCHAR', timestamp: 'TIMESTAMP', number: 'DOUBLE', enum: 'VARCHAR' } as const;

/** `input_<kind>`: the staged table, or no rows of its columns when the export was not given. */
async function inputView(db: Db, kind: InputKind): Promise<string> {
  const view = ident(`input_${kind}`);
  if (await tableExists(db, `stg_${kind}`)) return `CREATE OR REPLACE VIEW ${view} AS SELECT * FROM stg_${kind}`;
  const columns = Object.entries(KIND_COLUMNS[kind].columns).map(([c, t]) => `NULL::${SQL_TYPES[t.kind]} AS ${ident(c)}`);
  return `CREATE OR REPLACE VIEW ${view} AS SELECT NULL::INTEGER AS source_line, ${columns.join(', ')} WHERE false`;
}

/** The optional inputs the model reads, each as a view that exists whether or not its export was given. */
export const optionalInputs: CodeModel = {
  name: 'optional_inputs',
  builds: ['input_lead_events', 'input_deals', 'input_activities'],
  // Stand-ins of the staged tables, whose columns are the contract's (SPEC section 2): not documented again.
  relations: [],
  dependsOn: [],
  grain: 'input_<kind>: one row per staged row of stg_<kind>, none when the export was not given',
  async statements({ db }) {
    return [await inputView(db, 'lead_events'), await inputView(db, 'deals'), await inputView(db, 'activities')];
  },
};

/** `zone_offsets` and the macros `local_date(ts)`, `period_key(d)`, over every input instant. */
export const localDates: CodeModel = {
  name: 'local_dates',
  builds: ['zone_offsets', 'local_date', 'period_key'],
  relations: ['zone_offsets'],
  dependsOn: ['stg_leads'],
  grain: 'zone_offsets: one row per stretch of constant UTC offset of the contract time zone; local_date(ts), period_key(d): macros over it',
  async statements({ db, contract, asOf }) {
    const earliest = await earliestInputTimestamp(db);
    const wide = calendarRange(contract, earliest, asOf);
    const earliestDay = addDays(localDate(contract.timezone, Date.parse(earliest ?? asOf)), -1);
    return zoneOffsetsStatements(contract, earliestDay < wide.from ? earliestDay : wide.from, wide.to);
  },
};

/**
 * `lead_rules`: one row per lead with the columns the contract's rules decide: tier, its
 * response_within, ICP fit, missing handoff_fields, and the MQL rule (mql.when, mql.score_at_least)
 * used only when the exports carry no MQL. Stops with NoMqlError when neither the exports nor the
 * rule make a single lead an MQL.
 */
export const leadRules: CodeModel = {
  name: 'lead_rules',
  builds: ['lead_rules'],
  relations: ['lead_rules'],
  dependsOn: ['stg_leads', 'input_lead_events'],
  grain: 'one row per lead (stg_leads) with the columns the contract rules decide',
  async statements({ db, contract }) {
    const fields = await fieldResolver(db, 'l');
    const rules = leadRulesSql(contract, fields);
    const mql = await mqlRuleSql(db, contract);
    return [
      `CREATE OR REPLACE VIEW lead_rules AS
SELECT lead_id, source, campaign, segment, owner, score, tier, icp_fit, missing_fields,
  ${rules.responseWithin} AS response_within_minutes,
  mql_rule, mql_rule_at
FROM (
  SELECT l.lead_id, l.source, l.campaign, l.segment, l.owner, l.score,
    ${rules.tier} AS tier,
    l._icp_fit AS icp_fit,
    ${rules.missingFields} AS missing_fields,
    ${mql.matches} AS mql_rule,
    ${mql.at} AS mql_rule_at
  FROM (SELECT *, ${rules.icpFit} AS _icp_fit FROM stg_leads l) l
)`,
      `COMMENT ON VIEW lead_rules IS 'One row per lead (stg_leads) with the columns the contract''s rules decide, generated from sla.yaml: tier (the first tier whose when holds, else the last) and its response_within_minutes, icp_fit (NULL without an icp rule), missing_fields (handoff_fields left empty), mql_rule and mql_rule_at (mql.when / mql.score_at_least and mql.at, used only when the exports carry no MQL).'`,
    ];
  },
};

/**
 * The contract's MQL rule over a lead row: whether it matches and when it makes the lead an MQL
 * (`mql.at`, else created_at). Constant false when the exports carry an MQL (the rule is then not
 * read at all); NoMqlError when neither the exports nor the rule yield one.
 */
async function mqlRuleSql(db: Db, contract: import('../contract/schema.ts').Contract): Promise<{ matches: string; at: string }> {
  const none = { matches: 'false', at: 'NULL::TIMESTAMP' };
  const exported = await db.one<{ n: number }>(
    `SELECT (SELECT count(*) FROM stg_leads WHERE mql_at IS NOT NULL)::INTEGER
       + (SELECT count(*) FROM input_lead_events WHERE stage = 'mql')::INTEGER AS n`,
  );
  if (exported.n > 0) return none;
  const { score_at_least: threshold, when, at } = contract.mql;
  const tests: string[] = [];
  if (threshold !== null) tests.push(`l.score >= ${threshold}`);
  if (when !== undefined) {
    const fields = await fieldResolver(db, 'l');
    const icp = contract.icp === undefined ? 'false' : ruleSql(contract.icp, fields, 'icp', 'false');
    tests.push(ruleSql(when, fields, 'mql.when', icp));
  }
  if (tests.length === 0) throw new NoMqlError(await noMqlMessage(db, contract));
  const type = KIND_COLUMNS.leads.columns[at];
  if (type !== undefined && type.kind !== 'timestamp') {
    throw new UserError(`sla.yaml sets mql.at to "${at}", which is not a date column of leads. Name a date column (such as created_at), or leave mql.at out.`);
  }
  const matches = `coalesce(${tests.join(' OR ')}, false)`;
  const matched = await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM stg_leads l WHERE ${matches}`);
  if (matched.n === 0) throw new NoMqlError(await noMqlMessage(db, contract));
  return { matches, at: `coalesce(l.${ident(type === undefined ? 'mql_rule_at' : at)}, l.created_at)` };
}

/**
 * The business calendar tables (calendar_openings, calendar_business_days, calendar_holidays) and
 * macros, over the run's range: from a week before the first handoff's period to well past as_of.
 * Written row by row from code (calendar/calendar.ts), so `pipeline sql` shows no statement for it.
 */
export function businessCalendar(onBuilt: (calendar: BusinessCalendar) => void): CodeModel {
  return {
    name: 'calendar',
    builds: ['calendar'],
    relations: ['calendar_openings', 'calendar_business_days', 'calendar_holidays'],
    dependsOn: ['events'],
    grain: 'calendar_openings: one row per opening range of a business day; calendar_business_days: one row per business day; calendar_holidays: one row per holiday',
    statements: async () => [],
    async build({ db, contract, asOf }) {
      const first = (await db.rows(db.query.selectFrom('events').select((eb) => eb.fn.min('at').as('first')).where('stage', '=', 'mql')))[0]?.first ?? null;
      const calendar = buildCalendar(contract, calendarRange(contract, first, asOf));
      await writeCalendarTable(db.connection, calendar);
      onBuilt(calendar);
    },
  };
}
