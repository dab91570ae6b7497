-- grain: one row per attempt (SPEC section 4): an outbound activity of a cadence.attempt_types type that belongs to a handoff.
-- depends_on: handoff_activities, local_date
-- materialized: view
--
-- local_day: its calendar day in the contract's time zone; in_window: at or before the
-- handoff's window_end.
SELECT a.handoff_id, a.activity_id, a.lead_id, a.occurred_at, local_date(a.occurred_at) AS local_day, a.type, a.outcome, a.owner, a.in_window
FROM handoff_activities a
WHERE a.is_attempt
ORDER BY a.lead_id, a.occurred_at, a.activity_id
