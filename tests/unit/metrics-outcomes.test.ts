import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measure, type Measured } from '../fixtures/metrics/harness.ts';

// tests/fixtures/metrics/outcomes, worked out by hand. as_of = Wed 2018-11-07 18:00 local = 20:00Z.
//   O1 MQL 10-29, recycled 10-30 ("Timing"), MQL again 11-05 → O1#2 returned (nurture brought it back)
//   O2 MQL 10-29, disqualified 10-31 ("Sem fit")
//   O3 MQL 10-30, rejected 10-30 ("Fora do perfil"), recycled 11-06 (no reason)
//   O4 MQL 11-01, rejected 11-05 ("Duplicado")
//   deals (closed_at decides the period):
//     D1 O1 won 10-31 1000.50 (owner Rita) · D2 no lead, won 11-06 2499.25 (Rita) · D3 O3 lost 11-07 "Preço"
//     D4 O4 lost 11-08: after as_of, ignored · D5 O2 won 11-07 500 (no deal owner: the lead's, Bia)

let m: Measured;
beforeAll(async () => {
  m = await measure('outcomes', '2018-11-07T20:00:00Z');
});
afterAll(() => m.db.close());

describe('outcomes', () => {
  it('counts deals won and lost by closing period, with or without a lead', () => {
    // October: D1 → 1 won, 1000.50, mean 1000.50; nothing lost.
    expect(['won_count', 'won_revenue', 'avg_ticket', 'lost_count'].map((x) => m.value('2018-10', `outcome.${x}`))).toEqual([1, 1000.5, 1000.5, 0]);
    // November: D2 + D5 → 2 won, 2499.25 + 500 = 2999.25, mean 1499.625; D3 lost (D4 closes after as_of).
    expect(['won_count', 'won_revenue', 'avg_ticket', 'lost_count'].map((x) => m.value('2018-11', `outcome.${x}`))).toEqual([2, 2999.25, 1499.625, 1]);
    // The deal without a lead has no source; D5 counts for its lead's owner.
    expect(m.value('2018-11', 'outcome.won_revenue', 'source', '(none)')).toBe(2499.25);
    expect(m.value('2018-11', 'outcome.won_count', 'owner', 'Bia')).toBe(1);
  });

  it('counts recycled, disqualified and rejected events and returning handoffs', () => {
    // October: recycled O1, disqualified O2, rejected O3; no handoff came back.
    expect(['recycled_count', 'disqualified_count', 'rejected_count', 'returned_count'].map((x) => m.value('2018-10', `outcome.${x}`))).toEqual([1, 1, 1, 0]);
    // November: recycled O3, rejected O4; O1#2 returned.
    expect(['recycled_count', 'disqualified_count', 'rejected_count', 'returned_count'].map((x) => m.value('2018-11', `outcome.${x}`))).toEqual([1, 0, 1, 1]);
    expect(m.value('2018-11', 'outcome.returned_count', 'tier', 'A')).toBe(1);
  });

  it('lists the reasons of each period, a missing reason as null', () => {
    expect(m.details.get('2018-10')!['reasons.json']).toEqual({
      period: '2018-10',
      rejected: [{ reason: 'Fora do perfil', count: 1 }],
      lost: [],
      recycled: [{ reason: 'Timing', count: 1 }],
      disqualified: [{ reason: 'Sem fit', count: 1 }],
    });
    expect(m.details.get('2018-11')!['reasons.json']).toEqual({
      period: '2018-11',
      rejected: [{ reason: 'Duplicado', count: 1 }],
      lost: [{ reason: 'Preço', count: 1 }],
      recycled: [{ reason: null, count: 1 }],
      disqualified: [],
    });
  });
});
