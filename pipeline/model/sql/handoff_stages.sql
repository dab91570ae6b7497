-- grain: one row per handoff (handoff_base.hk), with what its events say.
-- depends_on: handoff_base, events
-- materialized: temp
--
-- The first event of each stage, the decision (the first sal/sql/opportunity/rejected event; on
-- one instant the earliest funnel stage wins), the closing (the first recycled/disqualified event)
-- and whether the lead had been recycled before mql_at (returned). An event belongs to the latest
-- handoff of its lead at or before it: mql_at <= at < next_mql_at (SPEC section 4).
WITH stages AS (
  SELECT h.hk,
    min(e."at") FILTER (WHERE e.stage = 'sal') AS sal_at,
    min(e."at") FILTER (WHERE e.stage = 'sql') AS sql_at,
    min(e."at") FILTER (WHERE e.stage = 'opportunity') AS opportunity_at,
    min(e."at") FILTER (WHERE e.stage = 'won') AS won_at,
    min(e."at") FILTER (WHERE e.stage = 'lost') AS lost_at,
    -- the first by (instant, rank); a struct compares field by field
    min({'at': e."at", 'rank': CASE e.stage WHEN 'sal' THEN 1 WHEN 'sql' THEN 2 WHEN 'opportunity' THEN 3 ELSE 4 END, 'stage': e.stage, 'reason': e.reason})
      FILTER (WHERE e.stage IN ('sal', 'sql', 'opportunity', 'rejected')) AS decision,
    min({'at': e."at", 'stage': e.stage, 'reason': e.reason}) FILTER (WHERE e.stage IN ('recycled', 'disqualified')) AS closing
  FROM events e
  JOIN (SELECT hk, lead_id, mql_at, next_mql_at FROM handoff_base) h
    ON e.lead_id = h.lead_id AND e."at" >= h.mql_at AND (h.next_mql_at IS NULL OR e."at" < h.next_mql_at)
  GROUP BY h.hk
),
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
ORDER BY h.hk
