import { describe, expect, it } from 'vitest';
import { parseContract } from '../../pipeline/contract/load.ts';
import type { Decision, Meeting } from '../../pipeline/schemas/meetings.ts';
import { contractVersions } from '../../site/lib/contract-history.ts';
import { decisionStatus, producedVersion } from '../../site/views/decisions.ts';

function contract(text: string) {
  const parsed = parseContract(text);
  if (!('contract' in parsed)) throw new Error(JSON.stringify(parsed.problems));
  return parsed.contract;
}

const decision = (change?: Decision['change']): Decision => ({ text: 'x', owner: 'y', due: '2026-10-20', moves: { kind: 'clause', id: 'acceptance_within_sla' }, ...(change ? { change } : {}) });

describe('a meeting’s decisions on the site', () => {
  it('is done or dropped as written, else due until its day has passed, then overdue', () => {
    expect(decisionStatus({ due: '2026-10-20' }, '2026-10-20')).toBe('due');
    expect(decisionStatus({ due: '2026-10-20' }, '2026-10-21')).toBe('overdue');
    expect(decisionStatus({ due: '2026-10-20', status: 'done' }, '2026-12-01')).toBe('done');
    expect(decisionStatus({ due: '2026-10-20', status: 'dropped' }, '2026-10-01')).toBe('dropped');
  });

  it('links a proposed setting to the first later version that took the proposed value', () => {
    // v1: 2026-08 and 2026-09 at 90%; v2 (2026-10) changes the acceptance window to 6h only; v3 (2026-11) promises 85% and keeps 6h.
    const v1 = contract('');
    const v2 = contract('acceptance_within: 6h\n');
    const v3 = contract('acceptance_within: 6h\nscorecard: {acceptance_within_sla: {promised: 85, at_risk: 75}}\n');
    const periods = [
      { period: '2026-08', manifest: { contract: { sha256: 'a' } }, contract: v1 },
      { period: '2026-09', manifest: { contract: { sha256: 'a' } }, contract: v1 },
      { period: '2026-10', manifest: { contract: { sha256: 'b' } }, contract: v2 },
      { period: '2026-11', manifest: { contract: { sha256: 'c' } }, contract: v3 },
    ];
    const versions = contractVersions(periods);
    const keys = periods.map((p) => p.period);
    const meeting = (period: string): Meeting => ({ period, decisions: [] });
    const promise = decision({ setting: 'scorecard.acceptance_within_sla.promised', to: 85 });
    expect(producedVersion(versions, keys, meeting('2026-09'), promise)?.number).toBe(3);
    // A duration is compared resolved: "6h" is the 360 minutes the contract holds.
    expect(producedVersion(versions, keys, meeting('2026-09'), decision({ setting: 'acceptance_within', to: '6h' }))?.number).toBe(2);
    // Only versions after the meeting's period count; words and no change link to none.
    expect(producedVersion(versions, keys, meeting('2026-11'), promise)).toBeUndefined();
    expect(producedVersion(versions, keys, meeting('2026-09'), decision({ text: 'a better form' }))).toBeUndefined();
    expect(producedVersion(versions, keys, meeting('2026-09'), decision())).toBeUndefined();
  });
});
