import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measure, type Measured } from '../fixtures/metrics/harness.ts';

// tests/fixtures/metrics/speed, worked out by hand. São Paulo, 2018: UTC−3 until the DST jump on
// Sunday 2018-11-04 00:00 → 01:00, UTC−2 after. Hours Mon–Thu 09–12 + 13–18 (480 min), Fri 09–12 +
// 13–17; Friday 2018-11-02 is a holiday. Tier A (segment saas) responds within 30 min, B within 2 h.
// as_of = Wed 2018-11-07 10:00 local = 12:00Z.
//
//   handoff  mql_at (local)           first attempt        business minutes                         verdict
//   S1#1 A   Mon 10-29 10:00          Mon 10:20 (A2)       20 (A1 at 09:50 is before mql_at: no handoff)  within
//   S2#1 B   Mon 10-29 19:30 (closed) Tue 10:30 (A4)       clock starts Tue 09:00 → 90 (A3 is inbound)   within
//   S5#1 A   Tue 10-30 11:50          Tue 13:15 (A7)       10 before lunch + 15 after = 25 (naive: 85)  within
//   S8#1 B   Mon 10-29 09:30          Mon 09:40 (A8)       10                                            within
//   S3#1 A   Sat 11-03 11:00 (weekend) Mon 11-05 09:45     clock starts Mon 09:00 → 45 > 30              breach
//   S4#1 B   Thu 11-01 17:30          Mon 11-05 10:30      Thu 30 + (Fri holiday, weekend, DST) Mon 90 = 120 = 2 h  within (≤)
//   S6#1 B   Wed 11-07 09:30          none                 30 at as_of < 120                             pending
//   S7#1 B   Mon 11-05 14:00          none                 240 + 480 + 60 = 780 at as_of ≥ 120          due, not contacted
//   S8#2 B   Tue 11-06 09:00 (re-MQL after recycling on 10-30)  Tue 11:30 (A10)  150 > 120             breach
// A9 (Wed 10-31, after S8's recycling, before its re-MQL) belongs to S8#1: S8#1 has 2 attempts, S8#2 has 1.

let m: Measured;
beforeAll(async () => {
  m = await measure('speed', '2018-11-07T12:00:00Z');
});
afterAll(() => m.db.close());

describe('speed to lead', () => {
  it('starts clocks at the next opening and finds deadlines across lunch, weekend, holiday and DST', async () => {
    const rows = await m.db.all<{ handoff_id: string; clock_start: string; response_deadline: string; first_attempt_at: string | null; response_minutes: number | null; attempts_total: number }>(
      `SELECT handoff_id, strftime(clock_start, '%Y-%m-%d %H:%M') AS clock_start, strftime(response_deadline, '%Y-%m-%d %H:%M') AS response_deadline,
              strftime(first_attempt_at, '%Y-%m-%d %H:%M') AS first_attempt_at, response_minutes, attempts_total
       FROM handoffs ORDER BY handoff_id`,
    );
    expect(rows).toEqual([
      // 10:00 local = 13:00Z; deadline 10:30 = 13:30Z; first attempt 10:20 = 13:20Z.
      { handoff_id: 'S1#1', clock_start: '2018-10-29 13:00', response_deadline: '2018-10-29 13:30', first_attempt_at: '2018-10-29 13:20', response_minutes: 20, attempts_total: 1 },
      // Tue 09:00 local = 12:00Z; deadline Tue 11:00 = 14:00Z.
      { handoff_id: 'S2#1', clock_start: '2018-10-30 12:00', response_deadline: '2018-10-30 14:00', first_attempt_at: '2018-10-30 13:30', response_minutes: 90, attempts_total: 1 },
      // After the DST jump Mon 09:00 local = 11:00Z.
      { handoff_id: 'S3#1', clock_start: '2018-11-05 11:00', response_deadline: '2018-11-05 11:30', first_attempt_at: '2018-11-05 11:45', response_minutes: 45, attempts_total: 1 },
      // Thu 17:30 local = 20:30Z; deadline Mon 10:30 local (UTC−2) = 12:30Z.
      { handoff_id: 'S4#1', clock_start: '2018-11-01 20:30', response_deadline: '2018-11-05 12:30', first_attempt_at: '2018-11-05 12:30', response_minutes: 120, attempts_total: 1 },
      // 11:50 + 10 min to lunch, 20 after it: deadline 13:20 local = 16:20Z.
      { handoff_id: 'S5#1', clock_start: '2018-10-30 14:50', response_deadline: '2018-10-30 16:20', first_attempt_at: '2018-10-30 16:15', response_minutes: 25, attempts_total: 1 },
      { handoff_id: 'S6#1', clock_start: '2018-11-07 11:30', response_deadline: '2018-11-07 13:30', first_attempt_at: null, response_minutes: null, attempts_total: 0 },
      { handoff_id: 'S7#1', clock_start: '2018-11-05 16:00', response_deadline: '2018-11-05 18:00', first_attempt_at: null, response_minutes: null, attempts_total: 0 },
      { handoff_id: 'S8#1', clock_start: '2018-10-29 12:30', response_deadline: '2018-10-29 14:30', first_attempt_at: '2018-10-29 12:40', response_minutes: 10, attempts_total: 2 },
      { handoff_id: 'S8#2', clock_start: '2018-11-06 11:00', response_deadline: '2018-11-06 13:00', first_attempt_at: '2018-11-06 13:30', response_minutes: 150, attempts_total: 1 },
    ]);
  });

  it('counts due, within, not contacted and pending handoffs per period', () => {
    // October: S1, S2, S5, S8#1 all due and within → 4/4; none uncontacted, none pending.
    expect(m.ratio('2018-10', 'speed.within_sla_pct')).toEqual([4, 4, 100]);
    expect(m.ratio('2018-10', 'speed.not_contacted_pct')).toEqual([0, 4, 0]);
    expect(m.value('2018-10', 'speed.pending_count')).toBe(0);
    // November: due S3, S4, S7, S8#2 (S6 pending); within only S4 → 1/4 = 25%; S7 uncontacted → 1/4.
    expect(m.ratio('2018-11', 'speed.within_sla_pct')).toEqual([1, 4, 25]);
    expect(m.ratio('2018-11', 'speed.not_contacted_pct')).toEqual([1, 4, 25]);
    expect(m.value('2018-11', 'speed.pending_count')).toBe(1);
  });

  it('takes linear-interpolated quantiles over contacted handoffs', () => {
    // October minutes sorted [10, 20, 25, 90]: median (20 + 25) / 2 = 22.5; p90 at position 3 × 0.9 = 2.7:
    // 25 + 0.7 × (90 − 25) = 70.5.
    expect(m.value('2018-10', 'speed.median_minutes')).toBe(22.5);
    expect(m.value('2018-10', 'speed.p90_minutes')).toBeCloseTo(70.5, 9);
    // November [45, 120, 150]: median 120; p90 at 2 × 0.9 = 1.8: 120 + 0.8 × 30 = 144.
    expect(m.value('2018-11', 'speed.median_minutes')).toBe(120);
    expect(m.value('2018-11', 'speed.p90_minutes')).toBeCloseTo(144, 9);
  });

  it('breaks down by tier, source and owner, with n/a where nothing is due', () => {
    // November tier A: S3 (breach) → 0/1; tier B: S4 within, S7 and S8#2 not; S6 pending → 1/3.
    expect(m.ratio('2018-11', 'speed.within_sla_pct', 'tier', 'A')).toEqual([0, 1, 0]);
    expect(m.ratio('2018-11', 'speed.within_sla_pct', 'tier', 'B')).toEqual([1, 3, 100 / 3]);
    expect(m.value('2018-11', 'speed.pending_count', 'tier', 'B')).toBe(1);
    // Paid: S3, S6, S7 → due S3 and S7, none within; organic: S4, S8#2 → 1/2.
    expect(m.ratio('2018-11', 'speed.within_sla_pct', 'source', 'paid')).toEqual([0, 2, 0]);
    expect(m.ratio('2018-11', 'speed.not_contacted_pct', 'source', 'paid')).toEqual([1, 2, 50]);
    expect(m.ratio('2018-11', 'speed.within_sla_pct', 'source', 'organic')).toEqual([1, 2, 50]);
    // S7 has no owner: its own segment, never contacted, so no speed quantile.
    expect(m.ratio('2018-11', 'speed.not_contacted_pct', 'owner', '(none)')).toEqual([1, 1, 100]);
    expect(m.value('2018-11', 'speed.median_minutes', 'owner', '(none)')).toBeNull();
    // October tier B minutes [10, 90]: median 50.
    expect(m.value('2018-10', 'speed.median_minutes', 'tier', 'B')).toBe(50);
  });

  it('writes the speed distribution per tier for histograms and ECDFs', () => {
    const groups = m.details.get('2018-11')!['distributions.json'].speed.groups;
    // Bins [0,5) [5,15) [15,30) [30,60) [60,120) [120,240) …: 45 → bin 3; 120 and 150 → bin 5.
    expect(groups.map((g) => [g.tier, g.due, g.within_sla, g.contacted, g.histogram.slice(0, 7)])).toEqual([
      ['all', 4, 1, 3, [0, 0, 0, 1, 0, 2, 0]],
      ['A', 1, 0, 1, [0, 0, 0, 1, 0, 0, 0]],
      ['B', 3, 1, 2, [0, 0, 0, 0, 0, 2, 0]],
    ]);
    // ECDF of all: q0 = 45, q50 = 120, q100 = 150.
    const all = groups[0]!.quantiles;
    expect([all.length, all[0], all[50], all[100]]).toEqual([101, 45, 120, 150]);
  });
});
