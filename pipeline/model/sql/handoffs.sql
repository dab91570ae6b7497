-- grain: one row per handoff: an mql event of a lead (handoff_id = lead_id#handoff_no).
-- depends_on: handoff_facts, calendar
-- materialized: view
--
-- Each SPEC section 4 clause evaluated per row; metrics only count and aggregate these columns.
-- Everything of the lead from mql_at up to (not including) next_mql_at and up to as_of is this
-- handoff. The clauses that depend on as_of (elapsed time, due, pending, window ended) are
-- evaluated here, the rest is stored in handoff_facts. No ORDER BY: DuckDB keeps a view's and
-- would sort every handoff on each read; every reader orders its own result.
WITH as_of_clock AS (
  SELECT coalesce(CAST(round(c.cum_before * 60000000) AS BIGINT) + least(epoch_us(a.t) - epoch_us(c.opens_at), epoch_us(c.closes_at) - epoch_us(c.opens_at)), 0) AS us
  FROM (SELECT getvariable('as_of') AS t) a
  ASOF LEFT JOIN calendar_openings c ON calendar_checked(a.t) >= c.opens_at
),
timed AS (
  SELECT f.*,
    (SELECT us FROM as_of_clock) - f.mql_us AS elapsed_at_as_of_us,
    CAST(round(getvariable('acceptance_within_minutes') * 60000000) AS BIGINT) AS acceptance_within_us
  FROM handoff_facts f
)
SELECT
  handoff_id, lead_id, handoff_no, mql_at, next_mql_at, period,
  source, campaign, segment, owner, score, tier, icp_fit,
  complete, missing_fields,
  response_within_minutes, clock_start, response_deadline, acceptance_deadline, window_end,
  elapsed_at_as_of_us / 60000000 AS elapsed_at_as_of_minutes,
  first_attempt_at, first_attempt_type,
  response_minutes,
  -- speed (SPEC clause speed): due once an attempt is made or the deadline has passed by as_of
  first_attempt_at IS NOT NULL OR elapsed_at_as_of_us >= response_within_us AS speed_due,
  speed_within_sla,
  first_attempt_at IS NULL AND elapsed_at_as_of_us < response_within_us AS speed_pending,
  -- cadence (SPEC clause attempts)
  attempts_total, attempts_in_window, max_attempts_in_a_day, too_aggressive,
  cadence_ended_at, cadence_ended_in_window,
  window_end <= getvariable('as_of') AS window_ended,
  adherent,
  -- acceptance (SPEC clause acceptance)
  decision_stage, decision_at, decision_reason, acceptance_minutes,
  decision_at IS NOT NULL OR elapsed_at_as_of_us >= acceptance_within_us AS acceptance_due,
  accepted_within_sla,
  -- funnel
  sal_at, sql_at, opportunity_at, won_at, lost_at,
  reached_sal, reached_sql, reached_opportunity, reached_won,
  mql_sal_days, sal_sql_days, sql_opportunity_days, opportunity_won_days,
  -- closing (SPEC clause recycling)
  closed_as, closed_at, closed_reason,
  attempts_before_close, cadence_ended_before_close, gave_up_early,
  returned
FROM timed
