import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parseContract } from '../../pipeline/contract/load.ts';
import type { Decision, Meeting } from '../../pipeline/schemas/meetings.ts';
import { contractVersions } from '../../site/lib/contract-history.ts';
import { loadSite } from '../../site/lib/snapshots.ts';
import type { SiteTable } from '../../site/lib/table.ts';
import { agreedLastTime, decisionsTable, decisionStatus, producedVersion } from '../../site/views/decisions.ts';
import { pageContext } from '../../site/views/page-context.ts';
import { writeContractVariant } from '../e2e/snapshot-variants.ts';

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

describe('a decision’s owner on the site', () => {
  const fixtures = fileURLToPath(new URL('../fixtures/snapshots', import.meta.url));
  const scratch: string[] = [];
  afterEach(() => {
    for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** The fixture snapshots (reps Ana Beatriz Costa, Beatriz Lopes, Bruno Lima) under `owners`, with a September meeting. */
  function siteWith(owners: 'names' | 'initials' | 'hidden') {
    const dir = mkdtempSync(join(tmpdir(), 'handoff-decision-owners-'));
    scratch.push(dir);
    writeContractVariant(fixtures, dir, (yaml) => yaml.replace('owners: initials', `owners: ${owners}`));
    const decision = (text: string, owner: string, due: string) => ({ text, owner, due, moves: { kind: 'clause', id: 'speed_within_sla' } });
    const meetings = { meetings: [{ period: '2026-09', decisions: [decision('Ligar antes', 'Ana Beatriz Costa', '2026-10-01'), decision('Rever o formulário', 'Marketing (operações)', '2026-12-01')] }] };
    writeFileSync(join(dir, 'meetings.json'), JSON.stringify(meetings));
    return loadSite(dir);
  }

  /** The owner column of a table (null when it has none), and the text of its pages' overdue point. */
  function published(owners: 'names' | 'initials' | 'hidden') {
    const site = siteWith(owners);
    const agreed = agreedLastTime(pageContext(site), site, site.latest)!;
    const history = decisionsTable(pageContext(site), site, 'agreement/index.html')!;
    const column = (table: SiteTable) => {
      const at = table.columns.findIndex((c) => c.key === 'owner');
      return at < 0 ? null : table.rows.map((r) => r.cells[at]!.text);
    };
    return { agreed: column(agreed.table), history: column(history), overdue: agreed.overdue };
  }

  it('reads as publish.owners says: a rep by name, by initials as everywhere else, or not at all; a team as written unless owners are hidden', () => {
    expect(published('names').agreed).toEqual(['Ana Beatriz Costa', 'Marketing (operações)']);
    const initials = published('initials');
    expect(initials.agreed).toEqual(['A.B.C.', 'Marketing (operações)']);
    expect(initials.history).toEqual(['A.B.C.', 'Marketing (operações)']);
    // Due 01/10, the fixture's October data is of 28/10: overdue, a point for discussion naming its owner as published.
    expect(initials.overdue).toEqual([expect.stringContaining('“Ligar antes” (A.B.C.);')]);
    const hidden = published('hidden');
    expect([hidden.agreed, hidden.history]).toEqual([null, null]);
    expect(hidden.overdue).toEqual([expect.stringContaining('“Ligar antes”;')]);
    expect(JSON.stringify(hidden)).not.toMatch(/Ana|Costa|Marketing \(/);
  });
});
