import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measure, type Measured } from '../fixtures/metrics/harness.ts';

// tests/fixtures/metrics/acceptance, worked out by hand. acceptance_within = 4 h of business time;
// the decision is the first sal, sql, opportunity or rejected event of the handoff.
// Hours Mon–Thu 09–12 + 13–18; Fri 2018-11-02 a holiday; DST (UTC−3 → UTC−2) on Sun 2018-11-04.
// as_of = Wed 2018-11-07 10:00 local = 12:00Z.
//
//   handoff  mql_at (local)   decision                      business minutes              within 240?
//   C1 A     Mon 10-29 10:00  sal Mon 11:30                 90                            yes
//   C2 B     Mon 10-29 16:00  rejected Tue 11:00 (reason)   120 + 120 = 240               yes (≤)
//   C3 B     Tue 10-30 09:00  sal Tue 15:00                 180 + 120 = 300               no
//   C4 A     Wed 10-31 09:00  sql Wed 10:00 (no sal)        60                            yes
//   C5 B     Thu 11-01 14:00  rejected Mon 11-05 10:00 (no reason)  240 + 60 = 300        no
//   C6 B     Wed 11-07 09:00  none; 60 at as_of             pending (not due)
//   C7 A     Mon 11-05 09:00  none; 480 + 480 + 60 at as_of due, not within
//   C8 B     Tue 11-06 09:00  opportunity (deal created) Tue 10:00   60                   yes

let m: Measured;
beforeAll(async () => {
  m = await measure('acceptance', '2018-11-07T12:00:00Z');
});
afterAll(() => m.db.close());

describe('acceptance', () => {
  it('takes the first decision event and its business time', async () => {
    const rows = await m.db.all<{ handoff_id: string; decision_stage: string | null; acceptance_minutes: number | null; acceptance_due: boolean; accepted_within_sla: boolean }>(
      `SELECT handoff_id, decision_stage, acceptance_minutes, acceptance_due, accepted_within_sla FROM handoffs ORDER BY handoff_id`,
    );
    expect(rows.map((r) => [r.handoff_id, r.decision_stage, r.acceptance_minutes, r.acceptance_due, r.accepted_within_sla])).toEqual([
      ['C1#1', 'sal', 90, true, true],
      ['C2#1', 'rejected', 240, true, true],
      ['C3#1', 'sal', 300, true, false],
      ['C4#1', 'sql', 60, true, true],
      ['C5#1', 'rejected', 300, true, false],
      ['C6#1', null, null, false, false],
      ['C7#1', null, null, true, false],
      ['C8#1', 'opportunity', 60, true, true],
    ]);
  });

  it('measures acceptance within the SLA over due handoffs, and pending ones apart', () => {
    // October: due C1–C4, within C1, C2, C4 → 3/4.
    expect(m.ratio('2018-10', 'acceptance.within_sla_pct')).toEqual([3, 4, 75]);
    // November: due C5, C7, C8 (C6 pending), within C8 → 1/3.
    expect(m.ratio('2018-11', 'acceptance.within_sla_pct')).toEqual([1, 3, 100 / 3]);
    expect(m.value('2018-11', 'acceptance.pending_count')).toBe(1);
    // Tier A in November: C7 only, overdue → 0/1.
    expect(m.ratio('2018-11', 'acceptance.within_sla_pct', 'tier', 'A')).toEqual([0, 1, 0]);
  });

  it('measures rejections over decided handoffs and whether a reason was recorded', () => {
    // October: decided C1–C4, rejected C2 → 1/4; November: decided C5 and C8, rejected C5 → 1/2.
    expect(m.ratio('2018-10', 'acceptance.rejected_pct')).toEqual([1, 4, 25]);
    expect(m.ratio('2018-11', 'acceptance.rejected_pct')).toEqual([1, 2, 50]);
    // C2 gave "Fora do perfil" → 1/1; C5 gave none → 0/1.
    expect(m.ratio('2018-10', 'acceptance.rejection_reason_pct')).toEqual([1, 1, 100]);
    expect(m.ratio('2018-11', 'acceptance.rejection_reason_pct')).toEqual([0, 1, 0]);
    // Tier A decided nothing in November: n/a.
    expect(m.ratio('2018-11', 'acceptance.rejected_pct', 'tier', 'A')).toEqual([0, 0, null]);
  });
});
