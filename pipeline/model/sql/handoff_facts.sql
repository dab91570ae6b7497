-- grain: one row per handoff: an mql event of a lead (handoff_id = lead_id#handoff_no).
-- depends_on: handoff_base, handoff_stages, handoff_cadence, calendar
-- materialized: table
--
-- What `handoffs` says of each handoff that does not depend on as_of, stored: the view adds the
-- clauses that do, so a later as_of changes no stored row (a cron run updating the model for new
-- activities rebuilds only their leads' rows, pipeline/model/update-model.ts). Every row is a
-- function of one lead's rows. Elapsed times are business minutes from mql_at, compared in whole
-- microseconds so a clause such as "within 15 minutes" does not flip on float noise when an
-- attempt lands exactly on its deadline. mql_us and response_within_us are what the view needs.
-- No ORDER BY: an update appends its leads' rows at the end anyway, every reader orders its own
-- result, and on the large set sorting the wide rows held 360–590 MiB at the run's memory peak.
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
  LEFT JOIN handoff_cadence c ON c.hk = b.hk
),
-- every instant that needs the calendar, in one narrow column: two lookups instead of eleven
-- (mql_at's business microseconds are handoff_base's mql_us, not looked up again)
instants AS (
  UNPIVOT (SELECT hk, first_attempt_at, decision_at, sal_at, sql_at, opportunity_at, won_at FROM joined)
  ON first_attempt_at, decision_at, sal_at, sql_at, opportunity_at, won_at INTO NAME kind VALUE ts
),
-- us: business microseconds from the calendar start; pos: position on the business-day axis
-- (index of the business day the clock stands on + the share of its minutes gone), so a
-- difference of two positions is a number of business days
in_micros AS (
  SELECT i.hk, i.kind,
    coalesce(CAST(round(cu.cum_before * 60000000) AS BIGINT) + least(epoch_us(i.ts) - epoch_us(cu.opens_at), epoch_us(cu.closes_at) - epoch_us(cu.opens_at)), 0) AS us
  FROM instants i
  ASOF LEFT JOIN calendar_openings cu ON calendar_checked(i.ts) >= cu.opens_at
  UNION ALL SELECT hk, 'mql_at', mql_us FROM joined
),
looked_up AS (
  SELECT i.hk, i.kind, i.us, dp.day_index + least(i.us / 60000000 - dp.cum_before, dp.minutes) / dp.minutes AS pos
  FROM in_micros i
  ASOF LEFT JOIN calendar_business_days dp ON i.us / 60000000 >= dp.cum_before
),
calendar AS (
  SELECT hk,
    max(us) FILTER (WHERE kind = 'first_attempt_at') AS first_attempt_us,
    max(us) FILTER (WHERE kind = 'decision_at') AS decision_us,
    max(pos) FILTER (WHERE kind = 'mql_at') AS pos_mql,
    max(pos) FILTER (WHERE kind = 'sal_at') AS pos_sal,
    max(pos) FILTER (WHERE kind = 'sql_at') AS pos_sql,
    max(pos) FILTER (WHERE kind = 'opportunity_at') AS pos_opportunity,
    max(pos) FILTER (WHERE kind = 'won_at') AS pos_won
  FROM looked_up GROUP BY hk
),
timed AS (
  SELECT j.*, k.* EXCLUDE (hk),
    CAST(round(j.response_within_minutes * 60000000) AS BIGINT) AS response_within_us,
    CAST(round(getvariable('acceptance_within_minutes') * 60000000) AS BIGINT) AS acceptance_within_us,
    k.first_attempt_us - j.mql_us AS response_us,
    k.decision_us - j.mql_us AS acceptance_us,
    j.won_at IS NOT NULL AS reached_won_,
    j.won_at IS NOT NULL OR j.opportunity_at IS NOT NULL OR j.lost_at IS NOT NULL AS reached_opportunity_
  FROM joined j JOIN calendar k ON k.hk = j.hk
)
SELECT
  handoff_id, lead_id, handoff_no, mql_at, next_mql_at, period,
  source, campaign, segment, owner, score, tier, icp_fit,
  len(missing_fields) = 0 AS complete, missing_fields,
  response_within_minutes, clock_start, response_deadline, acceptance_deadline, window_end,
  first_attempt_at, first_attempt_type,
  response_us / 60000000 AS response_minutes,
  -- speed (SPEC clause speed)
  first_attempt_at IS NOT NULL AND response_us <= response_within_us AS speed_within_sla,
  -- cadence (SPEC clause attempts)
  attempts_total, attempts_in_window, max_attempts_in_a_day,
  max_attempts_in_a_day > getvariable('cadence_max_attempts_per_day') AS too_aggressive,
  cadence_ended_at,
  coalesce(cadence_ended_at <= window_end, false) AS cadence_ended_in_window,
  attempts_in_window >= getvariable('cadence_min_attempts') OR coalesce(cadence_ended_at <= window_end, false) AS adherent,
  -- acceptance (SPEC clause acceptance)
  decision_stage, decision_at, decision_reason,
  acceptance_us / 60000000 AS acceptance_minutes,
  decision_at IS NOT NULL AND acceptance_us <= acceptance_within_us AS accepted_within_sla,
  -- funnel
  sal_at, sql_at, opportunity_at, won_at, lost_at,
  sal_at IS NOT NULL OR sql_at IS NOT NULL OR reached_opportunity_ AS reached_sal,
  sql_at IS NOT NULL OR reached_opportunity_ AS reached_sql,
  reached_opportunity_ AS reached_opportunity,
  reached_won_ AS reached_won,
  CASE WHEN mql_at IS NOT NULL AND sal_at IS NOT NULL THEN greatest(pos_sal - pos_mql, 0) END AS mql_sal_days,
  CASE WHEN sal_at IS NOT NULL AND sql_at IS NOT NULL THEN greatest(pos_sql - pos_sal, 0) END AS sal_sql_days,
  CASE WHEN sql_at IS NOT NULL AND opportunity_at IS NOT NULL THEN greatest(pos_opportunity - pos_sql, 0) END AS sql_opportunity_days,
  CASE WHEN opportunity_at IS NOT NULL AND won_at IS NOT NULL THEN greatest(pos_won - pos_opportunity, 0) END AS opportunity_won_days,
  -- closing (SPEC clause recycling)
  closed_as, closed_at, closed_reason,
  attempts_before_close, cadence_ended_before_close,
  closed_at IS NOT NULL AND attempts_before_close < getvariable('cadence_min_attempts') AND NOT cadence_ended_before_close AS gave_up_early,
  returned,
  mql_us, response_within_us
FROM timed
