-- grain: one row per activity up to as_of at or after its lead's first mql_at, with the handoff it belongs to.
-- depends_on: activities, handoffs
-- materialized: view
--
-- handoff_id is the latest handoff of the lead at or before the activity. is_attempt: outbound
-- and of a cadence.attempt_types type; ends_cadence: outcome in cadence.ends_on (either
-- direction); in_window: at or before the handoff's window_end.
SELECT h.handoff_id, a.activity_id, a.lead_id, a.occurred_at, a.type, a.direction, a.outcome, a.owner, a.is_attempt, a.ends_cadence,
  a.occurred_at <= h.window_end AS in_window
FROM activities a
JOIN (SELECT handoff_id, lead_id, mql_at, next_mql_at, window_end FROM handoffs) h
  ON a.lead_id = h.lead_id AND a.occurred_at >= h.mql_at AND (h.next_mql_at IS NULL OR a.occurred_at < h.next_mql_at)
ORDER BY a.lead_id, a.occurred_at, a.activity_id
