-- grain: one row per activity (stg_activities) up to as_of, with its cadence flags.
-- depends_on: input_activities
-- materialized: view
--
-- is_attempt: outbound (a missing direction counts as outbound) and of a cadence.attempt_types
-- type; ends_cadence: outcome in cadence.ends_on (either direction). Empty without an activities
-- export.
SELECT activity_id, lead_id, occurred_at, type, coalesce(direction, 'outbound') AS direction, outcome, owner,
  list_contains(getvariable('attempt_types'), type) AND coalesce(direction, 'outbound') = 'outbound' AS is_attempt,
  coalesce(list_contains(getvariable('ends_on'), outcome), false) AS ends_cadence
FROM input_activities
WHERE occurred_at <= getvariable('as_of')
