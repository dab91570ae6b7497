import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contractJsonSchema } from '../../pipeline/contract/json-schema.ts';
import { ContractError, formatPath, loadContract, MAX_CONTRACT_BYTES, parseContract } from '../../pipeline/contract/load.ts';

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

  it('reports a comparison between two settings in the same pass as a type error elsewhere', () => {
    const text = ['locale: fr', 'scorecard:', '  icp_fit: {promised: 50, at_risk: 60}', '  completeness: {promised: many}'].join('\n');
    expect(problems(text).map((p) => `${p.path}@${p.line}: ${p.message}`)).toEqual([
      'locale@1: found "fr"; Invalid option: expected one of "en"|"pt-BR"',
      'scorecard.icp_fit.at_risk@3: found 60; expected an at-risk threshold at or below the promised level (50)',
      'scorecard.completeness.promised@4: found "many"; expected number, received string',
    ]);
  });

  it('checks tier order and names even when a tier has a type error', () => {
    const text = ['tiers:', '  - {name: A, response_within: 15m}', '  - {name: A, when: {icp: true}, response_within: soon}'].join('\n');
    expect(problems(text).map((p) => `${p.path}@${p.line}`)).toEqual(['tiers[0]@2', 'tiers[1].response_within@3', 'tiers[1].when@3', 'tiers[1].name@3']);
  });

  it('checks opening hours, the webhook and the holiday calendar alongside other problems', () => {
    const text = [
      'locale: fr',
      'business_hours: {mon: "", tue: "", wed: "", thu: "", fri: ""}',
      'holidays: {country: ZZ}',
      'actions: {webhook: {url: nope, url_env: HOOK}}',
    ].join('\n');
    expect(problems(text).map((p) => `${p.path}@${p.line}: ${p.message}`)).toEqual([
      'locale@1: found "fr"; Invalid option: expected one of "en"|"pt-BR"',
      'business_hours@2: found a mapping; at least one weekday must have opening hours',
      'holidays.country@3: found "ZZ"; no public-holiday calendar is known for the country "ZZ"; use an ISO 3166 code such as BR, PT or US, or list the days under holidays.dates',
      'actions.webhook.url@4: found "nope"; expected an http(s) URL',
      'actions.webhook@4: found a mapping; give exactly one of url or url_env',
    ]);
    expect(problems('holidays: {country: BR-XX}')[0]!.message).toContain('the region "XX" of BR; its regions are AC, AL,');
  });

  it('refuses a YAML alias bomb as a contract problem at the line of the first alias of aliases', () => {
    const level = (name: string, of: string) => `${name}: &${name} [${Array(9).fill(`*${of}`).join(', ')}]`;
    const text = ['name: x', 'a: &a [x, x, x, x, x, x, x, x, x]', level('b', 'a'), level('c', 'b'), level('d', 'c')].join('\n');
    expect(problems(text)).toEqual([
      {
        path: '',
        line: 4,
        message:
          "the YAML's aliases (*name) of aliases expand into too many copies (Excessive alias count indicates a resource exhaustion attack); write the values out instead of repeating aliases of aliases",
      },
    ]);
    // One level of aliases is ordinary YAML and stays allowed.
    expect(contract('holidays: {dates: &d ["2026-12-24"]}\nname: x').holidays.dates).toEqual(['2026-12-24']);
  });

  it(`bounds the contract to ${MAX_CONTRACT_BYTES / 1024} KB before parsing it`, () => {
    const padded = (bytes: number) => `name: x\n${'#'.repeat(bytes - 'name: x\n'.length - 1)}\n`;
    expect(contract(padded(MAX_CONTRACT_BYTES)).name).toBe('x');
    expect(problems(padded(MAX_CONTRACT_BYTES + 1))).toEqual([
      { path: '', line: null, message: 'the file is larger than the 256 KB a contract may have (a real one is about 2 KB); keep only the settings of the agreement in it' },
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'handoff-contract-'));
    try {
      writeFileSync(join(dir, 'huge.yaml'), padded(50 * 1024 * 1024));
      expect(() => loadContract(join(dir, 'huge.yaml'))).toThrow(/huge\.yaml: the file is larger than the 256 KB/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // An endless file is read only up to the bound, not until memory runs out.
    expect(() => loadContract('/dev/zero')).toThrow(/larger than the 256 KB/);
  });

  const tiers = (n: number) => `tiers:\n${Array.from({ length: n - 1 }, (_, i) => `  - {name: T${i}, when: {icp: true}, response_within: 1h}\n`).join('')}  - {name: last, response_within: 1h}\n`;
  const list = (n: number, item: (i: number) => string) => `[${Array.from({ length: n }, (_, i) => item(i)).join(', ')}]`;
  const nested = (levels: number) => `${'{not: '.repeat(levels - 1)}{field: score, gte: 1}${'}'.repeat(levels - 1)}`;
  const mapping = (n: number, entry: (i: number) => string) => `{${Array.from({ length: n }, (_, i) => entry(i)).join(', ')}}`;
  const months = (n: number) => mapping(n, (i) => `"${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}": 1`);
  const columns = (n: number) => mapping(n, (i) => `c${i}: x`);
  const day = (i: number) => new Date(Date.UTC(2000, 0, 1 + i)).toISOString().slice(0, 10);
  it.each([
    ['tiers', tiers(20), tiers(21), 'tiers', 'at most 20 tiers are allowed'],
    ['holiday dates', `holidays: {dates: ${list(1000, day)}}`, `holidays: {dates: ${list(1001, day)}}`, 'holidays.dates', 'at most 1000 dates are allowed'],
    ['rule depth', `icp: ${nested(8)}`, `icp: ${nested(9)}`, 'icp', 'rules may nest at most 8 levels deep (all/any/not), this one nests 9'],
    ['rules in all', `icp: {all: ${list(50, () => '{icp: true}')}}`, `icp: {all: ${list(51, () => '{icp: true}')}}`, 'icp.all', 'at most 50 rules in one all/any list are allowed'],
    ['values of in', `icp: {field: segment, in: ${list(1000, String)}}`, `icp: {field: segment, in: ${list(1001, String)}}`, 'icp.in', 'at most 1000 values in one list are allowed'],
    ['handoff fields', `handoff_fields: ${list(50, (i) => `f${i}`)}`, `handoff_fields: ${list(51, (i) => `f${i}`)}`, 'handoff_fields', 'at most 50 fields are allowed'],
    ['mapped columns', `mapping: {files: {leads: {columns: ${columns(100)}}}}`, `mapping: {files: {leads: {columns: ${columns(101)}}}}`, 'mapping.files.leads.columns', 'at most 100 columns are allowed'],
    ['revenue periods', `targets: {revenue: ${months(1000)}}`, `targets: {revenue: ${months(1001)}}`, 'targets.revenue', 'at most 1000 periods are allowed'],
    ['the name', `name: ${'x'.repeat(200)}`, `name: ${'x'.repeat(201)}`, 'name', 'at most 200 characters in the contract name are allowed'],
    ['a tier name', `tiers: [{name: ${'x'.repeat(200)}, response_within: 1h}]`, `tiers: [{name: ${'x'.repeat(201)}, response_within: 1h}]`, 'tiers[0].name', 'at most 200 characters in a tier name are allowed'],
  ])('bounds %s, naming the path and the limit', (_, atLimit, overLimit, path, sentence) => {
    contract(atLimit);
    const found = problems(overLimit);
    expect(found.map((p) => p.path)).toEqual([path]);
    expect(found[0]!.message).toContain(sentence);
  });
});
