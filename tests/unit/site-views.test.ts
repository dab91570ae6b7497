import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tableCsv, type SiteTable } from '../../site/lib/table.ts';
import { loadSite } from '../../site/lib/snapshots.ts';
import { agreementView } from '../../site/views/agreement-view.ts';
import { dataView } from '../../site/views/data-view.ts';
import { homeView } from '../../site/views/home-view.ts';
import { meetingView } from '../../site/views/meeting-view.ts';
import { periodView } from '../../site/views/period-view.ts';
import { trendFamilyViews, trendsView } from '../../site/views/trends-view.ts';

// The pages as data, built from the hand-written fixture snapshots (tests/fixtures/snapshots,
// whose README lists every number used here). Locale pt-BR, owners as initials.

const site = loadSite(fileURLToPath(new URL('../fixtures/snapshots', import.meta.url)));
const period = (id: string) => site.periods.find((p) => p.period === id)!;
/** A table's page text, row by row. */
const texts = (table: SiteTable | null | undefined) => table?.rows.map((row) => row.cells.map((cell) => cell.text)) ?? null;

describe('the home page', () => {
  const view = homeView(site);

  it('lists every period newest first with its headline numbers and both its pages', () => {
    expect(texts(view.periods)).toEqual([
      ['Outubro de 2026', 'Em andamento', '1.234', '402', '41', 'Visão da reunião, Out 2026'],
      ['Setembro de 2026', 'Fechado', '1.076', '365', '39', 'Visão da reunião, Set 2026'],
      ['Agosto de 2026', 'Fechado', '987', '331', '36', 'Visão da reunião, Ago 2026'],
    ]);
    expect(view.periods.rows[0]!.cells[0]!.href).toBe('periods/2026-10/index.html');
    expect(view.periods.rows[0]!.cells.at(-1)!.href).toBe('periods/2026-10/meeting/index.html');
    expect(view.tables.map((t) => t.id)).toEqual(['periods', 'funnel-flow']);
  });

  it('compares the latest headline numbers with the period before', () => {
    // 1076 → 1234: +158, 158 / 1076 = 14.7%; 365 → 402: +37, 37 / 365 = 10.1%; 39 → 41: +2, 2 / 39 = 5.1%.
    expect(view.headlines.map((h) => [h.metric, h.text, h.previous?.change])).toEqual([
      ['mql.count', '1.234', '+158 (+14,7%)'],
      ['funnel.flow.sql', '402', '+37 (+10,1%)'],
      ['funnel.flow.won', '41', '+2 (+5,1%)'],
    ]);
  });
});

describe('the period page', () => {
  const view = periodView(site, period('2026-10'));

  it('has a section for each family with numbers, in report order', () => {
    expect(view.sections.map((s) => s.id)).toEqual(['volume', 'funnel', 'breakdowns', 'data-quality']);
  });

  it('shows MQLs by source with each source’s share', () => {
    // 700 / 1234 = 56.73%, 534 / 1234 = 43.27%; source codes read capitalised (no labels: in the contract).
    expect(texts(view.volumeBySource)).toEqual([
      ['Organic', '700', '56,7%'],
      ['Paid', '534', '43,3%'],
    ]);
  });

  it('breaks down by owner under initials, largest first, the unassigned bucket last', () => {
    // The source breakdown only repeats the volume table, so it is left out.
    expect(view.breakdowns.map((b) => b.kind)).toEqual(['owner']);
    const byOwner = view.breakdowns[0]!.table;
    expect(texts(byOwner)).toEqual([
      ['A.B.C.', '500'],
      ['B.L. 1', '400'],
      ['B.L. 2', '300'],
      ['(não informado)', '34'],
    ]);
    expect(tableCsv(byOwner)).toBe('owner,mql.count\nA.B.C.,500\nB.L. 1,400\nB.L. 2,300\n(none),34\n');
  });

  it('orders tiers as the agreement lists them, whatever their size', () => {
    const october = period('2026-10');
    const tier = (segment: string, value: number) => ({ ...october.metrics[0]!, metric: 'mql.count' as const, segment_kind: 'tier' as const, segment, value });
    const view = periodView(site, { ...october, metrics: [...october.metrics, tier('B', 900), tier('(none)', 1000), tier('A', 334)] });
    expect(view.breakdowns.find((b) => b.kind === 'tier')?.table.rows.map((r) => r.key)).toEqual(['A', 'B', '(none)']);
  });

  it('lists the funnel flow in stage order and the input rows of the snapshot', () => {
    expect(texts(view.funnelFlow)?.map((r) => r.join(' '))).toEqual([
      'Lead 4.680',
      'MQL 1.234',
      'SAL 871',
      'SQL 402',
      'Oportunidade 133',
      'Ganho 41',
      'Perdido 57',
    ]);
    expect(texts(view.inputs)).toEqual([
      ['Leads', 'leads.csv', '13.601', '13.590', '11', '6', '0'],
      ['Atividades', 'activities.csv', '64.015', '64.003', '12', '0', '3'],
      ['Negócios', 'deals.csv', '1.240', '1.236', '4', '2', '1'],
    ]);
    expect(view.reasons?.rows).toHaveLength(4);
    expect(view.tables.map((t) => t.id)).toEqual(['mqls-by-source', 'funnel-flow', 'by-owner', 'inputs', 'quarantine-reasons']);
    expect(view.terms).toContain('funnel.flow.lost');
  });
});

describe('the meeting view', () => {
  it('lists the biggest movements since the previous period, one row per story', () => {
    const view = meetingView(site, period('2026-10'));
    // Sep → Oct: MQLs 1076 → 1234 (+14.7%; MQL events moved identically and are folded in),
    // SAL 779 → 871 (+11.8%), SQL 365 → 402 (+10.1%), lost 52 → 57 (+9.6%); opportunity
    // 124 → 133 (+7.3%) is fifth and left out: the sheet shows four beside the scorecard.
    expect(view.movements?.rows.map((r) => r.key)).toEqual(['mql.count', 'funnel.flow.sal', 'funnel.flow.sql', 'funnel.flow.lost']);
    expect(texts(view.movements)?.[0]).toEqual(['MQLs entregues a vendas', '1.076', '1.234', '+158 (+14,7%)']);
  });

  it('lists restatements of earlier periods made while this period ran, breakdown rows counted apart', () => {
    const october = meetingView(site, period('2026-10'));
    expect(texts(october.restatements)).toEqual([['Set 2026', 'Ganhos do funil no período', '38', '39']]);
    expect(october.restatedBreakdownRows).toBe(1);
    // The restating run (data up to 15/10) came after September's snapshot (01/10 08:30).
    const september = meetingView(site, period('2026-09'));
    expect(september.restatements).toBeNull();
    expect(september.tables.map((t) => t.id)).toEqual(['movements', 'funnel-flow']);
  });

  it('sums the input rows behind the period, and has nothing to compare in the first period', () => {
    // 13601 + 64015 + 1240 read; 11 + 12 + 4 quarantined; 6 + 0 + 2 duplicates; 0 + 3 + 1 orphans.
    expect(meetingView(site, period('2026-10')).data).toEqual({ read: 78856, quarantined: 27, duplicates: 8, orphans: 4 });
    const august = meetingView(site, period('2026-08'));
    expect(august.movements).toBeNull();
    expect(august.headlines.every((h) => h.previous === null)).toBe(true);
  });
});

describe('the trends pages', () => {
  it('groups the whole-period metrics into families, volume featured', () => {
    const view = trendsView(site);
    expect(view.families.map((f) => [f.family, f.page, f.trends.length])).toEqual([
      ['mql', 'trends/mql/', 1],
      ['funnel.flow', 'trends/funnel-flow/', 7],
    ]);
    expect(view.featured.map((f) => f.family)).toEqual(['mql']);
    expect(texts(view.featured[0]!.table)).toEqual([
      ['Ago 2026', '987'],
      ['Set 2026', '1.076'],
      ['Out 2026', '1.234'],
    ]);
    // 4518 → 4680 is +162, 162 / 4518 = 3.6%.
    expect(texts(view.summaries[1]!.table)?.[0]).toEqual(['Leads no período', '4.518', '4.680', '+162 (+3,6%)']);
    expect(view.older).toBe(0);
  });

  it('gives each family a page whose table links the periods from there', () => {
    const [, flow] = trendFamilyViews(site);
    expect(flow!.page).toBe('trends/funnel-flow/');
    expect(flow!.family.table.columns.map((c) => c.key)).toEqual([
      'period',
      'funnel.flow.lead',
      'funnel.flow.mql',
      'funnel.flow.sal',
      'funnel.flow.sql',
      'funnel.flow.opportunity',
      'funnel.flow.won',
      'funnel.flow.lost',
    ]);
    expect(flow!.family.table.rows[2]!.cells[0]!.href).toBe('../../periods/2026-10/index.html');
    expect(flow!.family.trends[6]!.points.map((p) => p.value)).toEqual([49, 52, 57]);
  });
});

describe('the agreement page', () => {
  const view = agreementView(site);

  it('lists the hours of each weekday with the lunch break and the business time', () => {
    // Mon–Thu 09–12 + 13–18 = 3 h + 5 h; Friday 09–12 + 13–17 = 3 h + 4 h; weekends closed.
    expect(texts(view.hours)).toEqual([
      ['Segunda-feira', '09:00–12:00, 13:00–18:00', '12:00–13:00', '8 h'],
      ['Terça-feira', '09:00–12:00, 13:00–18:00', '12:00–13:00', '8 h'],
      ['Quarta-feira', '09:00–12:00, 13:00–18:00', '12:00–13:00', '8 h'],
      ['Quinta-feira', '09:00–12:00, 13:00–18:00', '12:00–13:00', '8 h'],
      ['Sexta-feira', '09:00–12:00, 13:00–17:00', '12:00–13:00', '7 h'],
      ['Sábado', 'Fechado', '—', '—'],
      ['Domingo', 'Fechado', '—', '—'],
    ]);
  });

  it('lists the public holidays of the covered year and the agreement’s own dates', () => {
    const rows = new Map(view.holidays.table!.rows.map((r) => [r.key, r.cells.map((c) => c.text)]));
    expect(view.holidays.years).toEqual([2026]);
    expect(rows.get('2026-12-24')).toEqual(['24/12/2026', 'Dia fechado pelo acordo', 'Acordo']);
    expect(rows.get('2026-12-25')?.[2]).toBe('Feriado oficial (BR)');
    expect(rows.get('2026-09-07')?.[2]).toBe('Feriado oficial (BR)');
    expect([...rows.keys()].every((date) => date.startsWith('2026-'))).toBe(true);
  });

  it('states tiers, ICP and cadence in words', () => {
    expect(view.tierRules).toEqual([
      // The latest agreement (v2, 2026-10) moved tier A from 15m to 30m.
      { name: 'A', rule: 'atende ao ICP e pontuação ≥ 80', within: 30 },
      { name: 'B', rule: null, within: 90 },
    ]);
    expect(view.icp).toBe('segmento é saas ou fintech e porte da empresa ≥ 50');
    // Defaults of the contract: 6 attempts in 10 business days, at most 3 a day.
    expect(view.cadence[0]).toBe(
      'Pelo menos 6 tentativas (ligação, e-mail, WhatsApp ou LinkedIn) em 10 dias úteis, contando como dia 1 o dia em que o relógio começa.',
    );
    expect(view.acceptance).toBe('Vendas aceita (SAL) ou rejeita cada MQL em até 8 h de tempo útil.');
    expect(view.owners).toBe('Mostrados pelas iniciais');
    expect(view.targets[0]).toEqual({ label: 'Meta de receita', text: 'R$\u00a0250.000 por período' });
    // 52 metric ids of SPEC section 4 with the default four handoff fields (four velocity pairs,
    // from MQL on), the 5 the pipeline adds beside them (revenue target, rejection reasons,
    // pending decisions, cohort age and maturity) and the 7 scorecard clauses.
    expect(view.glossary).toHaveLength(64);
  });
});

describe('the data page', () => {
  const view = dataView(site);

  it('gives each period its status, cut-off and run, newest first', () => {
    expect(texts(view.periods)?.map((r) => [r[0], r[1], r[2], r[3], r[6]])).toEqual([
      ['Outubro de 2026', 'Em andamento', '28/10/2026 18:00', '1', '0'],
      ['Setembro de 2026', 'Fechado', '01/10/2026 08:30', '2', '1'],
      ['Agosto de 2026', 'Fechado', '02/09/2026 09:00', '3', '0'],
    ]);
    expect(view.runs.map((r) => r.periods.map((p) => p.period))).toEqual([['2026-10'], ['2026-09'], ['2026-08']]);
    expect(texts(view.runs[0]!.files)?.map((r) => r.slice(0, 3))).toEqual([
      ['Leads', 'leads.csv', '1,9 MB'],
      ['Atividades', 'activities.csv', '3,9 MB'],
      ['Negócios', 'deals.csv', '91,8 KB'],
    ]);
  });

  it('shows each restatement’s whole-period changes, breakdown rows in the download under initials', () => {
    expect(view.restated.map((r) => r.snapshot.period)).toEqual(['2026-09']);
    const table = view.restated[0]!.table;
    expect(texts(table)).toEqual([['15/10/2026 09:10', '15/10/2026 09:00', 'Ganhos do funil no período', 'Período inteiro', '', '38', '39']]);
    expect(tableCsv(table).split('\n').slice(1, 3)).toEqual([
      '2026-10-15T12:10:00.000Z,2026-10-15T09:00:00-03:00,funnel.flow.won,all,all,38,39',
      '2026-10-15T12:10:00.000Z,2026-10-15T09:00:00-03:00,mql.count,owner,B.L. 2,350,360',
    ]);
  });

  it('lists per input the columns read, expected but missing, unused and look-alikes, when the run recorded them', () => {
    expect(view.runs.every((r) => r.columns === null)).toBe(true);
    const [first, ...rest] = site.periods.slice().reverse();
    const columns = {
      deals: {
        mapped: { deal_id: 'Deal - ID', lead_id: 'Deal - Contact person ID' },
        missing: ['created_at'],
        unused: ['Deal - Title', 'Deal - Deal created (UTC)'],
        lookalikes: [{ column: 'created_at', header: 'Deal - Deal created (UTC)' }],
      },
    };
    const withColumns = { ...site, periods: [...rest.reverse(), { ...first!, manifest: { ...first!.manifest, columns } }] };
    const table = dataView(withColumns).runs[0]!.columns!;
    expect(table.caption).toBe('Colunas por entrada: lidas, esperadas mas ausentes, não usadas (nomes do cabeçalho da exportação)');
    expect(texts(table)).toEqual([
      ['Negócios', 'deal_id ← Deal - ID; lead_id ← Deal - Contact person ID', 'created_at', 'Deal - Title; Deal - Deal created (UTC)', 'Deal - Deal created (UTC) → created_at'],
    ]);
  });
});
