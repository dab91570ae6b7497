import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseContract } from '../../pipeline/contract/load.ts';
import type { Contract } from '../../pipeline/contract/schema.ts';
import { contractVersions, diffContracts, periodPromiseChanges, promiseChanges, versionLabel, versionOf, type MeasuredPeriod } from '../../site/lib/contract-history.ts';
import { loadSite, type PeriodSnapshot } from '../../site/lib/snapshots.ts';
import { agreementView } from '../../site/views/agreement-view.ts';
import { meetingView } from '../../site/views/meeting-view.ts';
import { pageContext } from '../../site/views/page-context.ts';
import { periodView } from '../../site/views/period-view.ts';
import { scorecardView } from '../../site/views/scorecard.ts';
import type { ClauseId, MetricId } from '../../pipeline/metrics/catalogue/index.ts';

// The agreement's history: versions are runs of periods with the same contract text, and the diff
// between two versions is read on the resolved contracts, one sentence per change, in both
// languages. Every expected sentence below is written by hand from the two YAML texts.

function contract(yaml: string): Contract {
  const parsed = parseContract(yaml);
  if ('problems' in parsed) throw new Error(parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; '));
  return parsed.contract;
}

const texts = (before: Contract, after: Contract, locale: 'en' | 'pt-BR') => diffContracts(before, after, locale).map((c) => c.text);

// The revision the issue describes: window, tier, target, hours, holiday, cadence, promise, ICP…
const before = contract(`
targets: {revenue: 600000}
business_hours: {fri: "09:00-17:00"}
holidays: {dates: ["2026-12-25"]}
icp: {field: segment, in: [saas]}
tiers:
  - {name: A, when: {icp: true}, response_within: 15m}
  - {name: B, response_within: 1h}
mapping: {preset: hubspot}
actions: {webhook: {url: "https://hooks.example/secret-token-1"}}
`);
const after = contract(`
targets: {revenue: 650000}
business_hours: {fri: "09:00-18:00"}
holidays: {dates: ["2026-12-24", "2026-12-25"]}
icp: {field: segment, in: [saas, fintech]}
tiers:
  - {name: A, when: {icp: true}, response_within: 30m}
  - {name: D, when: {field: score, gte: 90}, response_within: 2h}
  - {name: B, response_within: 1h}
cadence: {min_attempts: 5}
acceptance_within: 4h
mapping: {preset: rdstation, date_format: dmy}
scorecard: {speed_within_sla: {promised: 85}}
publish: {owners: initials}
handoff_fields: [name, company, phone, email, job_title]
actions: {due_soon: 2h, webhook: {url: "https://hooks.example/secret-token-2"}}
`);

describe('versions of the agreement', () => {
  const period = (id: string, sha: string): MeasuredPeriod => ({ period: id, manifest: { contract: { sha256: sha } }, contract: before });

  it('groups consecutive periods by contract hash and numbers the versions by first period', () => {
    // aaa, aaa, bbb, aaa: going back to an old text is a new revision, so three versions.
    const versions = contractVersions([period('2026-07', 'aaa'), period('2026-08', 'aaa'), period('2026-09', 'bbb'), period('2026-10', 'aaa')]);
    expect(versions.map((v) => [v.number, v.sha256, v.first, v.last, v.periods])).toEqual([
      [1, 'aaa', '2026-07', '2026-08', ['2026-07', '2026-08']],
      [2, 'bbb', '2026-09', '2026-09', ['2026-09']],
      [3, 'aaa', '2026-10', '2026-10', ['2026-10']],
    ]);
    expect(versionOf(versions, '2026-08')?.number).toBe(1);
    expect(versionOf(versions, '2026-10')?.number).toBe(3);
    expect(versionOf(versions, '2025-01')).toBeUndefined();
    expect(versionLabel(versions[1]!, 'pt-BR')).toBe('Acordo v2 (desde Set 2026)');
    expect(versionLabel(versions[1]!, 'en')).toBe('Agreement v2 (since Sep 2026)');
  });
});

describe('the diff between two agreements', () => {
  it('says each change of a typical revision in English, in the contract’s order', () => {
    expect(texts(before, after, 'en')).toEqual([
      'Business hours Friday 09:00–17:00 → 09:00–18:00',
      'Holiday added Dec 24, 2026',
      'Revenue target R$600,000 per period → R$650,000 per period',
      'ICP rule changed: segment is saas → segment is saas or fintech',
      'Tier A: respond within 15 min → 30 min',
      'Tier D added (score ≥ 90 → respond within 2 h)',
      'Cadence minimum attempts 6 → 5',
      'Acceptance within 8 h → 4 h',
      'Required handoff field added: job title',
      'Data mapping changed (mapping.preset, mapping.date_format)',
      'Sales reps on this site: Shown by name → Shown by initials',
      'Scorecard: Speed to lead promised 90% → 85%',
      'Worklists: due soon within 1 h → 2 h',
      'Worklist webhook changed',
    ]);
  });

  it('says the same in Brazilian Portuguese', () => {
    expect(texts(before, after, 'pt-BR')).toEqual([
      'Horário de sexta-feira 09:00–17:00 → 09:00–18:00',
      'Feriado incluído 24/12/2026',
      'Meta de receita R$\u00a0600.000 por período → R$\u00a0650.000 por período',
      'Regra do ICP alterada: segmento é saas → segmento é saas ou fintech',
      'Nível A: responder em até 15 min → 30 min',
      'Nível D incluído (pontuação ≥ 90 → responder em até 2 h)',
      'Cadência: mínimo de tentativas 6 → 5',
      'Aceite em até 8 h → 4 h',
      'Campo obrigatório da passagem incluído: cargo',
      'Mapeamento dos dados alterado (mapping.preset, mapping.date_format)',
      'Vendedores neste site: Mostrados pelo nome → Mostrados pelas iniciais',
      'Placar: Tempo de resposta prometido 90% → 85%',
      'Listas de trabalho: vence em breve em até 1 h → 2 h',
      'Webhook das listas de trabalho alterado',
    ]);
  });

  it('never publishes the webhook’s URL', () => {
    const all = [...texts(before, after, 'en'), ...texts(before, after, 'pt-BR')].join('\n');
    expect(all).not.toContain('secret-token');
  });

  it('covers the other sections: general, holidays, target forms, rates, MQL rule, tiers removed and reordered, cadence, at-risk levels', () => {
    const old = contract(`
name: Acme
targets: {revenue: {growth_pct: 10}, avg_ticket: 5000, rates: {lead_mql: 0.2}}
holidays: {country: BR, dates: ["2026-12-31"]}
tiers:
  - {name: A, when: {icp: true}, response_within: 15m}
  - {name: C, when: {field: score, gte: 50}, response_within: 4h}
  - {name: B, response_within: 1h}
cadence: {attempt_types: [call, email], ends_on: [connected]}
scorecard: {icp_fit: {at_risk: 40}}
mql: {score_at_least: 60}
`);
    const now = contract(`
name: Acme 2027
timezone: America/Sao_Paulo
locale: pt-BR
currency: USD
period: quarter
targets: {revenue: {"2026-10": 100000, "2026-11": 120000}, history_periods: 4, maturity_days: 45}
holidays: {country: BR-SP}
business_hours: {sat: "09:00-13:00"}
tiers:
  - {name: B, when: {field: score, gte: 70}, response_within: 1h}
  - {name: A, response_within: 15m}
cadence: {window_days: 8, max_attempts_per_day: 2, attempt_types: [call, whatsapp], ends_on: [connected, replied]}
actions: {webhook: {url_env: HOOK}}
`);
    // Amounts are written in each version's own currency: R$ before, US$ after.
    expect(texts(old, now, 'en')).toEqual([
      'Name: Acme → Acme 2027',
      'Time zone: UTC → America/Sao_Paulo',
      'Language of the report: English → Brazilian Portuguese',
      'Currency: BRL → USD',
      'Reporting period: Month → Quarter',
      'Business hours Saturday closed → 09:00–13:00',
      'Public-holiday calendar: BR → BR-SP',
      'Holiday removed Dec 31, 2026',
      'Revenue target growth of 10% → Oct 2026: $100,000 · Nov 2026: $120,000',
      'Trailing window 6 → 4 periods',
      'Cohort maturity 60 → 45 days',
      'Average ticket R$5,000 → measured',
      'Stage rate Lead → MQL: 20% → measured',
      'MQL score threshold 60 → none',
      'Tier B rule changed: every other handoff → score ≥ 70',
      'Tier A rule changed: fits the ICP → every other handoff',
      'Tier C removed (it responded within 4 h)',
      'Tier order A, B → B, A',
      'Cadence attempt types call, e-mail → call, WhatsApp',
      'Cadence window 10 → 8 business days',
      'Cadence maximum attempts per day 3 → 2',
      'Cadence ends early on connected → connected, replied',
      'Scorecard: ICP fit at risk from 40% → 50%',
      'Worklist webhook added',
    ]);
    expect(texts(old, now, 'pt-BR')).toEqual([
      'Nome: Acme → Acme 2027',
      'Fuso horário: UTC → America/Sao_Paulo',
      'Idioma do relatório: Inglês → Português do Brasil',
      'Moeda: BRL → USD',
      'Período do relatório: Mês → Trimestre',
      'Horário de sábado fechado → 09:00–13:00',
      'Calendário de feriados oficiais: BR → BR-SP',
      'Feriado removido 31/12/2026',
      'Meta de receita crescimento de 10% → Out 2026: US$\u00a0100.000 · Nov 2026: US$\u00a0120.000',
      'Janela de histórico 6 → 4 períodos',
      'Maturidade da coorte 60 → 45 dias',
      'Ticket médio R$\u00a05.000 → medido',
      'Taxa Lead → MQL: 20% → medido',
      'Pontuação mínima de MQL 60 → nenhum',
      'Regra do nível B alterada: todas as demais passagens → pontuação ≥ 70',
      'Regra do nível A alterada: atende ao ICP → todas as demais passagens',
      'Nível C removido (respondia em até 4 h)',
      'Ordem dos níveis A, B → B, A',
      'Cadência: tipos de tentativa ligação, e-mail → ligação, WhatsApp',
      'Cadência: janela 10 → 8 dias úteis',
      'Cadência: máximo de tentativas por dia 3 → 2',
      'Cadência termina antes com contato feito → contato feito, resposta',
      'Placar: Aderência ao ICP em risco a partir de 40% → 50%',
      'Webhook das listas de trabalho incluído',
    ]);
  });

  it('compares resolved contracts: a default written out, or 60m for 1h, is no change', () => {
    const written = contract(`
acceptance_within: 480m
tiers: [{name: all, response_within: 60m}]
cadence: {min_attempts: 6}
scorecard: {speed_within_sla: {promised: 90, at_risk: 80}}
`);
    expect(diffContracts(contract('{}'), written, 'en')).toEqual([]);
  });

  it('falls back to a generic sentence rather than drop a change it has no words for', () => {
    // Same fields in another order: nobody added or removed one, yet the resolved value differs.
    const reordered = contract('handoff_fields: [company, name, phone, email]');
    expect(diffContracts(contract('{}'), reordered, 'en')).toEqual([
      {
        path: 'handoff_fields',
        text: 'Setting handoff_fields changed: name, company, phone, email → company, name, phone, email',
        clauses: ['completeness'],
        flag: 'Setting handoff_fields changed: name, company, phone, email → company, name, phone, email',
      },
    ]);
    // A section this module does not know (a newer contract schema): each changed leaf, by path.
    const base = contract('{}');
    const older = { ...base, extra: { level: 1 } } as unknown as Contract;
    const newer = { ...base, extra: { level: 2, mode: 'strict' } } as unknown as Contract;
    expect(texts(older, newer, 'en')).toEqual(['Setting extra.level changed: 1 → 2', 'Setting extra.mode changed: none → strict']);
    expect(texts(older, newer, 'pt-BR')).toEqual(['Ajuste extra.level alterado: 1 → 2', 'Ajuste extra.mode alterado: nenhum → strict']);
  });
});

describe('promises that changed, per scorecard clause', () => {
  it('attributes tier windows to speed, cadence to adherence, acceptance_within to acceptance, and levels to their clause', () => {
    const flags = promiseChanges(before, after, 'en');
    expect(Object.fromEntries(flags)).toEqual({
      mql_volume: ['Revenue target R$600,000 per period → R$650,000 per period'],
      icp_fit: ['ICP rule changed: segment is saas → segment is saas or fintech'],
      speed_within_sla: ['Tier A: respond within 15 min → 30 min', 'Tier D added (score ≥ 90 → respond within 2 h)', '90% → 85%'],
      attempt_adherence: ['Cadence minimum attempts 6 → 5'],
      acceptance_within_sla: ['Acceptance within 8 h → 4 h'],
      completeness: ['Required handoff field added: job title'],
    });
  });
});

describe('the fixture site: 2026-08 and 2026-09 under v1, 2026-10 under v2', () => {
  const site = loadSite(fileURLToPath(new URL('../fixtures/snapshots', import.meta.url)));
  const period = (id: string) => site.periods.find((p) => p.period === id)!;

  it('lists both versions on the agreement page, v2 with its two changes', () => {
    const history = agreementView(site).history;
    expect(history.map((e) => [e.version.number, e.version.first, e.version.last, e.changes.map((c) => c.text)])).toEqual([
      [2, '2026-10', '2026-10', ['Nível A: responder em até 15 min → 30 min', 'Placar: Tempo de resposta prometido 90% → 85%']],
      [1, '2026-08', '2026-09', []],
    ]);
  });

  it('names the version on each period page and meeting view, and flags speed to lead’s promise in October only', () => {
    const october = periodView(site, period('2026-10')).agreement;
    expect(october).toEqual({
      label: 'Acordo v2 (desde Out 2026)',
      href: '../../agreement/index.html#history',
      changedSince: '2026-09',
      promises: [{ clause: 'speed_within_sla', name: 'Tempo de resposta', changes: ['Nível A: responder em até 15 min → 30 min', '90% → 85%'] }],
    });
    const september = periodView(site, period('2026-09')).agreement;
    expect([september.label, september.changedSince, september.promises]).toEqual(['Acordo v1 (desde Ago 2026)', null, []]);
    expect(meetingView(site, period('2026-10')).agreement.label).toBe('Acordo v2 (desde Out 2026)');
    expect(meetingView(site, period('2026-10')).agreement.href).toBe('../../../agreement/index.html#history');
    expect(periodPromiseChanges(site.periods, '2026-08', 'pt-BR').size).toBe(0);
  });

  it('puts the flag next to the clause in a scorecard', () => {
    // October's scorecard as the pipeline would write it: speed 400 of 500 = 80%, under the new 85% promise.
    const clause = (id: ClauseId, metric: MetricId, promised: number, atRisk: number) => ({
      id,
      side: 'sales' as const,
      metric,
      promised,
      at_risk_from: atRisk,
      measured: 80,
      unit: 'pct' as const,
      numerator: 400,
      denominator: 500,
      status: 'at_risk' as const,
    });
    const october: PeriodSnapshot = {
      ...period('2026-10'),
      details: { 'scorecard.json': { period: '2026-10', clauses: [clause('speed_within_sla', 'speed.within_sla_pct', 85, 80), clause('attempt_adherence', 'attempts.adherent_pct', 80, 70)] } },
    };
    const periods = site.periods.map((p) => (p.period === '2026-10' ? october : p));
    const view = scorecardView(pageContext({ ...site, periods }, october), october, periods, 'scorecard', '')!;
    expect(view.lines.map((line) => [line.clause.id, line.promiseChange])).toEqual([
      ['speed_within_sla', 'promessa alterada: Nível A: responder em até 15 min → 30 min; 90% → 85%'],
      ['attempt_adherence', null],
    ]);
  });
});
