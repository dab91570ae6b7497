import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseContract, type ContractProblem } from '../../pipeline/contract/load.ts';
import { meetingsFile, MeetingsError, readMeetings } from '../../pipeline/contract/meetings.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A contract folder with `files` in its meetings/ folder; returns the contract's path. */
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-meetings-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'sla.yaml'), 'period: month\n');
  mkdirSync(join(dir, 'meetings'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'meetings', name), text);
  return join(dir, 'sla.yaml');
}

function thrown(run: () => unknown): MeetingsError {
  try {
    run();
  } catch (error) {
    if (error instanceof MeetingsError) return error;
    throw error;
  }
  throw new Error('expected a MeetingsError');
}

const contract = (() => {
  const parsed = parseContract('');
  if (!('contract' in parsed)) throw new Error('default contract');
  return parsed.contract;
})();

const GOOD = [
  'held_on: 2026-10-06',
  'decisions:',
  '  - text: Answer tier A leads first',
  '    owner: Sales',
  '    due: 2026-10-15',
  '    moves: speed_within_sla',
  '    status: done',
  '  - text: Review the acceptance promise',
  '    owner: Board',
  '    due: 2026-11-10',
  '    moves: acceptance.within_sla_pct',
  '    change: {setting: scorecard.acceptance_within_sla.promised, to: 85}',
  '  - text: Talk to the CRM vendor',
  '    owner: Ops',
  '    due: 2026-10-31',
  '    moves: speed.median_minutes',
  '    change: a free-text change',
  '',
].join('\n');

describe('meetings files', () => {
  it('reads none when the folder is absent, and ignores notes beside the YAML files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'handoff-meetings-'));
    dirs.push(dir);
    expect(readMeetings(join(dir, 'sla.yaml'))).toEqual([]);
    expect(readMeetings(folder({ 'README.md': '# notes' }))).toEqual([]);
  });

  it('resolves clauses and metrics, keeps status and proposed changes', () => {
    const sources = readMeetings(folder({ '2026-09.yaml': GOOD }));
    const out = meetingsFile(sources, new Set(['acceptance.within_sla_pct', 'speed.median_minutes']), contract);
    expect(out.meetings).toHaveLength(1);
    const [meeting] = out.meetings;
    expect(meeting!.period).toBe('2026-09');
    expect(meeting!.held_on).toBe('2026-10-06');
    expect(meeting!.decisions.map((d) => d.moves)).toEqual([
      { kind: 'clause', id: 'speed_within_sla' },
      { kind: 'metric', id: 'acceptance.within_sla_pct' },
      { kind: 'metric', id: 'speed.median_minutes' },
    ]);
    // `open` is the default and is not written; done is.
    expect(meeting!.decisions.map((d) => d.status ?? 'open')).toEqual(['done', 'open', 'open']);
    expect(meeting!.decisions[1]!.change).toEqual({ setting: 'scorecard.acceptance_within_sla.promised', to: 85 });
    expect(meeting!.decisions[2]!.change).toEqual({ text: 'a free-text change' });
  });

  it('names file, line and field of every form problem, in every file', () => {
    const config = folder({
      '2026-09.yaml': ['decisions:', '  - text: Faster', '    ownr: Sales', '    due: 2026-13-01', '    moves: speed_within_sla', ''].join('\n'),
      '2026-10.yaml': ['decisions:', '  - text: ""', '    owner: Sales', '    due: 2026-10-01', '    moves: speed_within_sla', '    status: finished', ''].join('\n'),
      'september.yaml': 'decisions: []\n',
    });
    const error = thrown(() => readMeetings(config));
    const byFile: Record<string, ContractProblem[]> = Object.fromEntries(error.files.map((f) => [f.file.split("/").at(-1), f.problems]));
    expect(Object.keys(byFile).sort()).toEqual(['2026-09.yaml', '2026-10.yaml', 'september.yaml']);
    expect(byFile['2026-09.yaml']!.map((p) => [p.line, p.path])).toEqual([
      [2, 'decisions[0].owner'],
      [3, 'decisions[0].ownr'],
      [4, 'decisions[0].due'],
    ]);
    expect(byFile['2026-10.yaml']!.map((p) => [p.line, p.path])).toEqual([
      [2, 'decisions[0].text'],
      [6, 'decisions[0].status'],
    ]);
    expect(byFile['september.yaml']![0]!.message).toMatch(/file name must be the period/);
    expect(error.message).toMatch(/2026-09\.yaml:4: decisions\[0\]\.due: found "2026-13-01"; expected a real calendar date/);
  });

  it('refuses a decision that moves nothing the run measures, or proposes a setting the contract lacks', () => {
    const text = [
      'decisions:',
      '  - text: Faster',
      '    owner: Sales',
      '    due: 2026-10-01',
      '    moves: speed.within_sla',
      '    change: {setting: scorecard.speed.promised, to: 85}',
      '',
    ].join('\n');
    const sources = readMeetings(folder({ '2026-09.yaml': text }));
    const error = thrown(() => meetingsFile(sources, new Set(['speed.within_sla_pct', 'speed.median_minutes']), contract));
    expect(error.files[0]!.problems.map((p) => [p.line, p.path])).toEqual([
      [5, 'decisions[0].moves'],
      [6, 'decisions[0].change.setting'],
    ]);
    expect(error.message).toContain('2026-09.yaml:5: decisions[0].moves: "speed.within_sla" is neither a scorecard clause nor a metric');
    expect(error.message).toContain('speed.median_minutes, speed.within_sla_pct');
  });
});
