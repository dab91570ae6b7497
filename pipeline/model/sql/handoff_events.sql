-- grain: one row per event (see events) at or after its lead's first mql_at, with the handoff it belongs to.
-- depends_on: events, handoffs
-- materialized: view
--
-- handoff_id is the latest handoff of the lead at or before the event (mql_at <= at < next_mql_at).
-- Events before a lead's first MQL belong to no handoff and are not here. A view: the metrics
-- need only the aggregates in handoffs, so the warehouse does not store the events twice.
SELECT h.handoff_id, e.lead_id, e.stage, e."at", e.reason, e.period
FROM events e
JOIN (SELECT handoff_id, lead_id, mql_at, next_mql_at FROM handoffs) h
  ON e.lead_id = h.lead_id AND e."at" >= h.mql_at AND (h.next_mql_at IS NULL OR e."at" < h.next_mql_at)
ORDER BY e.lead_id, e."at", e.stage
