-- grain: one row per distinct (lead_id, stage, at) up to as_of.
-- depends_on: stg_leads, input_lead_events, input_deals, lead_rules, local_date, period_key
-- materialized: table
--
-- Stage timestamps of leads.csv, lead_events.csv and deals (opportunity at created_at, won/lost at
-- closed_at). Rows of unknown leads (orphans) are left out: they belong to no handoff. When the
-- exports hold no MQL at all, the contract's mql.when / mql.score_at_least (lead_rules.mql_rule)
-- makes a lead an MQL at lead_rules.mql_rule_at. Instants are UTC; period is the contract period
-- of `at` in the contract's time zone.
WITH exported_mqls AS (
  SELECT EXISTS (SELECT 1 FROM stg_leads WHERE mql_at IS NOT NULL)
      OR EXISTS (SELECT 1 FROM input_lead_events WHERE stage = 'mql') AS found
),
sources AS (
  SELECT lead_id, 'lead' AS stage, created_at AS "at", NULL::VARCHAR AS reason FROM stg_leads
  UNION ALL SELECT lead_id, 'mql', mql_at, NULL::VARCHAR FROM stg_leads WHERE mql_at IS NOT NULL
  UNION ALL SELECT lead_id, 'sal', sal_at, NULL::VARCHAR FROM stg_leads WHERE sal_at IS NOT NULL
  UNION ALL SELECT lead_id, 'sql', sql_at, NULL::VARCHAR FROM stg_leads WHERE sql_at IS NOT NULL
  UNION ALL SELECT lead_id, 'opportunity', opportunity_at, NULL::VARCHAR FROM stg_leads WHERE opportunity_at IS NOT NULL
  UNION ALL SELECT lead_id, 'rejected', rejected_at, rejection_reason FROM stg_leads WHERE rejected_at IS NOT NULL
  UNION ALL SELECT lead_id, 'recycled', recycled_at, recycle_reason FROM stg_leads WHERE recycled_at IS NOT NULL
  UNION ALL SELECT lead_id, 'disqualified', disqualified_at, disqualification_reason FROM stg_leads WHERE disqualified_at IS NOT NULL
  UNION ALL SELECT e.lead_id, e.stage, e."at", e.reason FROM input_lead_events e SEMI JOIN stg_leads l ON l.lead_id = e.lead_id
  UNION ALL SELECT d.lead_id, 'opportunity', d.created_at, NULL FROM input_deals d SEMI JOIN stg_leads l ON l.lead_id = d.lead_id
  UNION ALL SELECT d.lead_id, d.status, d.closed_at, d.lost_reason FROM input_deals d SEMI JOIN stg_leads l ON l.lead_id = d.lead_id
    WHERE d.status IN ('won', 'lost') AND d.closed_at IS NOT NULL
  -- the contract's MQL rule, only when the exports carry no MQL
  UNION ALL SELECT r.lead_id, 'mql', r.mql_rule_at, NULL FROM lead_rules r WHERE r.mql_rule AND NOT (SELECT found FROM exported_mqls)
)
SELECT x.lead_id, x.stage, x."at", x.reason, period_key(local_date(x."at")) AS period
FROM (
  SELECT lead_id, stage, "at", max(reason) AS reason
  FROM sources
  WHERE "at" <= getvariable('as_of')
  GROUP BY lead_id, stage, "at"
) x
ORDER BY x.lead_id, x."at", x.stage
