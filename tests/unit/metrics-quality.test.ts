import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measure, type Measured } from '../fixtures/metrics/harness.ts';

// tests/fixtures/metrics/quality, worked out by hand. handoff_fields = [name, phone]; ICP =
// segment in [saas] and the extra column Employees ≥ 50 (read from the lead's attributes).
// Tier A = ICP. Six MQLs on Mon 2018-10-29; as_of = 2018-11-07 12:00Z, so November exists, empty.
//
//   lead  name   phone  segment   Employees  complete  missing       ICP
//   Q1    Ana    1      saas      80         yes       —             yes
//   Q2    Bia    —      SaaS      20         no        phone         no (20 < 50)
//   Q3    —      —      retail    100        no        name, phone   no (segment)
//   Q4    "  "   2      saas      —          no        name (blank)  no (no Employees)
//   Q5    Edu    3      " saas "  50         yes       —             yes (trimmed; 50 ≥ 50)
//   Q6    Fabi   4      fintech   500        yes       —             no (segment)

let m: Measured;
beforeAll(async () => {
  m = await measure('quality', '2018-11-07T12:00:00Z');
});
afterAll(() => m.db.close());

describe('handoff quality', () => {
  it('judges each handoff once, at mql_at, from its lead', async () => {
    const rows = await m.db.all<{ handoff_id: string; tier: string; icp_fit: boolean; complete: boolean; missing_fields: string[] }>(
      'SELECT handoff_id, tier, icp_fit, complete, missing_fields FROM handoffs ORDER BY handoff_id',
    );
    expect(rows.map((r) => [r.handoff_id, r.tier, r.icp_fit, r.complete, r.missing_fields])).toEqual([
      ['Q1#1', 'A', true, true, []],
      ['Q2#1', 'B', false, false, ['phone']],
      ['Q3#1', 'B', false, false, ['name', 'phone']],
      ['Q4#1', 'B', false, false, ['name']],
      ['Q5#1', 'A', true, true, []],
      ['Q6#1', 'B', false, true, []],
    ]);
  });

  it('measures completeness, each missing field and ICP fit over the period handoffs', () => {
    // complete Q1, Q5, Q6 → 3/6; name missing Q3, Q4 → 2/6; phone missing Q2, Q3 → 2/6; ICP Q1, Q5 → 2/6.
    expect(m.ratio('2018-10', 'quality.complete_pct')).toEqual([3, 6, 50]);
    expect(m.ratio('2018-10', 'quality.missing_pct.name')).toEqual([2, 6, 100 / 3]);
    expect(m.ratio('2018-10', 'quality.missing_pct.phone')).toEqual([2, 6, 100 / 3]);
    expect(m.ratio('2018-10', 'quality.icp_fit_pct')).toEqual([2, 6, 100 / 3]);
    // Tier B (Q2, Q3, Q4, Q6): complete Q6 → 1/4; paid (Q2, Q3, Q6): phone missing Q2, Q3 → 2/3.
    expect(m.ratio('2018-10', 'quality.complete_pct', 'tier', 'B')).toEqual([1, 4, 25]);
    expect(m.ratio('2018-10', 'quality.missing_pct.phone', 'source', 'paid')).toEqual([2, 3, (100 * 2) / 3]);
  });

  it('gives n/a, never 0, for a period without handoffs', () => {
    expect(m.ratio('2018-11', 'quality.complete_pct')).toEqual([0, 0, null]);
    expect(m.ratio('2018-11', 'quality.icp_fit_pct')).toEqual([0, 0, null]);
    expect(m.value('2018-11', 'mql.count')).toBe(0);
  });
});
