import { describe, expect, it } from 'vitest';
import { periodRevenueTarget, monthShares } from '../../pipeline/metrics/revenue-target.ts';
import { periodOf } from '../../pipeline/model/periods.ts';

// Mon–Fri business days; 2026-11-02 (Finados, a Monday) a holiday where said.
const weekdays = (date: string) => {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d !== 0 && d !== 6;
};
const withFinados = (date: string) => weekdays(date) && date !== '2026-11-02';

describe('targets.revenue follows the period kind', () => {
  it('reads a monthly contract exactly as before: the figure, or its month’s entry', () => {
    expect(periodRevenueTarget(600000, periodOf('month', '2026-10-15'), weekdays)).toEqual({ value: 600000, source: 'contract' });
    expect(periodRevenueTarget({ '2026-10': 650000 }, periodOf('month', '2026-10-15'), weekdays)).toEqual({ value: 650000, source: 'table' });
    expect(periodRevenueTarget({ '2026-10': 650000 }, periodOf('month', '2026-11-15'), weekdays)).toEqual({ value: null, source: 'none' });
    expect(periodRevenueTarget(null, periodOf('month', '2026-10-15'), weekdays).value).toBeNull();
  });

  it('spreads a month over a week inside it by business days', () => {
    // W42 2026 = Mon 12/10 … Sun 18/10: 5 of October's 22 weekdays → 600000 × 5/22 = 136363.636… → 136363.64.
    const w42 = periodOf('week', '2026-10-14');
    expect(w42.key).toBe('2026-W42');
    expect(monthShares(w42, weekdays)).toEqual([{ month: '2026-10', inPeriod: 5, inMonth: 22 }]);
    expect(periodRevenueTarget(600000, w42, weekdays)).toEqual({ value: 136363.64, source: 'contract' });
  });

  it('gives a week spanning two months each month’s share by its business days in that month', () => {
    // W44 2026 = Mon 26/10 … Sun 01/11: 26–30 Oct are 5 of October's 22 weekdays; 1 Nov is a Sunday.
    const w44 = periodOf('week', '2026-10-28');
    expect(monthShares(w44, weekdays)).toEqual([
      { month: '2026-10', inPeriod: 5, inMonth: 22 },
      { month: '2026-11', inPeriod: 0, inMonth: 21 },
    ]);
    // W45 = Mon 02/11 … Sun 08/11 with Finados: 4 of November's 20 business days → 600000 × 4/20 = 120000.
    expect(periodRevenueTarget(600000, periodOf('week', '2026-11-04'), withFinados)).toEqual({ value: 120000, source: 'contract' });
    // W49 2025 = Mon 01/12 … Sun 07/12 — and W01 2026 = Mon 29/12/2025 … Sun 04/01/2026 spans two months and two years:
    // 29–31 Dec are 3 of December 2025's 23 weekdays, 1–2 Jan are 2 of January 2026's 22:
    // 500000 × 3/23 + 440000 × 2/22 = 65217.391… + 40000 = 105217.39.
    const w01 = periodOf('week', '2025-12-30');
    expect(w01.key).toBe('2026-W01');
    expect(periodRevenueTarget({ '2025-12': 500000, '2026-01': 440000 }, w01, weekdays)).toEqual({ value: 105217.39, source: 'table' });
    // A month the week needs missing from the table: no target rather than half of one.
    expect(periodRevenueTarget({ '2026-01': 440000 }, w01, weekdays)).toEqual({ value: null, source: 'none' });
  });

  it('sums a quarter’s months, and lets an entry keyed by the period itself win', () => {
    expect(periodRevenueTarget(600000, periodOf('quarter', '2026-11-15'), weekdays)).toEqual({ value: 1800000, source: 'contract' });
    expect(periodRevenueTarget({ '2026-10': 600000, '2026-11': 500000, '2026-12': 400000 }, periodOf('quarter', '2026-11-15'), weekdays).value).toBe(1500000);
    expect(periodRevenueTarget({ '2026-10': 600000, '2026-11': 500000 }, periodOf('quarter', '2026-11-15'), weekdays).value).toBeNull();
    expect(periodRevenueTarget({ '2026-Q4': 2000000, '2026-10': 1 }, periodOf('quarter', '2026-11-15'), weekdays).value).toBe(2000000);
    expect(periodRevenueTarget({ '2026-W44': 90000 }, periodOf('week', '2026-10-28'), weekdays)).toEqual({ value: 90000, source: 'table' });
  });
});
