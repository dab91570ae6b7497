-- grain: one row per mql event (a handoff), with its lead's dimensions and contract rules at mql_at.
-- depends_on: events, lead_rules
-- materialized: temp
--
-- A re-qualified lead starts a new handoff: handoff_no counts a lead's MQLs, next_mql_at is the
-- following one. `hk` is an internal integer join key of the build, never written out.
SELECT
  -- an internal join key only, so it needs no ordering
  CAST(row_number() OVER () AS INTEGER) AS hk,
  e.lead_id || '#' || CAST(row_number() OVER w AS VARCHAR) AS handoff_id,
  e.lead_id,
  CAST(row_number() OVER w AS INTEGER) AS handoff_no,
  e."at" AS mql_at,
  lead(e."at") OVER w AS next_mql_at,
  e.period,
  l.source, l.campaign, l.segment, l.owner, l.score,
  l.tier, l.icp_fit, l.missing_fields, l.response_within_minutes
FROM events e JOIN lead_rules l ON l.lead_id = e.lead_id
WHERE e.stage = 'mql'
WINDOW w AS (PARTITION BY e.lead_id ORDER BY e."at")
ORDER BY hk
