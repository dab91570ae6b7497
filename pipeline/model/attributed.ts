import type { Contract } from '../contract/schema.ts';
import type { Db } from '../db.ts';
import { belongsSql, cadenceActivitiesSql } from './handoffs.ts';
import { localDaySql } from './local-days.ts';

// Events and activities with the handoff they belong to (SPEC section 4: the latest handoff of
// their lead at or before them), as views over `events`, `stg_activities` and `handoffs`: the
// metrics need only their aggregates (in `handoffs`), so the warehouse does not store millions of
// attributed rows twice; analysts query the views like tables.

/** The views `handoff_events`, `handoff_activities` and `attempts`, each with its grain. Needs `handoffs` and `zone_offsets`. */
export async function createAttributionViews(db: Db, contract: Contract, asOfSql: string): Promise<void> {
  const handoffs = 'SELECT handoff_id, lead_id, mql_at, next_mql_at, window_end FROM handoffs';
  await db.run(`
    CREATE OR REPLACE VIEW handoff_events AS
    SELECT h.handoff_id, e.lead_id, e.stage, e."at", e.reason, e.period
    FROM events e JOIN (${handoffs}) h ON ${belongsSql('h', 'e.lead_id', 'e."at"')}
    ORDER BY e.lead_id, e."at", e.stage`);
  await db.run(
    `COMMENT ON VIEW handoff_events IS 'One row per event (see events) at or after its lead''s first mql_at, with handoff_id = the latest handoff of the lead at or before the event. Events before a lead''s first MQL belong to no handoff and are not here.'`,
  );

  const activities = await cadenceActivitiesSql(db, contract, asOfSql);
  await db.run(`
    CREATE OR REPLACE VIEW handoff_activities AS
    SELECT h.handoff_id, a.activity_id, a.lead_id, a.occurred_at, a.type, a.direction, a.outcome, a.owner, a.is_attempt, a.ends_cadence,
      a.occurred_at <= h.window_end AS in_window
    FROM (${activities}) a JOIN (${handoffs}) h ON ${belongsSql('h', 'a.lead_id', 'a.occurred_at')}
    ORDER BY a.lead_id, a.occurred_at, a.activity_id`);
  await db.run(
    `COMMENT ON VIEW handoff_activities IS 'One row per activity up to as_of at or after its lead''s first mql_at, with handoff_id = the latest handoff of the lead at or before it. is_attempt: outbound and of a cadence.attempt_types type; ends_cadence: outcome in cadence.ends_on (either direction); in_window: at or before the handoff''s window_end.'`,
  );

  const day = await localDaySql(db, contract, 'a.occurred_at');
  await db.run(`
    CREATE OR REPLACE VIEW attempts AS
    SELECT a.handoff_id, a.activity_id, a.lead_id, a.occurred_at, ${day.date} AS local_day, a.type, a.outcome, a.owner, a.in_window
    FROM handoff_activities a
    WHERE a.is_attempt
    ORDER BY a.lead_id, a.occurred_at, a.activity_id`);
  await db.run(
    `COMMENT ON VIEW attempts IS 'One row per attempt (SPEC section 4): an activity of a handoff, outbound, of a cadence.attempt_types type, at or after mql_at and up to as_of. local_day: its calendar day in the contract time zone; in_window: at or before the handoff''s window_end.'`,
  );
}
