import { describe, expect, it } from 'vitest';
import { ceilDivide, fromDecimal, ratio } from '../../pipeline/metrics/fraction.ts';
import { measure } from '../fixtures/metrics/harness.ts';

// tests/fixtures/metrics/plan, worked out by hand. Revenue target 3000 a month; trailing window =
// the 2 months before the planned one; maturity 10 days. as_of = Wed 2018-11-07 10:00 local
// (12:00Z): September (ended 10-01, 37 days) is mature, October (ended 11-01, 6 days) is not.
//
//   September leads P1–P5, MQLs P1–P4 → lead_mql 4/5
//   September handoffs P1–P4: sal P1 P2 P3 → mql_sal 3/4; sql P1 P2 → sal_sql 2/3; won P1 (D1) → sql_won 1/2
//   won deals: D1 (P1) 1000 closed 09-28; D2 (no lead) 2000 closed 10-10; D3 (no lead) 9000 closed 11-05
//
// November plan: window [2018-09, 2018-10], mature [2018-09]. Ticket = (1000 + 2000) / 2 = 1500.
//   deals = ceil(3000 / 1500) = 2; SQLs = ceil(2 / (1/2)) = 4; MQLs = ceil(4 / (3/4 × 2/3 = 1/2)) = 8;
//   leads = ceil(8 / (4/5)) = 10.
// October plan: window [2018-08, 2018-09], both mature; ticket = D1 = 1000 → 3, 6, 12, 15.
// September plan: window [2018-07, 2018-08] is empty: no ticket, no rates, nothing computable.

describe('reverse-funnel plan', () => {
  it('measures the ticket and pooled rates on the trailing window and works back from the target', async () => {
    const m = await measure('plan', '2018-11-07T12:00:00Z');
    const plan = (p: string) => ['avg_ticket', 'deals_needed', 'sqls_needed', 'mqls_needed', 'leads_needed'].map((x) => m.value(p, `plan.${x}`));
    expect(plan('2018-11')).toEqual([1500, 2, 4, 8, 10]);
    expect(plan('2018-10')).toEqual([1000, 3, 6, 12, 15]);
    expect(plan('2018-09')).toEqual([null, null, null, null, null]);
    expect(['lead_mql', 'mql_sal', 'sal_sql', 'sql_won'].map((r) => m.ratio('2018-11', `plan.rate.${r}`))).toEqual([
      [4, 5, 0.8],
      [3, 4, 0.75],
      [2, 3, 2 / 3],
      [1, 2, 0.5],
    ]);
    expect(m.ratio('2018-09', 'plan.rate.sql_won')).toEqual([0, 0, null]);
    const file = m.details.get('2018-11')!['plan.json'];
    expect(file.window).toEqual({ periods: ['2018-09', '2018-10'], mature_periods: ['2018-09'] });
    expect(file.inputs.avg_ticket).toEqual({ value: 1500, source: 'measured', won_deals: 2, revenue: 3000 });
    m.db.close();
  });

  it('tabulates each input ±10%', async () => {
    const m = await measure('plan', '2018-11-07T12:00:00Z');
    const rows = m.details.get('2018-11')!['plan.json'].sensitivity.map((s) => [s.input, s.change_pct, s.results.deals_needed, s.results.sqls_needed, s.results.mqls_needed, s.results.leads_needed]);
    expect(rows).toEqual([
      // ticket 1350: ceil(3000/1350 = 2.22) = 3 deals → 6 → 12 → 15; ticket 1650: ceil(1.82) = 2 → 4 → 8 → 10
      ['avg_ticket', -10, 3, 6, 12, 15],
      ['avg_ticket', 10, 2, 4, 8, 10],
      // lead_mql 0.72: ceil(8/0.72 = 11.1) = 12; 0.88: ceil(9.09) = 10
      ['lead_mql', -10, 2, 4, 8, 12],
      ['lead_mql', 10, 2, 4, 8, 10],
      // mql_sal 0.675: ceil(4/(0.675 × 2/3 = 0.45) = 8.9) = 9, leads ceil(9/0.8 = 11.25) = 12; 0.825: 4/0.55 = 7.3 → 8
      ['mql_sal', -10, 2, 4, 9, 12],
      ['mql_sal', 10, 2, 4, 8, 10],
      ['sal_sql', -10, 2, 4, 9, 12],
      ['sal_sql', 10, 2, 4, 8, 10],
      // sql_won 0.45: ceil(2/0.45 = 4.4) = 5 SQLs → 10 MQLs → ceil(12.5) = 13 leads; 0.55: ceil(3.6) = 4
      ['sql_won', -10, 2, 5, 10, 13],
      ['sql_won', 10, 2, 4, 8, 10],
    ]);
    m.db.close();
  });

  it('uses the contract overrides, with exact arithmetic', async () => {
    // avg_ticket 1000, lead_mql 0.95, sql_won 0.3: deals 3; SQLs = 3 / 0.3 = exactly 10 (binary floating
    // point says 10.000000000000002, which would round up to 11); MQLs = ceil(10 / (1/2)) = 20;
    // leads = ceil(20 / 0.95 = 21.05) = 22.
    const m = await measure('plan', '2018-11-07T12:00:00Z', 'sla-overrides.yaml');
    expect(['avg_ticket', 'deals_needed', 'sqls_needed', 'mqls_needed', 'leads_needed'].map((x) => m.value('2018-11', `plan.${x}`))).toEqual([1000, 3, 10, 20, 22]);
    expect(m.ratio('2018-11', 'plan.rate.sql_won')).toEqual([null, null, 0.3]);
    const file = m.details.get('2018-11')!['plan.json'];
    expect(file.inputs.rates.sql_won.source).toBe('override');
    // lead_mql + 10% = 1.045 is capped at 1: 20 leads.
    expect(file.sensitivity.find((s) => s.input === 'lead_mql' && s.change_pct === 10)).toMatchObject({ value: 1, results: { leads_needed: 20 } });
    m.db.close();
  });

  it('grows the previous period’s won revenue for a growth target', async () => {
    // growth_pct 50: November = October's won revenue (D2, 2000) × 1.5 = 3000; October = September's (1000) × 1.5 = 1500.
    const m = await measure('plan', '2018-11-07T12:00:00Z', 'sla-growth.yaml');
    expect([m.value('2018-11', 'plan.revenue_target'), m.value('2018-10', 'plan.revenue_target')]).toEqual([3000, 1500]);
    // October: ceil(1500 / 1000) = 2 deals → 4 → 8 → 10.
    expect(m.value('2018-10', 'plan.leads_needed')).toBe(10);
    m.db.close();
  });

  it('divides fractions exactly', () => {
    expect(ceilDivide(ratio(3, 1), fromDecimal(0.3))).toBe(10);
    expect(ceilDivide(ratio(31, 1), fromDecimal(0.3))).toBe(104);
    expect(fromDecimal(1.5e-7)).toEqual({ n: 15n, d: 100000000n });
    expect(ceilDivide(ratio(1, 1), ratio(0, 1))).toBeNull();
  });
});
