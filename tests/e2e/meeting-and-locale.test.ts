import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planFileSchema } from '../../pipeline/schemas/plan.ts';
import { scorecardFileSchema } from '../../pipeline/schemas/scorecard.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { fixedClock, silentLogger } from '../../pipeline/steps.ts';
import { axeProblems, htmlFiles, openSampleSite, openSite, repoRoot, watch, writeScreenshotSet, type OpenSite } from './harness.ts';
import { writeContractVariant } from './snapshot-variants.ts';

// The meeting's own decisions, pt-BR all the way, and a weekly contract, in Chromium:
// - the sample site (`npm run report` first): "Agreed last time" on the October meeting view, with
//   each September decision's clause or metric in September and now; the decisions on the
//   agreement page; no English word from ENGLISH_WORDS on any pt-BR page; the spreadsheet CSVs;
// - a weekly site: the pipeline run on the sample's last four months with `period: week` and a
//   `labels:` map; weeks name their days, the revenue target is a week's share of the month, and
//   every n/d clause says why.

/**
 * English a pt-BR page must not show: words the site once showed untranslated (quarantine reasons,
 * preset names, the meeting's blocks, the terms "handoff" and "tier", which pt-BR calls "passagem"
 * and "nível") and common English function words. The tool's own name is not a word of the page:
 * the header and footer name it, and the data page its version ("handoff 0.1.0").
 */
const ENGLISH_WORDS: Array<string | RegExp> = [
  /\bhandoffs?\b/i,
  /\btiers?\b/i,
  'canonical',
  'Quarantine',
  'quarantined',
  'is empty',
  'is not a',
  'is not one of',
  'expected ISO',
  'business minutes',
  'Agreed last time',
  'Decision',
  'Overdue',
  'Spreadsheet',
  'Proposed change',
  'Not in the agreement yet',
  ' the ',
  ' and ',
  ' of the ',
  ' is ',
];

const PAGES = [
  '/index.html',
  '/periods/2026-10/index.html',
  '/periods/2026-10/meeting/index.html',
  '/periods/2026-09/meeting/index.html',
  '/trends/index.html',
  '/agreement/index.html',
  '/data/index.html',
];

/** The text a reader sees in a page's main content, runs of white space as one space. */
async function mainText(page: Page): Promise<string> {
  return ((await page.locator('main').textContent()) ?? '').replace(/\s+/g, ' ');
}

/**
 * Each word of ENGLISH_WORDS on the pages at `paths`, with where: in the main content's text or in
 * its tooltips and labels (title, aria-label), the tool's name and version left out.
 */
async function englishOn(page: Page, baseUrl: string, paths: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const path of paths) {
    await page.goto(`${baseUrl}${path}`);
    const attributes = await page.locator('main [title], main [aria-label]').evaluateAll((els) => els.map((e) => `${e.getAttribute('title') ?? ''} ${e.getAttribute('aria-label') ?? ''}`).join(' '));
    found.push(...englishIn(`${await mainText(page)} ${attributes}`).map((hit) => `${path}: ${hit}`));
  }
  return found;
}

/** Each word of ENGLISH_WORDS in `text` with its surroundings, the tool's name and version left out. */
function englishIn(text: string): string[] {
  const read = text.replace(/\bhandoff \d+\.\d+\.\d+/g, '');
  return ENGLISH_WORDS.flatMap((word) => {
    const at = typeof word === 'string' ? read.indexOf(word) : read.search(word);
    return at < 0 ? [] : [`${String(word)} in …${read.slice(Math.max(0, at - 60), at + 60)}…`];
  });
}

function rowCells(page: Page, selector: string): Promise<string[]> {
  return page.locator(`${selector} th, ${selector} td`).evaluateAll((cells) => cells.map((cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim()));
}

const pct = (value: number) => new Intl.NumberFormat('pt-BR', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value / 100);

describe('the sample site: the meeting’s decisions, in Portuguese throughout', () => {
  let site: OpenSite | undefined;
  let context: BrowserContext | undefined;
  let baseUrl = '';
  let outDir = '';

  beforeAll(async () => {
    site = await openSampleSite();
    ({ context, baseUrl, outDir } = site);
  });
  afterAll(() => site?.close());

  it('opens the October meeting with what September’s meeting agreed and how each clause moved since', async () => {
    const clause = (period: string) =>
      scorecardFileSchema.parse(JSON.parse(readFileSync(join(repoRoot, 'data/snapshots', period, 'scorecard.json'), 'utf8'))).clauses.find((c) => c.id === 'speed_within_sla')!;
    const [then, now] = [clause('2026-09').measured!, clause('2026-10').measured!];
    const page = await context!.newPage();
    const problems = watch(page);
    await page.goto(`${baseUrl}/periods/2026-10/meeting/index.html`);
    // The first card after the tabs: "Agreed last time" opens the meeting.
    expect(await page.locator('main section.card').first().getAttribute('id')).toBe('agreed');
    expect(await page.locator('#agreed h2').textContent()).toBe('Combinado na última reunião');
    // meetings/2026-09.yaml: decision 1 moves speed_within_sla and is done; September 77,9% → October 78,4%.
    const cells = await rowCells(page, '#agreed-last-time tr[data-key="decision-1"]');
    expect(cells).toEqual([
      'Redistribuir os leads de nível A entre os SDRs nos horários de pico',
      'Vendas (coordenação de SDRs)',
      '15/10/2026',
      'Concluída',
      'Tempo de resposta',
      pct(then),
      pct(now),
      `+${new Intl.NumberFormat('pt-BR', { maximumFractionDigits: 1 }).format(now - then)} p.p.`,
    ]);
    // Decision 2 is open and was due 20/10, before the data's day (31/10): overdue. Decision 3 is due 10/11.
    expect((await rowCells(page, '#agreed-last-time tr[data-key="decision-2"]'))[3]).toBe('Atrasada');
    expect((await rowCells(page, '#agreed-last-time tr[data-key="decision-3"]'))[3]).toBe('No prazo');
    // The printed sheet has no room for the table: the overdue decision leads the points for discussion.
    const completeness = (period: string) =>
      scorecardFileSchema.parse(JSON.parse(readFileSync(join(repoRoot, 'data/snapshots', period, 'scorecard.json'), 'utf8'))).clauses.find((c) => c.id === 'completeness')!.measured!;
    expect(await page.locator('#discussion li').first().textContent()).toBe(
      `Combinado na última reunião, atrasado desde 20/10/2026: “Tornar telefone e empresa obrigatórios no formulário do site” (Marketing (operações)); Passagens completas ${pct(completeness('2026-09'))} → ${pct(completeness('2026-10'))}.`,
    );
    expect(problems).toEqual([]);
    // September's meeting view has no earlier meeting to report.
    await page.goto(`${baseUrl}/periods/2026-09/meeting/index.html`);
    expect(await page.locator('#agreed').count()).toBe(0);
    await page.close();
  });

  it('lists every decision on the agreement page, with the version its proposed change produced or that none did yet', async () => {
    const page = await context!.newPage();
    await page.goto(`${baseUrl}/agreement/index.html`);
    const proposal = await rowCells(page, '#decisions tr[data-key="2026-09-3"]');
    expect(proposal.slice(4)).toEqual(['scorecard.acceptance_within_sla.promised → 85', 'Ainda não está no acordo']);
    expect(await page.locator('#version-1').count()).toBe(1);
    expect(await axeProblems(page)).toEqual([]);
    await page.close();
  });

  it('shows no English word of the list on any pt-BR page', async () => {
    // The scan itself must be able to fail: the terms once shown in English are found, the tool's version is not.
    expect(englishIn('Calculado por handoff 0.1.0 · Nível A: passagens')).toEqual([]);
    expect(englishIn('Por que tier A · 3 Handoffs').map((hit) => hit.split(' in ')[0])).toEqual(['/\\bhandoffs?\\b/i', '/\\btiers?\\b/i']);
    const page = await context!.newPage();
    expect(await englishOn(page, baseUrl, PAGES)).toEqual([]);
    // The quarantine reasons in particular: the sample quarantines rows with an unreadable created_at.
    await page.goto(`${baseUrl}/data/index.html`);
    expect(await mainText(page)).toContain('created_at: "…" não é uma data ou data e hora válida');
    await page.close();
  });

  it('offers each download twice on a pt-BR site: raw for programs, and a spreadsheet form for a Brazilian Excel', async () => {
    const page = await context!.newPage();
    await page.goto(`${baseUrl}/periods/2026-10/meeting/index.html`);
    const links = await page.locator('#agreed a.download').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links).toEqual(['agreed-last-time.csv', 'agreed-last-time-planilha.csv']);
    await page.close();
    const raw = readFileSync(join(outDir, 'periods/2026-10/meeting/agreed-last-time.csv'), 'utf8');
    const sheet = readFileSync(join(outDir, 'periods/2026-10/meeting/agreed-last-time-planilha.csv'), 'utf8');
    expect(raw.split('\n')[0]).toBe('decision,owner,due,status,moves,moves_id,then,now,change');
    expect(sheet.startsWith('\ufeffDecisão;Responsável;Prazo;Situação;Deve mover;Deve mover;Set 2026;Out 2026;Variação\n')).toBe(true);
    // The same decision, rounded with a decimal comma: 77,92 rather than 77.92207792207792.
    const [row] = Papa.parse<string[]>(sheet.slice(1), { delimiter: ';' }).data.slice(1);
    expect(row!.slice(3, 8)).toEqual(['Concluída', 'Tempo de resposta', 'speed_within_sla', expect.stringMatching(/^\d+,\d{1,2}$/), expect.stringMatching(/^\d+,\d{1,2}$/)]);
  });
});

/** The sample's inputs from `from` on (leads created then, and what belongs to them), into `dir`. */
function recentSample(dir: string, from: string): void {
  const read = (file: string) => Papa.parse<Record<string, string>>(readFileSync(join(repoRoot, 'data/sample', file), 'utf8'), { header: true, skipEmptyLines: true });
  const write = (file: string, parsed: Papa.ParseResult<Record<string, string>>, keep: (row: Record<string, string>) => boolean) =>
    writeFileSync(join(dir, file), `${Papa.unparse({ fields: parsed.meta.fields!, data: parsed.data.filter(keep).map((r) => parsed.meta.fields!.map((f) => r[f] ?? '')) })}\n`);
  const leads = read('leads.csv');
  const kept = new Set(leads.data.filter((l) => (l.created_at ?? '') >= from).map((l) => l.lead_id));
  write('leads.csv', leads, (l) => kept.has(l.lead_id!));
  write('lead_events.csv', read('lead_events.csv'), (e) => kept.has(e.lead_id!));
  write('activities.csv', read('activities.csv'), (a) => kept.has(a.lead_id!));
  write('deals.csv', read('deals.csv'), (d) => (d.lead_id ? kept.has(d.lead_id) : (d.created_at ?? '') >= from));
}

describe('a weekly contract', () => {
  let site: OpenSite | undefined;
  let englishSite: OpenSite | undefined;
  let context: BrowserContext | undefined;
  let baseUrl = '';
  let outDir = '';
  const work = mkdtempSync(join(tmpdir(), 'handoff-weekly-'));

  beforeAll(async () => {
    const input = join(work, 'input');
    mkdirSync(input);
    recentSample(input, '2026-08-01');
    const contract = readFileSync(join(repoRoot, 'sla.yaml'), 'utf8')
      .replace('period: month', 'period: week')
      .replace('publish:\n', 'labels:\n  source: {paid_search: Busca paga, outbound_list: Lista de prospecção}\n  segment: {servicos: Serviços}\npublish:\n');
    writeFileSync(join(work, 'sla.yaml'), contract);
    copyFileSync(join(repoRoot, 'pipeline/contract/sla.schema.json'), join(work, 'sla.schema.json'));
    await runPipeline({ input, config: join(work, 'sla.yaml'), out: join(work, 'out') }, { logger: silentLogger, clock: fixedClock('2026-11-01T12:00:00Z') });
    site = await openSite(join(work, 'out/snapshots'), [work]);
    ({ context, baseUrl, outDir } = site);
    // The same weeks under an English agreement, for the screenshot set.
    const english = join(work, 'snapshots-en');
    writeContractVariant(join(work, 'out/snapshots'), english, (yaml) =>
      yaml.replace('locale: pt-BR', 'locale: en').replace('Busca paga', 'Paid search').replace('Lista de prospecção', 'Outbound list').replace('Serviços', 'Services'),
    );
    englishSite = await openSite(english);
  });
  afterAll(async () => {
    await englishSite?.close();
    await site?.close();
  });

  it('gives each week its share of the monthly revenue target by business days', () => {
    const plan = (week: string) => planFileSchema.parse(JSON.parse(readFileSync(join(work, 'out/snapshots', week, 'plan.json'), 'utf8'))).revenue_target;
    // October 2026 has 22 weekdays; 12/10 (Nossa Senhora Aparecida) is a national holiday: 21
    // business days. W42 (12–18/10) holds 4 of them → 600000 × 4/21 = 114285.714… → 114285.71.
    expect(plan('2026-W42')).toMatchObject({ value: 114285.71, source: 'contract' });
    // W44 (26/10–01/11): 26–30/10 are 5 of October's 21 → 142857.14; 1/11 is a Sunday.
    expect(plan('2026-W44').value).toBe(142857.14);
  });

  it('names each week’s days, says why a clause is n/d, and shows the contract’s labels', async () => {
    const page = await context!.newPage();
    const problems = watch(page);
    await page.goto(`${baseUrl}/periods/2026-W44/index.html`);
    expect(await page.locator('h1').textContent()).toBe('Semana 44 de 2026 · 26/10–01/11');
    const text = await mainText(page);
    expect(text).toContain('Busca paga');
    expect(text).not.toContain('paid_search');
    // The scorecard is on the meeting view. No cohort of the six weeks before W44 is 60 days old:
    // the plan, and so the MQL clause, is n/d; no 10-business-day cadence window of W44 has ended.
    await page.goto(`${baseUrl}/periods/2026-W44/meeting/index.html`);
    expect(await page.locator('h1').textContent()).toBe('Semana 44 de 2026 · 26/10–01/11');
    expect(await page.locator('.scorecard-table tr[data-key="attempt_adherence"] .no-data-reason').textContent()).toBe(
      'n/d porque nenhuma janela de cadência terminou ainda: cada uma dura 10 dias úteis após o MQL; a cláusula é medida à medida que terminam.',
    );
    expect(await page.locator('.scorecard-table tr[data-key="mql_volume"] .no-data-reason').textContent()).toBe(
      'n/d porque nenhuma coorte das últimas 6 semanas tem idade suficiente: as semanas amadurecem 60 dias depois de terminar; reduza targets.maturity_days, aumente targets.history_periods ou defina targets.rates.',
    );
    await page.setViewportSize({ width: 1440, height: 900 });
    expect(await axeProblems(page)).toEqual([]);
    await page.goto(`${baseUrl}/agreement/index.html`);
    const agreement = await mainText(page);
    expect(agreement).toContain('6 semanas de histórico para o ticket médio e as taxas entre etapas');
    expect(agreement).toContain('Uma coorte com menos de 60 dias (cerca de 9 semanas) é imatura');
    expect(problems).toEqual([]);
    await page.close();
    for (const file of htmlFiles(outDir)) expect(statSync(file).size, file).toBeLessThan(150 * 1024);
  });

  it('writes the screenshot set of the weekly contract in Portuguese (no English word of the list) and in English, each page fitting a 390 px phone', async () => {
    expect(await writeScreenshotSet(context!, baseUrl, 'weekly-pt-BR', '2026-W44')).toEqual([]);
    const weekly = await context!.newPage();
    expect(await englishOn(weekly, baseUrl, ['/index.html', '/periods/2026-W44/index.html', '/periods/2026-W44/meeting/index.html', '/trends/index.html', '/agreement/index.html', '/data/index.html'])).toEqual([]);
    for (const path of ['/index.html', '/periods/2026-W44/index.html']) {
      await weekly.goto(`${baseUrl}${path}`);
      expect(await axeProblems(weekly), path).toEqual([]);
    }
    await weekly.close();
    const page = await englishSite!.context.newPage();
    await page.goto(`${englishSite!.baseUrl}/periods/2026-W44/index.html`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('h1').textContent()).toMatch(/^Week 44, 2026 · /);
    await page.close();
    expect(await writeScreenshotSet(englishSite!.context, englishSite!.baseUrl, 'weekly-en', '2026-W44')).toEqual([]);
  }, 240_000);
});
