import { describe, expect, it } from 'vitest';
import { periodOf, periodsBetween } from '../../pipeline/model/periods.ts';

describe('periods', () => {
  it('names months, quarters and ISO weeks', () => {
    expect(periodOf('month', '2026-10-31')).toEqual({ key: '2026-10', kind: 'month', startsOn: '2026-10-01', endsBefore: '2026-11-01' });
    expect(periodOf('quarter', '2026-11-15')).toEqual({ key: '2026-Q4', kind: 'quarter', startsOn: '2026-10-01', endsBefore: '2027-01-01' });
    // 2026-10-22 is a Thursday; ISO week 1 of 2026 starts Monday 2025-12-29, so 22/10 is in week 43.
    expect(periodOf('week', '2026-10-22')).toEqual({ key: '2026-W43', kind: 'week', startsOn: '2026-10-19', endsBefore: '2026-10-26' });
    // 2027-01-01 is a Friday: its week's Thursday is 2026-12-31, so it is week 53 of 2026.
    expect(periodOf('week', '2027-01-01').key).toBe('2026-W53');
    // 2025-12-29 (Monday) belongs to 2026-W01, because that week's Thursday is 2026-01-01.
    expect(periodOf('week', '2025-12-29').key).toBe('2026-W01');
  });
  it('lists every period between two days, inclusive', () => {
    expect(periodsBetween('month', '2025-11-20', '2026-02-01').map((p) => p.key)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(periodsBetween('quarter', '2026-03-31', '2026-04-01').map((p) => p.key)).toEqual(['2026-Q1', '2026-Q2']);
    expect(periodsBetween('week', '2026-10-18', '2026-10-19').map((p) => p.key)).toEqual(['2026-W42', '2026-W43']);
  });
});
