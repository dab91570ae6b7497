import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measure, type Measured } from '../fixtures/metrics/harness.ts';

// tests/fixtures/metrics/plan again (plans in metrics-plan.test.ts, business minutes in
// metrics-volume.test.ts): each stage of the plan beside the period's flow of the same thing.
//
//   period  revenue (won, closed in it)  deals won  SQL events   MQLs (mql_at)  leads created
//   2018-09 D1 1000                      1          P1, P2 → 2   P1–P4 → 4      P1–P5 → 5
//   2018-10 D2 2000                      1          0            P8 → 1         P8 → 1
//   2018-11 D3 9000                      1          0            P6, P7 → 2     P6, P7 → 2
//
// Targets: November 3000 / 2 / 4 / 8 / 10, October 3000 / 3 / 6 / 12 / 15, September 3000 and no
// other (its window is empty). November is open: 1 500 of 9 840 business minutes gone.

let m: Measured;
beforeAll(async () => {
  m = await measure('plan', '2018-11-07T12:00:00Z');
});
afterAll(() => m.db.close());

const lines = (period: string) => m.details.get(period)!['plan-actual.json'].stages;

describe('plan against actual', () => {
  it('sets each target beside the flow of the period that meets it', () => {
    const table = (period: string) => lines(period).map((l) => [l.stage, l.metric, l.target, l.actual]);
    expect(table('2018-11')).toEqual([
      ['revenue', 'outcome.won_revenue', 3000, 9000],
      ['deals_won', 'outcome.won_count', 2, 1],
      ['sqls', 'funnel.flow.sql', 4, 0],
      ['mqls', 'mql.count', 8, 2],
      ['leads', 'funnel.flow.lead', 10, 2],
    ]);
    expect(table('2018-10').map((l) => l.slice(2))).toEqual([[3000, 2000], [3, 1], [6, 0], [12, 1], [15, 1]]);
    expect(table('2018-09').map((l) => l.slice(2))).toEqual([[3000, 1000], [null, 1], [null, 2], [null, 4], [null, 5]]);
  });

  it('gives the % of target and, for the open period, the pace against the business time gone', () => {
    const nov = m.details.get('2018-11')!['plan-actual.json'];
    expect([nov.elapsed_business_minutes, nov.period_business_minutes]).toEqual([1500, 9840]);
    // % of target: 9000/3000, 1/2, 0/4, 2/8, 2/10.
    expect(nov.stages.map((l) => l.pct_of_target)).toEqual([300, 50, 0, 25, 20]);
    // Expected to date = target × 1 500 / 9 840; pacing = actual / that: revenue 9000 × 9840 / (3000 × 1500) = 1 968%,
    // deals 1 × 9840 / (2 × 1500) = 328%, SQLs 0, MQLs 164% (= mql.pacing_pct), leads 2 × 9840 / (10 × 1500) = 131.2%.
    expect(nov.stages[0]!.expected_to_date).toBeCloseTo((3000 * 1500) / 9840, 9);
    expect(nov.stages.map((l) => l.pacing_pct)).toEqual([1968, 328, 0, 164, 131.2]);
    expect(nov.stages[3]!.pacing_pct).toBe(m.value('2018-11', 'mql.pacing_pct'));
  });

  it('paces a closed period at its % of target and says n/a without a target', () => {
    const oct = lines('2018-10');
    expect(oct.map((l) => l.expected_to_date)).toEqual([3000, 3, 6, 12, 15]);
    const pct = [200 / 3, 100 / 3, 0, 100 / 12, 100 / 15];
    oct.forEach((l, i) => {
      expect(l.pct_of_target).toBeCloseTo(pct[i]!, 9);
      expect(l.pacing_pct).toBeCloseTo(pct[i]!, 9);
    });
    const sep = lines('2018-09');
    expect(sep.slice(1).map((l) => [l.pct_of_target, l.expected_to_date, l.pacing_pct])).toEqual(Array(4).fill([null, null, null]));
    expect(sep[0]!.pct_of_target).toBeCloseTo(100 / 3, 9);
  });
});
