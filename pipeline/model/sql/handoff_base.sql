-- grain: one row per handoff (see handoff_lead), with its clock on the business calendar.
-- depends_on: handoff_lead, calendar
-- materialized: temp
--
-- Where the clock starts (the first business instant at or after mql_at), the response deadline
-- (the tier's response_within), the acceptance deadline (acceptance_within), the close of the
-- cadence window (close of business of business day cadence.window_days, day 1 = the clock
-- start's day) and mql_us, the business microseconds from the calendar start to mql_at: the
-- origin of every elapsed time of the handoff.
--
-- Calendar lookups are ASOF joins against calendar_openings, which sort their input: the narrow
-- `at_mql` keeps that cheap, then a hash join adds the other columns back.
WITH at_mql AS (
  SELECT h.hk, h.mql_at, h.response_within_minutes,
    -- the opening the clock starts in (the first one closing after mql_at)
    cs.opens_at AS clock_opens_at, cs.day_index AS clock_day_index,
    -- business minutes (DOUBLE) and microseconds (exact) from the calendar start to mql_at
    coalesce(mu.cum_before + least(epoch_us(h.mql_at) - epoch_us(mu.opens_at), epoch_us(mu.closes_at) - epoch_us(mu.opens_at)) / 60e6, 0.0) AS mql_minutes,
    coalesce(CAST(round(mu.cum_before * 60000000) AS BIGINT) + least(epoch_us(h.mql_at) - epoch_us(mu.opens_at), epoch_us(mu.closes_at) - epoch_us(mu.opens_at)), 0) AS mql_us
  FROM (SELECT hk, mql_at, response_within_minutes FROM handoff_lead) h
  ASOF LEFT JOIN calendar_openings cs ON calendar_checked(h.mql_at) < cs.closes_at
  ASOF LEFT JOIN calendar_openings mu ON calendar_checked(h.mql_at) >= mu.opens_at
),
clock AS (
  SELECT m.hk,
    CASE WHEN m.clock_opens_at IS NULL THEN error('calendar has no opening after ' || strftime(m.mql_at, '%Y-%m-%dT%H:%M:%S.%gZ'))
      ELSE greatest(m.mql_at, m.clock_opens_at) END AS clock_start,
    m.mql_us,
    -- a deadline: the first whole millisecond at which the minutes have passed, inside opening `rd`/`ad`
    CASE WHEN m.response_within_minutes = 0 THEN m.mql_at
      WHEN rd.cum_after IS NULL THEN error('calendar ends before ' || m.response_within_minutes || ' business minutes after ' || strftime(m.mql_at, '%Y-%m-%dT%H:%M:%S.%gZ'))
      ELSE least(make_timestamp(epoch_us(rd.opens_at) + CAST(ceil((m.mql_minutes + m.response_within_minutes - rd.cum_before) * 60000 - 1e-6) AS BIGINT) * 1000), rd.closes_at)
    END AS response_deadline,
    CASE WHEN getvariable('acceptance_within_minutes') = 0 THEN m.mql_at
      WHEN ad.cum_after IS NULL THEN error('calendar ends before ' || getvariable('acceptance_within_minutes') || ' business minutes after ' || strftime(m.mql_at, '%Y-%m-%dT%H:%M:%S.%gZ'))
      ELSE least(make_timestamp(epoch_us(ad.opens_at) + CAST(ceil((m.mql_minutes + getvariable('acceptance_within_minutes') - ad.cum_before) * 60000 - 1e-6) AS BIGINT) * 1000), ad.closes_at)
    END AS acceptance_deadline,
    CASE WHEN we.closes_at IS NULL THEN error('calendar ends before business day ' || getvariable('cadence_window_days') || ' after ' || strftime(m.mql_at, '%Y-%m-%dT%H:%M:%S.%gZ'))
      ELSE we.closes_at END AS window_end
  FROM at_mql m
  ASOF LEFT JOIN calendar_openings rd ON m.mql_minutes + m.response_within_minutes <= rd.cum_after
  ASOF LEFT JOIN calendar_openings ad ON m.mql_minutes + getvariable('acceptance_within_minutes') <= ad.cum_after
  LEFT JOIN calendar_business_days we ON we.day_index = m.clock_day_index + getvariable('cadence_window_days') - 1
)
SELECT h.*, c.* EXCLUDE (hk)
FROM handoff_lead h JOIN clock c ON c.hk = h.hk
ORDER BY h.hk
