import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measure, type Measured } from '../fixtures/metrics/harness.ts';

// tests/fixtures/metrics/plan again, for volume and pacing (see metrics-plan.test.ts for the plan).
// as_of = Wed 2018-11-07 10:00 local. MQLs: September P1–P4, October P8, November P6, P7.
// November business minutes (Mon–Thu 480, Fri 420, Fri 11-02 a holiday): Thu 11-01 480, plus the
// weeks of the 5th, 12th, 19th and 26th at 4 × 480 + 420 = 2 340 each → 480 + 4 × 2 340 = 9 840.
// Elapsed at as_of: Thu 480 + Mon 480 + Tue 480 + Wed 09:00–10:00 60 = 1 500.

let m: Measured;
beforeAll(async () => {
  m = await measure('plan', '2018-11-07T12:00:00Z');
});
afterAll(() => m.db.close());

describe('volume and pacing', () => {
  it('counts handoffs per period and breakdown', () => {
    expect(['2018-09', '2018-10', '2018-11'].map((p) => m.value(p, 'mql.count'))).toEqual([4, 1, 2]);
    // November: P6 paid retail (tier B), P7 organic saas (tier A).
    expect([m.value('2018-11', 'mql.count', 'tier', 'A'), m.value('2018-11', 'mql.count', 'source', 'paid')]).toEqual([1, 1]);
  });

  it('paces the count against the target scaled by the business time gone', () => {
    // Target = plan.mqls_needed: November 8. Pacing = 2 / (8 × 1 500 / 9 840) = 2 × 9 840 / 12 000 = 164%.
    expect(m.value('2018-11', 'mql.target')).toBe(8);
    expect(m.ratio('2018-11', 'mql.pacing_pct')).toEqual([2, 8, 164]);
    expect(m.details.get('2018-11')!['plan.json'].pacing).toEqual({
      elapsed_business_minutes: 1500,
      period_business_minutes: 9840,
      mql_count: 2,
      mql_target: 8,
      pacing_pct: 164,
    });
    // October is over: 1 of a target of 12 → 8.33%.
    expect(m.ratio('2018-10', 'mql.pacing_pct')).toEqual([1, 12, 100 / 12]);
    // September has no target: n/a.
    expect(m.ratio('2018-09', 'mql.pacing_pct')).toEqual([4, null, null]);
  });
});
