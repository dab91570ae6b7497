import { clockStartSql, deadlineSql, windowEndSql } from '../calendar/calendar-table.ts';
import type { Contract } from '../contract/schema.ts';
import { literal, type Db } from '../db.ts';
import { ACTIVITY_TYPES as ACTIVITY_TYPE_SYNONYMS } from '../ingest/enums.ts';
import { businessMicrosSql, dayPositionSql, MICROS_PER_MINUTE } from './business-time.ts';
import { tableExists } from './events.ts';
import { localDaySql } from './local-days.ts';
import { fieldResolver, leadRulesSql } from './rules-sql.ts';

// `handoffs`, in four steps: the handoff itself (who, when, which tier) with its clock from the
// business calendar; what its events say (stages, decision, closing); what its activities say
// (attempts, cadence); then the SPEC section 4 clauses evaluated per row. Metrics only count and
// aggregate the columns of `handoffs`.
//
// SPEC: "An event or activity belongs to the latest handoff of its lead at or before it", i.e.
// to the handoff with mql_at ≤ instant < next_mql_at. That is a hash join on lead_id with a range
// filter: on ten million activities it runs twice as fast as an ASOF join, which sorts its input.
// Intermediate tables are temporary (in memory) and keyed by an integer `hk`; only `handoffs` is
// written to the warehouse, and the per-event and per-activity relations are views.

/** SQL condition: instant `ts` of lead `leadId` belongs to handoff row `h` (mql_at ≤ ts < next_mql_at). */
export function belongsSql(h: string, leadId: string, ts: string): string {
  return `${leadId} = ${h}.lead_id AND ${ts} >= ${h}.mql_at AND (${h}.next_mql_at IS NULL OR ${ts} < ${h}.next_mql_at)`;
}

/**
 * `handoff_base` (temporary): one row per `mql` event with its lead's dimensions, tier, ICP fit
 * and missing fields (the tier and its response time are fixed at mql_at), and its clock from the
 * business calendar: where the clock starts, the response and acceptance deadlines, the close of
 * the cadence window, and `mql_us`, the business microseconds from the calendar start to mql_at
 * (the origin of every elapsed time of the handoff). Needs `events` and the calendar tables.
 */
export async function buildHandoffBase(db: Db, contract: Contract): Promise<void> {
  const rules = leadRulesSql(contract, await fieldResolver(db, 'l'));
  await db.run(`
    CREATE OR REPLACE TEMP TABLE handoff_lead AS
    SELECT
      -- an internal join key only (never written out), so it needs no ordering
      CAST(row_number() OVER () AS INTEGER) AS hk,
      e.lead_id || '#' || CAST(row_number() OVER w AS VARCHAR) AS handoff_id,
      e.lead_id,
      CAST(row_number() OVER w AS INTEGER) AS handoff_no,
      e."at" AS mql_at,
      lead(e."at") OVER w AS next_mql_at,
      e.period,
      l.source, l.campaign, l.segment, l.owner, l.score,
      ${rules.tier} AS tier,
      ${rules.icpFit} AS icp_fit,
      ${rules.missingFields} AS missing_fields,
      ${rules.responseWithin} AS response_within_minutes
    FROM events e JOIN stg_leads l ON l.lead_id = e.lead_id
    WHERE e.stage = 'mql'
    WINDOW w AS (PARTITION BY e.lead_id ORDER BY e."at")
    ORDER BY hk`);

  // Calendar lookups sort their input: a narrow projection keeps that cheap, then a hash join adds the columns back.
  const clock = clockStartSql('h.mql_at', 'cs');
  const origin = businessMicrosSql('h.mql_at', 'mu');
  const response = deadlineSql('h.mql_at', 'h.response_within_minutes', 'rd');
  const acceptance = deadlineSql('h.mql_at', `${contract.acceptance_within}::DOUBLE`, 'ad');
  const window = windowEndSql('h.mql_at', String(contract.cadence.window_days), 'we');
  await db.run(`
    CREATE OR REPLACE TEMP TABLE handoff_base AS
    WITH clock AS (
      SELECT h.hk,
        ${clock.expr} AS clock_start,
        ${origin.expr} AS mql_us,
        ${response.expr} AS response_deadline,
        ${acceptance.expr} AS acceptance_deadline,
        ${window.expr} AS window_end
      FROM (SELECT hk, mql_at, response_within_minutes FROM handoff_lead) h
      ${clock.joins}
      ${origin.joins}
      ${response.joins}
      ${acceptance.joins}
      ${window.joins})
    SELECT h.*, c.* EXCLUDE (hk)
    FROM handoff_lead h JOIN clock c ON c.hk = h.hk
    ORDER BY h.hk`);
  await db.run('DROP TABLE handoff_lead');
}

/** Rank of decision stages when two fall on the same instant: the earliest funnel stage wins. */
const DECISION_RANK = `CASE e.stage WHEN 'sal' THEN 1 WHEN 'sql' THEN 2 WHEN 'opportunity' THEN 3 ELSE 4 END`;

/**
 * `handoff_stages` (temporary): per handoff, the first event of each stage, the decision (first
 * sal/sql/opportunity/rejected), the closing (first recycled/disqualified) and whether the lead had
 * been recycled before mql_at. Needs `handoff_base`.
 */
export async function buildHandoffStages(db: Db): Promise<void> {
  await db.run(`
    CREATE OR REPLACE TEMP TABLE handoff_stages AS
    WITH stages AS (
      SELECT h.hk,
        min(e."at") FILTER (WHERE e.stage = 'sal') AS sal_at,
        min(e."at") FILTER (WHERE e.stage = 'sql') AS sql_at,
        min(e."at") FILTER (WHERE e.stage = 'opportunity') AS opportunity_at,
        min(e."at") FILTER (WHERE e.stage = 'won') AS won_at,
        min(e."at") FILTER (WHERE e.stage = 'lost') AS lost_at,
        -- the first by (instant, rank); a struct compares field by field
        min({'at': e."at", 'rank': ${DECISION_RANK}, 'stage': e.stage, 'reason': e.reason})
          FILTER (WHERE e.stage IN ('sal', 'sql', 'opportunity', 'rejected')) AS decision,
        min({'at': e."at", 'stage': e.stage, 'reason': e.reason}) FILTER (WHERE e.stage IN ('recycled', 'disqualified')) AS closing
      FROM events e JOIN (SELECT hk, lead_id, mql_at, next_mql_at FROM handoff_base) h ON ${belongsSql('h', 'e.lead_id', 'e."at"')}
      GROUP BY h.hk),
    recycled AS (SELECT lead_id, min("at") AS first_recycled_at FROM events WHERE stage = 'recycled' GROUP BY lead_id)
    SELECT h.hk, s.sal_at, s.sql_at, s.opportunity_at, s.won_at, s.lost_at,
      struct_extract(s.decision, 'stage') AS decision_stage, struct_extract(s.decision, 'at') AS decision_at,
      struct_extract(s.decision, 'reason') AS decision_reason,
      struct_extract(s.closing, 'stage') AS closed_as, struct_extract(s.closing, 'at') AS closed_at,
      struct_extract(s.closing, 'reason') AS closed_reason,
      coalesce(r.first_recycled_at < h.mql_at, false) AS returned
    FROM handoff_base h
    LEFT JOIN stages s ON s.hk = h.hk
    LEFT JOIN recycled r ON r.lead_id = h.lead_id
    ORDER BY h.hk`);
}

/** The staged activities up to as_of that shape the cadence (attempts, ends_on outcomes), with both flags; empty without an activities input. */
export async function cadenceActivitiesSql(db: Db, contract: Contract, asOfSql: string): Promise<string> {
  const { cadence } = contract;
  if (!(await tableExists(db, 'stg_activities'))) {
    return `SELECT NULL::VARCHAR AS activity_id, NULL::VARCHAR AS lead_id, NULL::TIMESTAMP AS occurred_at, NULL::VARCHAR AS type,
              NULL::VARCHAR AS direction, NULL::VARCHAR AS outcome, NULL::VARCHAR AS owner, false AS is_attempt, false AS ends_cadence WHERE false`;
  }
  const list = (values: readonly string[]) => values.map(literal).join(', ');
  const endsOn = cadence.ends_on.length === 0 ? 'false' : `coalesce(outcome IN (${list(cadence.ends_on)}), false)`;
  return `SELECT activity_id, lead_id, occurred_at, type, coalesce(direction, 'outbound') AS direction, outcome, owner,
      type IN (${list(cadence.attempt_types)}) AND coalesce(direction, 'outbound') = 'outbound' AS is_attempt,
      ${endsOn} AS ends_cadence
    FROM stg_activities WHERE occurred_at <= ${asOfSql}`;
}

/** Activity types in code-point order, and the SQL of a type's 0-based code in it. */
const ACTIVITY_TYPES = Object.keys(ACTIVITY_TYPE_SYNONYMS).sort();
const ACTIVITY_TYPES_SQL = `[${ACTIVITY_TYPES.map(literal).join(', ')}]`;
const TYPE_CODE = `(list_position(${ACTIVITY_TYPES_SQL}, type) - 1)`;
/** Codes per microsecond in the packed first attempt; epoch microseconds × 64 stay far inside a BIGINT. */
const TYPE_SLOTS = 64;
if (ACTIVITY_TYPES.length > TYPE_SLOTS) throw new Error(`too many activity types to pack: ${ACTIVITY_TYPES.length}`);

/**
 * `handoff_cadence` (temporary): per handoff, its attempts (all, in the window, the busiest local
 * day, the first one and its type), the first `ends_on` outcome, and attempts / outcomes up to its
 * closing event, in one pass over the activities. Needs `handoff_base`, `handoff_stages`, `zone_offsets`.
 */
export async function buildHandoffCadence(db: Db, contract: Contract, asOfSql: string): Promise<void> {
  // One narrow pass attributes the activities; totals and the busiest local day are then cheap.
  // Only aggregates read this table, so it is left unsorted: sorting millions of rows would cost seconds.
  await db.run(`
    CREATE OR REPLACE TEMP TABLE cadence_activities AS
    SELECT h.hk, a.occurred_at, a.type, a.is_attempt, a.ends_cadence,
      a.occurred_at <= h.window_end AS in_window,
      a.occurred_at <= h.closed_at AS before_close
    FROM (SELECT lead_id, occurred_at, type, is_attempt, ends_cadence FROM (${await cadenceActivitiesSql(db, contract, asOfSql)}) WHERE is_attempt OR ends_cadence) a
    JOIN (SELECT b.hk, b.lead_id, b.mql_at, b.next_mql_at, b.window_end, s.closed_at
          FROM handoff_base b JOIN handoff_stages s ON s.hk = b.hk) h ON ${belongsSql('h', 'a.lead_id', 'a.occurred_at')}`);
  const day = await localDaySql(db, contract, 'a.occurred_at');
  await db.run(`
    CREATE OR REPLACE TEMP TABLE handoff_cadence AS
    WITH totals AS (
      SELECT hk,
        CAST(count(*) FILTER (WHERE is_attempt) AS INTEGER) AS attempts_total,
        CAST(count(*) FILTER (WHERE is_attempt AND in_window) AS INTEGER) AS attempts_in_window,
        -- the earliest attempt, ties broken by type name, packed in one BIGINT (microseconds × slots + type code)
        min(epoch_us(occurred_at) * ${TYPE_SLOTS} + ${TYPE_CODE}) FILTER (WHERE is_attempt) AS first_attempt,
        min(occurred_at) FILTER (WHERE ends_cadence) AS cadence_ended_at,
        CAST(count(*) FILTER (WHERE is_attempt AND before_close) AS INTEGER) AS attempts_before_close,
        coalesce(bool_or(ends_cadence AND before_close), false) AS cadence_ended_before_close
      FROM cadence_activities GROUP BY hk),
    busiest AS (
      SELECT hk, CAST(max(n) AS INTEGER) AS max_attempts_in_a_day
      FROM (SELECT a.hk, ${day.date} AS local_day, count(*) AS n
            FROM (SELECT hk, occurred_at FROM cadence_activities WHERE is_attempt) a
            GROUP BY a.hk, local_day)
      GROUP BY hk)
    SELECT t.hk, t.attempts_total, t.attempts_in_window, coalesce(b.max_attempts_in_a_day, 0) AS max_attempts_in_a_day,
      make_timestamp(t.first_attempt // ${TYPE_SLOTS}) AS first_attempt_at,
      ${ACTIVITY_TYPES_SQL}[CAST(t.first_attempt % ${TYPE_SLOTS} AS INTEGER) + 1] AS first_attempt_type,
      t.cadence_ended_at, t.attempts_before_close, t.cadence_ended_before_close
    FROM totals t LEFT JOIN busiest b ON b.hk = t.hk
    ORDER BY t.hk`);
  await db.run('DROP TABLE cadence_activities');
}

/**
 * `handoffs`: the handoff with its clock, stages, cadence and each SPEC clause evaluated (due,
 * within, pending, adherent, gave up early, too aggressive…). Needs `handoff_base`,
 * `handoff_stages`, `handoff_cadence`.
 */
export async function buildHandoffs(db: Db, contract: Contract, asOfSql: string): Promise<void> {
  const asOfUs = businessMicrosSql('a.t', 'c');
  const asOf = await db.one<{ us: string }>(`SELECT CAST(${asOfUs.expr} AS VARCHAR) AS us FROM (SELECT ${asOfSql} AS t) a ${asOfUs.joins}`);
  const { cadence } = contract;
  const acceptanceUs = Math.round(contract.acceptance_within * MICROS_PER_MINUTE);

  // Every instant that needs the calendar, in one narrow column: two lookups instead of eleven.
  const instants = ['mql_at', 'first_attempt_at', 'decision_at', 'sal_at', 'sql_at', 'opportunity_at', 'won_at'];
  const us = businessMicrosSql('i.ts', 'cu');
  const pos = dayPositionSql('i.ts', `(${us.expr}) / ${MICROS_PER_MINUTE}`, 'dp');
  const velocity = (a: string, b: string) =>
    `CASE WHEN ${a}_at IS NOT NULL AND ${b}_at IS NOT NULL THEN greatest(pos_${b} - pos_${a}, 0) END AS ${a}_${b}_days`;

  await db.run(`
    CREATE OR REPLACE TABLE handoffs AS
    WITH joined AS (
      SELECT b.*, s.* EXCLUDE (hk),
        coalesce(c.attempts_total, 0) AS attempts_total,
        coalesce(c.attempts_in_window, 0) AS attempts_in_window,
        coalesce(c.max_attempts_in_a_day, 0) AS max_attempts_in_a_day,
        c.first_attempt_at, c.first_attempt_type, c.cadence_ended_at,
        CASE WHEN s.closed_at IS NOT NULL THEN coalesce(c.attempts_before_close, 0) END AS attempts_before_close,
        CASE WHEN s.closed_at IS NOT NULL THEN coalesce(c.cadence_ended_before_close, false) END AS cadence_ended_before_close
      FROM handoff_base b
      JOIN handoff_stages s ON s.hk = b.hk
      LEFT JOIN handoff_cadence c ON c.hk = b.hk),
    instants AS (
      UNPIVOT (SELECT hk, ${instants.join(', ')} FROM joined)
      ON ${instants.join(', ')} INTO NAME kind VALUE ts),
    looked_up AS (
      SELECT i.hk, i.kind, ${us.expr} AS us, ${pos.expr} AS pos
      FROM instants i
      ${us.joins}
      ${pos.joins}),
    calendar AS (
      SELECT hk,
        max(us) FILTER (WHERE kind = 'first_attempt_at') AS first_attempt_us,
        max(us) FILTER (WHERE kind = 'decision_at') AS decision_us,
        ${['mql', 'sal', 'sql', 'opportunity', 'won'].map((s) => `max(pos) FILTER (WHERE kind = '${s}_at') AS pos_${s}`).join(',\n        ')}
      FROM looked_up GROUP BY hk),
    timed AS (
      SELECT j.*, k.* EXCLUDE (hk),
        CAST(round(j.response_within_minutes * ${MICROS_PER_MINUTE}) AS BIGINT) AS response_within_us,
        ${asOf.us}::BIGINT - j.mql_us AS elapsed_at_as_of_us,
        k.first_attempt_us - j.mql_us AS response_us,
        k.decision_us - j.mql_us AS acceptance_us,
        j.won_at IS NOT NULL AS reached_won_,
        j.won_at IS NOT NULL OR j.opportunity_at IS NOT NULL OR j.lost_at IS NOT NULL AS reached_opportunity_
      FROM joined j JOIN calendar k ON k.hk = j.hk)
    SELECT
      handoff_id, lead_id, handoff_no, mql_at, next_mql_at, period,
      source, campaign, segment, owner, score, tier, icp_fit,
      len(missing_fields) = 0 AS complete, missing_fields,
      response_within_minutes, clock_start, response_deadline, acceptance_deadline, window_end,
      elapsed_at_as_of_us / ${MICROS_PER_MINUTE} AS elapsed_at_as_of_minutes,
      first_attempt_at, first_attempt_type,
      response_us / ${MICROS_PER_MINUTE} AS response_minutes,
      first_attempt_at IS NOT NULL OR elapsed_at_as_of_us >= response_within_us AS speed_due,
      first_attempt_at IS NOT NULL AND response_us <= response_within_us AS speed_within_sla,
      first_attempt_at IS NULL AND elapsed_at_as_of_us < response_within_us AS speed_pending,
      attempts_total, attempts_in_window, max_attempts_in_a_day,
      max_attempts_in_a_day > ${cadence.max_attempts_per_day} AS too_aggressive,
      cadence_ended_at,
      coalesce(cadence_ended_at <= window_end, false) AS cadence_ended_in_window,
      window_end <= ${asOfSql} AS window_ended,
      attempts_in_window >= ${cadence.min_attempts} OR coalesce(cadence_ended_at <= window_end, false) AS adherent,
      decision_stage, decision_at, decision_reason,
      acceptance_us / ${MICROS_PER_MINUTE} AS acceptance_minutes,
      decision_at IS NOT NULL OR elapsed_at_as_of_us >= ${acceptanceUs} AS acceptance_due,
      decision_at IS NOT NULL AND acceptance_us <= ${acceptanceUs} AS accepted_within_sla,
      sal_at, sql_at, opportunity_at, won_at, lost_at,
      sal_at IS NOT NULL OR sql_at IS NOT NULL OR reached_opportunity_ AS reached_sal,
      sql_at IS NOT NULL OR reached_opportunity_ AS reached_sql,
      reached_opportunity_ AS reached_opportunity,
      reached_won_ AS reached_won,
      ${velocity('mql', 'sal')},
      ${velocity('sal', 'sql')},
      ${velocity('sql', 'opportunity')},
      ${velocity('opportunity', 'won')},
      closed_as, closed_at, closed_reason,
      attempts_before_close, cadence_ended_before_close,
      closed_at IS NOT NULL AND attempts_before_close < ${cadence.min_attempts} AND NOT cadence_ended_before_close AS gave_up_early,
      returned
    FROM timed
    ORDER BY lead_id, mql_at`);
  await db.run(`COMMENT ON TABLE handoffs IS ${literal(HANDOFFS_COMMENT)}`);
}

/** The grain and the meaning of the less obvious columns of `handoffs`, for analysts. */
export const HANDOFFS_COMMENT =
  'One row per mql event (handoff_id = lead_id#handoff_no; a re-qualified lead starts a new handoff). period = contract period of mql_at; ' +
  'tier, icp_fit, complete and missing_fields are fixed at mql_at from the lead. Everything of the lead from mql_at up to (not including) next_mql_at and up to as_of is this handoff. ' +
  'Elapsed times are business minutes from mql_at (the clock starts at clock_start). speed_due: first attempt made or response deadline passed by as_of; ' +
  'speed_pending: neither (right-censored). window_end: close of business of the last business day of the cadence. decision: first sal/sql/opportunity/rejected event. ' +
  'reached_*: that stage or a later one happened (lost implies opportunity). *_days: business days between the first events of consecutive stages. ' +
  'closed_*: first recycled/disqualified event; gave_up_early: closed with fewer than min_attempts attempts and no ends_on outcome up to it. returned: the lead had been recycled before mql_at.';
