import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contractJsonSchema } from '../../pipeline/contract/json-schema.ts';
import { ContractError, formatPath, loadContract, parseContract } from '../../pipeline/contract/load.ts';

function problems(text: string) {
  const parsed = parseContract(text);
  if (!('problems' in parsed)) throw new Error('expected problems');
  return parsed.problems;
}
function contract(text: string) {
  const parsed = parseContract(text);
  if (!('contract' in parsed)) throw new Error(JSON.stringify(parsed.problems));
  return parsed.contract;
}

describe('contract loading', () => {
  it('fills every default for an empty file', () => {
    const c = contract('');
    expect(c.timezone).toBe('UTC');
    expect(c.period).toBe('month');
    // Mon–Fri 09:00–18:00 = 540..1080 minutes after midnight; weekends closed.
    expect(c.business_hours.mon).toEqual([{ start: 540, end: 1080 }]);
    expect(c.business_hours.sun).toEqual([]);
    expect(c.tiers).toEqual([{ name: 'all', response_within: 60 }]);
    expect(c.acceptance_within).toBe(480);
    expect(c.cadence).toEqual({
      attempt_types: ['call', 'email', 'whatsapp', 'linkedin'],
      min_attempts: 6,
      window_days: 10,
      max_attempts_per_day: 3,
      ends_on: ['connected', 'replied', 'meeting_booked'],
    });
    expect(c.handoff_fields).toEqual(['name', 'company', 'phone', 'email']);
    expect(c.targets.history_periods).toBe(6);
    expect(c.publish.owners).toBe('names');
  });

  it('reads the bundled sla.yaml with the shape of SPEC section 3', () => {
    const { contract: c } = loadContract('sla.yaml');
    expect(c.timezone).toBe('America/Sao_Paulo');
    // "09:00-12:00,13:00-18:00": 540–720 and 780–1080; Friday closes at 17:00 = 1020.
    expect(c.business_hours.mon).toEqual([{ start: 540, end: 720 }, { start: 780, end: 1080 }]);
    expect(c.business_hours.fri).toEqual([{ start: 540, end: 720 }, { start: 780, end: 1020 }]);
    expect(c.tiers.map((t) => [t.name, t.response_within])).toEqual([['A', 15], ['B', 60], ['C', 240]]);
    expect(c.holidays.country).toBe('BR');
    expect(c.acceptance_within).toBe(480);
  });

  it('accepts holidays.dates without a country', () => {
    const c = contract('holidays:\n  dates: ["2026-12-24", "2026-12-31"]\n');
    expect(c.holidays).toEqual({ dates: ['2026-12-24', '2026-12-31'] });
  });

  it('accepts the three forms of a revenue target and durations like 1h30m', () => {
    expect(contract('targets: {revenue: 600000}').targets.revenue).toBe(600000);
    expect(contract('targets: {revenue: {"2026-10": 650000}}').targets.revenue).toEqual({ '2026-10': 650000 });
    expect(contract('targets: {revenue: {growth_pct: 15}}').targets.revenue).toEqual({ growth_pct: 15 });
    expect(contract('acceptance_within: 1h30m').acceptance_within).toBe(90);
  });

  it('names the path, the line, what was found and what is expected', () => {
    const text = [
      'timezone: America/Sao_Paulo', // line 1
      'tiers:', // 2
      '  - {name: A, when: {icp: true}, response_within: 15m}', // 3
      '  - {name: B, response_within: 1 hour}', // 4
    ].join('\n');
    expect(problems(text)).toEqual([
      { path: 'tiers[1].response_within', line: 4, message: 'found "1 hour"; expected a business-time duration such as 15m, 1h or 1h30m' },
    ]);
  });

  it('reports every problem at once, each at its own line', () => {
    const text = ['locale: fr', 'cadence:', '  min_attempts: 0', 'holidays:', '  dates: ["2026-02-30"]', 'colour: blue'].join('\n');
    const found = problems(text).map((p) => `${p.path}@${p.line}`);
    expect(found.sort()).toEqual(['cadence.min_attempts@3', 'colour@6', 'holidays.dates[0]@5', 'locale@1']);
  });

  it('insists that only the last tier has no `when`', () => {
    const p = problems('tiers:\n  - {name: A, response_within: 15m}\n  - {name: B, when: {icp: true}, response_within: 1h}\n');
    expect(p.map((x) => x.path).sort()).toEqual(['tiers[0]', 'tiers[1].when']);
  });

  it('rejects broken opening hours with the day named', () => {
    const p = problems('business_hours:\n  mon: "18:00-09:00"\n');
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ path: 'business_hours.mon', line: 2 });
    expect(p[0]!.message).toMatch(/ends before it starts/);
  });

  it('reports unreadable YAML with its line', () => {
    const p = problems('name: x\ntiers: [\n');
    expect(p[0]!.line).not.toBeNull();
    expect(p[0]!.message).toMatch(/YAML cannot be read/);
  });

  it('throws a ContractError whose message lists file:line for each problem', () => {
    expect(() => loadContract('tests/fixtures/contracts/invalid.yaml')).toThrow(ContractError);
    try {
      loadContract('tests/fixtures/contracts/invalid.yaml');
    } catch (error) {
      expect((error as Error).message).toContain('tests/fixtures/contracts/invalid.yaml:3: tiers[0].response_within: found "soon"');
    }
  });

  it('formats paths the way a person reads them', () => {
    expect(formatPath(['tiers', 1, 'response_within'])).toBe('tiers[1].response_within');
    expect(formatPath(['icp', 'all', 0, 'field'])).toBe('icp.all[0].field');
  });

  it('keeps the committed JSON Schema in step with the zod schema (npm run schema regenerates it)', () => {
    expect(readFileSync('pipeline/contract/sla.schema.json', 'utf8')).toBe(contractJsonSchema());
    expect(readFileSync('sla.yaml', 'utf8')).toMatch(/^# yaml-language-server: \$schema=\.\/pipeline\/contract\/sla\.schema\.json/);
  });
});
