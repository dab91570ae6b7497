import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measure, type Measured } from '../fixtures/metrics/harness.ts';

// tests/fixtures/metrics/attempts, worked out by hand. Cadence: call/email/whatsapp outbound count;
// at least 3 attempts in a window of 2 business days, at most 2 a day; connected or replied ends it.
// São Paulo, UTC−3 until Sun 2018-11-04 (then UTC−2); Fri 2018-11-02 is a holiday.
// as_of = Wed 2018-11-07 10:00 local = 12:00Z. Window end = close of business of business day 2.
//
//   handoff  mql_at       window end          attempts (local)                                 in window  notes
//   T1#1     Mon 10-29    Tue 10-30 18:00     Mon 10:10, 15:00, 22:00 (= Tue 01:00Z), Tue 11:00   4        3 on local Monday → too aggressive (2 per UTC day)
//   T2#1     Mon 10-29    Tue 10-30 18:00     Mon 14:30 connected                                 1        ends the cadence → adherent
//   T3#1     Tue 10-30    Wed 10-31 18:00     Tue 09:10, 11:00, 16:00                             3        adherent; 3 on Tuesday → too aggressive
//   T4#1     Tue 10-30    Wed 10-31 18:00     Tue 10:30 no answer; recycled Wed 12:00              1        gave up early (1 < 3, no connection)
//   T5#1     Wed 10-31    Thu 11-01 18:00     Wed 09:30 connected; disqualified Wed 11:00          1        adherent; closed but not giving up
//   T8#1     Mon 10-29    Tue 10-30 18:00     Mon 09:30; recycled Mon 12:00; Wed 10-31 10:00 (still T8#1)  1  gave up early (1 attempt up to closing)
//   T6#1     Thu 11-01    Mon 11-05 18:00     Thu 10:05 email; Thu 15:00 inbound reply             1        the reply ends it → adherent
//   T7#1     Tue 11-06    Wed 11-07 18:00     Tue 09:05, 10:00, (meeting 11:00: not an attempt), 11:30  3  window open at as_of; too aggressive
//   T8#2     Mon 11-05    Tue 11-06 18:00     Mon 09:10 connected                                  1        re-MQL: adherent
// B17 (T8, Mon 08:50) is before T8's first MQL: it belongs to no handoff.

let m: Measured;
beforeAll(async () => {
  m = await measure('attempts', '2018-11-07T12:00:00Z');
});
afterAll(() => m.db.close());

describe('attempt cadence', () => {
  it('attributes attempts to the latest handoff of the lead and counts them in the window', async () => {
    const rows = await m.db.all<{ handoff_id: string; window_end: string; window_ended: boolean; attempts_total: number; attempts_in_window: number; max_attempts_in_a_day: number }>(
      `SELECT handoff_id, strftime(window_end, '%Y-%m-%d %H:%M') AS window_end, window_ended, attempts_total, attempts_in_window, max_attempts_in_a_day
       FROM handoffs ORDER BY handoff_id`,
    );
    expect(rows.map((r) => [r.handoff_id, r.window_end, r.window_ended, r.attempts_total, r.attempts_in_window, r.max_attempts_in_a_day])).toEqual([
      // Tue 18:00 local (UTC−3) = 21:00Z.
      ['T1#1', '2018-10-30 21:00', true, 4, 4, 3],
      ['T2#1', '2018-10-30 21:00', true, 1, 1, 1],
      ['T3#1', '2018-10-31 21:00', true, 3, 3, 3],
      ['T4#1', '2018-10-31 21:00', true, 1, 1, 1],
      ['T5#1', '2018-11-01 21:00', true, 1, 1, 1],
      // Day 1 Thu 11-01, Friday is a holiday, day 2 Mon 11-05: 18:00 local (UTC−2 after DST) = 20:00Z.
      ['T6#1', '2018-11-05 20:00', true, 1, 1, 1],
      // Wed 11-07 18:00 local = 20:00Z, after as_of.
      ['T7#1', '2018-11-07 20:00', false, 3, 3, 3],
      // B18 and B19 (after recycling, before the re-MQL) are T8#1's; only B18 is in its window.
      ['T8#1', '2018-10-30 21:00', true, 2, 1, 1],
      ['T8#2', '2018-11-06 20:00', true, 1, 1, 1],
    ]);
    const attempts = await m.db.one<{ n: number }>(`SELECT CAST(count(*) AS INTEGER) AS n FROM attempts WHERE activity_id IN ('B12', 'B15', 'B17')`);
    // B12 is inbound, B15 a meeting, B17 before T8's first MQL: none is an attempt.
    expect(attempts.n).toBe(0);
  });

  it('measures adherence over handoffs whose window ended', () => {
    // October: T1 (4 ≥ 3), T2 (connected), T3 (3), T5 (connected) adherent; T4 and T8#1 not → 4/6.
    expect(m.ratio('2018-10', 'attempts.adherent_pct')).toEqual([4, 6, (100 * 4) / 6]);
    // November: T6 (reply) and T8#2 (connected); T7's window is still open → 2/2.
    expect(m.ratio('2018-11', 'attempts.adherent_pct')).toEqual([2, 2, 100]);
    // Mean attempts in the window: October (4 + 1 + 3 + 1 + 1 + 1) / 6 = 11/6; November (1 + 1) / 2 = 1.
    expect(m.value('2018-10', 'attempts.mean')).toBeCloseTo(11 / 6, 12);
    expect(m.value('2018-11', 'attempts.mean')).toBe(1);
    // Paid in October: T3 adherent, T4, T8#1 not, T5 adherent → 2/4.
    expect(m.ratio('2018-10', 'attempts.adherent_pct', 'source', 'paid')).toEqual([2, 4, 50]);
  });

  it('flags giving up early and too many attempts a day', () => {
    // Closed in October: T4 (recycled, 1 attempt), T5 (disqualified after a connection), T8#1 (recycled, 1) → 2/3.
    expect(m.ratio('2018-10', 'attempts.gave_up_early_pct')).toEqual([2, 3, (100 * 2) / 3]);
    // Nothing closed in November: n/a, never 0.
    expect(m.ratio('2018-11', 'attempts.gave_up_early_pct')).toEqual([0, 0, null]);
    // Too aggressive: October T1 (3 on local Monday) and T3 of 6 attempted; November T7 of T6, T7, T8#2.
    expect(m.ratio('2018-10', 'attempts.too_aggressive_pct')).toEqual([2, 6, (100 * 2) / 6]);
    expect(m.ratio('2018-11', 'attempts.too_aggressive_pct')).toEqual([1, 3, 100 / 3]);
  });

  it('writes attempts per handoff and the first-touch channel mix', () => {
    // October windows ended: 1 attempt ×4 (T2, T4, T5, T8#1), 3 ×1 (T3), 4 ×1 (T1); every first touch a call.
    expect(m.details.get('2018-10')!['distributions.json'].attempts).toEqual({
      per_handoff: [
        { attempts: 1, handoffs: 4 },
        { attempts: 3, handoffs: 1 },
        { attempts: 4, handoffs: 1 },
      ],
      first_touch: [{ type: 'call', handoffs: 6 }],
    });
    // November: T6 email, T7 and T8#2 calls.
    expect(m.details.get('2018-11')!['distributions.json'].attempts.first_touch).toEqual([
      { type: 'call', handoffs: 2 },
      { type: 'email', handoffs: 1 },
    ]);
  });
});
