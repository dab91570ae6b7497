import { describe, expect, it } from 'vitest';
import { measure } from '../fixtures/metrics/harness.ts';

// The choices README "Metric glossary" makes where SPEC section 4 is silent, on two fixtures worked
// out by hand. Hours Mon–Thu 09–12 + 13–18; every MQL of tests/fixtures/metrics/edges is at Mon
// 2018-10-29 10:00 local except E1's re-MQL; all leads are tier B (2 h to respond, 4 h to decide);
// cadence: 3 attempts in 2 business days, at most 2 a day. as_of = Wed 2018-11-07 10:00 local.
//
//   E1#1  recycled 11:00 without an attempt; E1#2 re-MQL Tue 10-30 10:00, call X1 at exactly 10:00
//   E2    call 10:30; sal and rejected both at 11:00
//   E3    call 10:10; sql 15:00, then sal 16:00; deal D1 opened 10-20 (before the MQL), lost 10-31
//   E4    call 10:05 connected; three calls on Thu 11-01, after its window (Mon–Tue)
//   E5    rejected at 10:30, never called

describe('choices where SPEC is silent', () => {
  it('attributes an activity at a re-MQL instant to the new handoff', async () => {
    const m = await measure('edges', '2018-11-07T12:00:00Z');
    const rows = await m.db.all<{ handoff_id: string; response_minutes: number | null; gave_up_early: boolean }>(
      `SELECT handoff_id, response_minutes, gave_up_early FROM handoffs WHERE lead_id = 'E1' ORDER BY handoff_id`,
    );
    // X1 at E1#2's mql_at: 0 minutes for E1#2; E1#1 closed (recycled) with 0 attempts: gave up early.
    expect(rows).toEqual([
      { handoff_id: 'E1#1', response_minutes: null, gave_up_early: true },
      { handoff_id: 'E1#2', response_minutes: 0, gave_up_early: false },
    ]);
    // Due: all 6. Within 2 h: E1#2 (0), E2 (30), E3 (10), E4 (5) → 4/6; not contacted E1#1 and the
    // rejected E5 → 2/6 (rejecting a lead does not excuse the call).
    expect(m.ratio('2018-10', 'speed.within_sla_pct')).toEqual([4, 6, (100 * 4) / 6]);
    expect(m.ratio('2018-10', 'speed.not_contacted_pct')).toEqual([2, 6, (100 * 2) / 6]);
    m.db.close();
  });

  it('resolves decision ties to the earlier stage and counts lost deals as opportunities', async () => {
    const m = await measure('edges', '2018-11-07T12:00:00Z');
    // Decided: E2 sal (tie with rejected at 60 min), E3 sql (10–12 + 13–15 = 240 ≤ 240), E5 rejected (30) → all
    // within; E1#1, E1#2, E4 undecided and overdue → 3/6 within; rejected 1 of 3 decided.
    expect(m.ratio('2018-10', 'acceptance.within_sla_pct')).toEqual([3, 6, 50]);
    expect(m.ratio('2018-10', 'acceptance.rejected_pct')).toEqual([1, 3, 100 / 3]);
    // E3's deal opened before its MQL (no handoff's event) but its loss is E3's: opportunity reached → 1/6;
    // sal reached by E2 and E3 → 2/6.
    expect(m.ratio('2018-10', 'funnel.cohort.opportunity_pct')).toEqual([1, 6, 100 / 6]);
    expect(m.ratio('2018-10', 'funnel.cohort.sal_pct')).toEqual([2, 6, 100 / 3]);
    // Velocity mql→sal: E2 60/480 = 0.125, E3 (10:00 → 16:00) (120 + 180)/480 = 0.625 → median 0.375;
    // sal→sql for E3 runs backwards (sql 15:00 before sal 16:00): 0.
    expect(m.value('2018-10', 'funnel.velocity.mql_sal_days')).toBeCloseTo(0.375, 9);
    expect(m.value('2018-10', 'funnel.velocity.sal_sql_days')).toBe(0);
    m.db.close();
  });

  it('counts every attempt of a handoff for too-aggressive days, only the window for adherence', async () => {
    const m = await measure('edges', '2018-11-07T12:00:00Z');
    // Attempted: E1#2, E2, E3, E4; E4 made 3 calls on Thu 11-01 (outside its window) → 1/4.
    expect(m.ratio('2018-10', 'attempts.too_aggressive_pct')).toEqual([1, 4, 25]);
    // Windows ended for all 6; adherent only E4 (connected) → 1/6; in-window attempts 0+1+1+1+1+0 = 4 → 4/6.
    expect(m.ratio('2018-10', 'attempts.adherent_pct')).toEqual([1, 6, 100 / 6]);
    expect(m.value('2018-10', 'attempts.mean')).toBeCloseTo(4 / 6, 12);
    m.db.close();
  });

  it('makes MQLs from the score only when the exports carry none, and reports ICP fit as n/a without an ICP', async () => {
    // tests/fixtures/metrics/score: no mql_at column, score_at_least 60, no icp, revenue {"2018-10": 5000}.
    // K1 (70) and K2 (60) become MQLs at created_at in October, K4 (90) in November; K3 (59.5) does not.
    const m = await measure('score', '2018-11-07T12:00:00Z');
    expect([m.value('2018-10', 'mql.count'), m.value('2018-11', 'mql.count')]).toEqual([2, 1]);
    // Tier A needs {icp: true}, which is false without an icp: K4 (score 90) is tier B.
    expect(m.value('2018-11', 'mql.count', 'tier', 'B')).toBe(1);
    expect(m.ratio('2018-10', 'quality.icp_fit_pct')).toEqual([null, null, null]);
    // K2 has no phone: complete 1 of 2.
    expect(m.ratio('2018-10', 'quality.complete_pct')).toEqual([1, 2, 50]);
    // The revenue table names October only.
    expect([m.value('2018-10', 'plan.revenue_target'), m.value('2018-11', 'plan.revenue_target')]).toEqual([5000, null]);
    expect(m.details.get('2018-10')!['scorecard.json'].clauses.find((c) => c.id === 'icp_fit')!.status).toBe('no_data');
    m.db.close();
  });
});
