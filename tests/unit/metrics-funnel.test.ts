import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measure, type Measured } from '../fixtures/metrics/harness.ts';

// tests/fixtures/metrics/funnel, worked out by hand. Hours Mon–Thu 09–12 + 13–18 (480 business
// minutes a day); Fri 2018-11-02 a holiday; DST on Sun 2018-11-04. maturity_days = 20.
// as_of = Fri 2018-11-30 18:00 local (UTC−2) = 20:00Z.
//
//   lead  mql (local)       later stages
//   F1    Mon 10-29 10:00   sal Mon 14:00, sql Wed 10-31 10:00, deal D1 opportunity Thu 11-01 10:00, won Tue 11-06 10:00
//   F2    Mon 10-29 11:00   sql Tue 10-30 11:00, no sal (stage skipped)
//   F3    Tue 10-30 10:00   sal 10:30, deal D2 opportunity Wed 10-31 09:00, lost Mon 11-05 10:00
//   F4    Tue 10-30 15:00   rejected 16:00
//   F5    Mon 11-05 10:00   sal 11:00
//   F6    created Mon 11-05, never an MQL;  D3: a deal without a lead, won Tue 11-06 (no funnel event)
//
// Business-day position = business days before + share of the day gone:
//   F1 mql Mon 10:00 = M + 60/480 = M + 0.125, sal Mon 14:00 = M + (180 + 60)/480 = M + 0.5 → 0.375 days
//      sql Wed 10:00 = M + 2.125 → 1.625; opportunity Thu 10:00 = M + 3.125 → 1; won Tue 11-06 10:00:
//      Mon 10-29 … Thu 11-01 = M…M+3, (Fri holiday), Mon 11-05 = M+4, Tue = M+5 → M + 5.125 → 2
//   F3 mql Tue 10:00 = M + 1.125, sal 10:30 = M + 1 + 90/480 = M + 1.1875 → 0.0625
//   F5 mql Mon 11-05 10:00 → sal 11:00: 60/480 = 0.125

let m: Measured;
beforeAll(async () => {
  m = await measure('funnel', '2018-11-30T20:00:00Z');
});
afterAll(() => m.db.close());

describe('funnel', () => {
  it('counts events of each stage inside the period (deals without a lead make none)', () => {
    const flow = (period: string) => ['lead', 'mql', 'sal', 'sql', 'opportunity', 'won', 'lost'].map((s) => m.value(period, `funnel.flow.${s}`));
    // October: leads F1–F4, MQLs F1–F4, sal F1 F3, sql F1 F2, opportunity D2 (10-31).
    expect(flow('2018-10')).toEqual([4, 4, 2, 2, 1, 0, 0]);
    // November: leads F5 F6, MQL F5, sal F5, opportunity D1 (11-01), won D1 (D3 has no lead), lost D2.
    expect(flow('2018-11')).toEqual([2, 1, 1, 0, 1, 1, 1]);
    // By the lead's source: October paid leads F2, F3.
    expect(m.value('2018-10', 'funnel.flow.lead', 'source', 'paid')).toBe(2);
  });

  it('follows each cohort to the stages it reached by as_of, later stages implying earlier ones', () => {
    // October handoffs F1–F4. sal: F1, F2 (its sql implies sal), F3 → 3/4; sql: F1, F2, F3 (its
    // opportunity implies sql) → 3/4; opportunity: F1, F3 → 2/4; won: F1 → 1/4.
    expect(m.ratio('2018-10', 'funnel.cohort.sal_pct')).toEqual([3, 4, 75]);
    expect(m.ratio('2018-10', 'funnel.cohort.sql_pct')).toEqual([3, 4, 75]);
    expect(m.ratio('2018-10', 'funnel.cohort.opportunity_pct')).toEqual([2, 4, 50]);
    expect(m.ratio('2018-10', 'funnel.cohort.won_pct')).toEqual([1, 4, 25]);
    // Tier B (not saas): F2, F3, F4 → sal 2/3.
    expect(m.ratio('2018-10', 'funnel.cohort.sal_pct', 'tier', 'B')).toEqual([2, 3, (100 * 2) / 3]);
    // November: F5 reached sal only.
    expect(m.ratio('2018-11', 'funnel.cohort.sal_pct')).toEqual([1, 1, 100]);
    expect(m.ratio('2018-11', 'funnel.cohort.won_pct')).toEqual([0, 1, 0]);
  });

  it('states each cohort age and maturity', () => {
    // October ended 2018-11-01; as_of's local date 2018-11-30 → 29 days ≥ 20: mature. November is open: 0, immature.
    expect([m.value('2018-10', 'funnel.cohort.age_days'), m.value('2018-10', 'funnel.cohort.mature')]).toEqual([29, 1]);
    expect([m.value('2018-11', 'funnel.cohort.age_days'), m.value('2018-11', 'funnel.cohort.mature')]).toEqual([0, 0]);
    expect(m.details.get('2018-10')!['funnel.json'].cohort).toEqual({
      age_days: 29,
      mature: true,
      maturity_days: 20,
      handoffs: 4,
      reached: { sal: 3, sql: 3, opportunity: 2, won: 1 },
    });
  });

  it('takes the median business days between consecutive stages that both happened', () => {
    // mql→sal: F1 0.375, F3 0.0625 → median 0.21875; F2 skipped sal and counts in neither pair.
    expect(m.value('2018-10', 'funnel.velocity.mql_sal_days')).toBeCloseTo(0.21875, 9);
    expect(m.value('2018-10', 'funnel.velocity.sal_sql_days')).toBeCloseTo(1.625, 9);
    expect(m.value('2018-10', 'funnel.velocity.sql_opportunity_days')).toBeCloseTo(1, 9);
    // Across the holiday, the weekend and DST: exactly 2 business days.
    expect(m.value('2018-10', 'funnel.velocity.opportunity_won_days')).toBeCloseTo(2, 9);
    expect(m.value('2018-11', 'funnel.velocity.mql_sal_days')).toBeCloseTo(0.125, 9);
    expect(m.value('2018-11', 'funnel.velocity.sal_sql_days')).toBeNull();
    expect(m.details.get('2018-10')!['funnel.json'].velocity.map((v) => v.handoffs)).toEqual([2, 1, 1, 1]);
  });
});
