-- grain: one row per handoff with at least one attempt or cadence-ending activity.
-- depends_on: cadence_activities, local_date
-- materialized: temp
--
-- Its attempts (all, in the window, on its busiest local day), the first attempt and its type,
-- the first cadence.ends_on outcome, and attempts / outcomes up to its closing event.
WITH totals AS (
  SELECT hk,
    CAST(count(*) FILTER (WHERE is_attempt) AS INTEGER) AS attempts_total,
    CAST(count(*) FILTER (WHERE is_attempt AND in_window) AS INTEGER) AS attempts_in_window,
    -- the earliest attempt, ties broken by type name, packed in one BIGINT:
    -- epoch microseconds × 64 + the type's 0-based position in activity_types (code-point order)
    min(epoch_us(occurred_at) * 64 + (list_position(getvariable('activity_types'), type) - 1)) FILTER (WHERE is_attempt) AS first_attempt,
    min(occurred_at) FILTER (WHERE ends_cadence) AS cadence_ended_at,
    CAST(count(*) FILTER (WHERE is_attempt AND before_close) AS INTEGER) AS attempts_before_close,
    coalesce(bool_or(ends_cadence AND before_close), false) AS cadence_ended_before_close
  FROM cadence_activities GROUP BY hk
),
busiest AS (
  SELECT hk, CAST(max(n) AS INTEGER) AS max_attempts_in_a_day
  FROM (SELECT a.hk, local_date(a.occurred_at) AS local_day, count(*) AS n
        FROM (SELECT hk, occurred_at FROM cadence_activities WHERE is_attempt) a
        GROUP BY a.hk, local_day)
  GROUP BY hk
)
SELECT t.hk, t.attempts_total, t.attempts_in_window, coalesce(b.max_attempts_in_a_day, 0) AS max_attempts_in_a_day,
  make_timestamp(t.first_attempt // 64) AS first_attempt_at,
  getvariable('activity_types')[CAST(t.first_attempt % 64 AS INTEGER) + 1] AS first_attempt_type,
  t.cadence_ended_at, t.attempts_before_close, t.cadence_ended_before_close
FROM totals t LEFT JOIN busiest b ON b.hk = t.hk
ORDER BY t.hk
