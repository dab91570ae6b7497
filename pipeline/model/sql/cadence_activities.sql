-- grain: one row per attempt or cadence-ending activity that belongs to a handoff.
-- depends_on: activities, handoff_base, handoff_stages
-- materialized: temp
--
-- One narrow pass attributes the activities (mql_at <= occurred_at < next_mql_at), so the totals
-- and the busiest local day of handoff_cadence are cheap. Only aggregates read it, so it is left
-- unsorted: sorting millions of rows would cost seconds.
SELECT h.hk, a.occurred_at, a.type, a.is_attempt, a.ends_cadence,
  a.occurred_at <= h.window_end AS in_window,
  a.occurred_at <= h.closed_at AS before_close
FROM (SELECT lead_id, occurred_at, type, is_attempt, ends_cadence FROM activities WHERE is_attempt OR ends_cadence) a
JOIN (SELECT b.hk, b.lead_id, b.mql_at, b.next_mql_at, b.window_end, s.closed_at
      FROM handoff_base b JOIN handoff_stages s ON s.hk = b.hk) h
  ON a.lead_id = h.lead_id AND a.occurred_at >= h.mql_at AND (h.next_mql_at IS NULL OR a.occurred_at < h.next_mql_at)
