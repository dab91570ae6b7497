import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenSite, axeProblems, filesOf, htmlFiles, openSite, printed, repoRoot, screenshots, sidewaysScroll, watch } from './harness.ts';
import { writeContractVariant } from './snapshot-variants.ts';

// Builds the site from the hand-written fixture snapshots (tests/fixtures/snapshots; its README
// lists every number used here), serves it, and reads it in the real browser the CI installs.
// A missing Chromium is a failure, not a skip: a skipped smoke test would let a broken site ship green.

// Worked out by hand from the fixture snapshots (locale pt-BR): 2026-10 is the latest period.
const expected = {
  title: 'Fixture Ltda: Marketing ⇄ Vendas · handoff',
  latestMqls: '1.234',
  septemberLeadFlow: '4.518',
  septemberLostFlow: '52',
};

/** One page of every kind, for the checks that open each kind. */
/** Text of an element as a reader sees it: runs of white space are one space. */
async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** The texts of a row's cells, header cell first. */
function rowCells(locator: Locator): Promise<string[]> {
  return locator.locator('th, td').evaluateAll((cells) => cells.map((cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim()));
}

const PAGE_KINDS = [
  '/index.html',
  '/periods/2026-09/index.html',
  '/periods/2026-10/meeting/index.html',
  '/trends/index.html',
  '/trends/funnel-flow/index.html',
  '/agreement/index.html',
  '/data/index.html',
];

describe('the report site built from the fixture snapshots', () => {
  let site: OpenSite | undefined;
  let outDir = '';
  let baseUrl = '';
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    site = await openSite('tests/fixtures/snapshots');
    ({ outDir, context, baseUrl } = site);
  });
  afterAll(() => site?.close());

  it('builds every page type, and nothing else', () => {
    expect(
      htmlFiles(outDir)
        .map((p) => p.slice(outDir.length))
        .sort(),
    ).toEqual([
      '/agreement/index.html',
      '/data/index.html',
      '/index.html',
      '/periods/2026-08/index.html',
      '/periods/2026-08/meeting/index.html',
      '/periods/2026-09/index.html',
      '/periods/2026-09/meeting/index.html',
      '/periods/2026-10/index.html',
      '/periods/2026-10/meeting/index.html',
      '/trends/funnel-flow/index.html',
      '/trends/index.html',
      '/trends/mql/index.html',
    ]);
  });

  it('shows the latest MQL count on the home page, a period one link away, its meeting view one more', async () => {
    const page = await context!.newPage();
    const problems = watch(page);
    await page.goto(`${baseUrl}/`);

    expect(await page.title()).toBe(expected.title);
    expect(await page.getAttribute('html', 'lang')).toBe('pt-BR');
    await expect.poll(() => page.locator('.kpi-value[data-metric="mql.count"]').first().textContent()).toBe(expected.latestMqls);
    expect(await page.locator('#periods tbody tr').count()).toBe(3);
    expect(await page.locator('svg#mql-trend title').textContent()).toBe('MQLs por período');
    expect(await page.locator('.site-nav a').allTextContents()).toEqual(['Visão geral', 'Tendências', 'Acordo', 'Dados']);
    await page.screenshot({ path: join(screenshots, 'fixture-pt-BR-home-1280.png'), fullPage: true });

    await page.locator('#periods a', { hasText: 'Setembro de 2026' }).click();
    await page.waitForURL(/\/periods\/2026-09\/index\.html$/);
    expect(await page.locator('h1').textContent()).toBe('Setembro de 2026');
    expect(await textOf(page.locator('#funnel-flow tr[data-key="lead"] td'))).toBe(expected.septemberLeadFlow);
    expect(await textOf(page.locator('#funnel-flow tr[data-key="lost"] td'))).toBe(expected.septemberLostFlow);
    expect(await page.locator('svg#funnel-flow-chart').textContent()).toContain(expected.septemberLeadFlow);
    expect(await page.locator('.toc a').allTextContents()).toEqual(['Volume', 'Fluxo do funil', 'Qualidade dos dados']);
    await page.screenshot({ path: join(screenshots, 'fixture-pt-BR-period-1280.png'), fullPage: true });

    await page.locator('.tabs a', { hasText: 'Visão da reunião' }).click();
    await page.waitForURL(/\/periods\/2026-09\/meeting\/index\.html$/);
    // August → September: 987 → 1076 MQLs, +89, 89 / 987 = 9.0%.
    expect(await rowCells(page.locator('#movements tr[data-key="mql.count"]'))).toEqual(['MQLs entregues a vendas', '987', '1.076', '+89 (+9%)']);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('prints the meeting view on one A4 landscape sheet, restatements of September included', async () => {
    const page = await context!.newPage();
    await page.goto(`${baseUrl}/periods/2026-10/meeting/index.html`);
    expect(await rowCells(page.locator('#restatements tbody tr'))).toEqual(['Set 2026', 'Ganhos do funil no período', '38', '39']);
    await page.screenshot({ path: join(screenshots, 'fixture-pt-BR-meeting-1280.png'), fullPage: true });
    const sheet = await printed(page);
    // A4 landscape is 297 × 210 mm = 841.9 × 595.3 pt.
    expect(sheet.sheets).toBe(1);
    expect(sheet.width).toBeCloseTo(841.9, 0);
    expect(sheet.height).toBeCloseTo(595.3, 0);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-nav').isVisible()).toBe(false);
    expect(await page.locator('.glossary').isVisible()).toBe(false);
    await page.close();
  });

  it('has no serious or critical accessibility problem on any page, in light or dark mode', async () => {
    const page = await context!.newPage();
    for (const file of htmlFiles(outDir)) {
      const path = `/${relative(outDir, file)}`;
      await page.goto(`${baseUrl}${path}`);
      expect(await axeProblems(page), path).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'dark' });
    for (const path of PAGE_KINDS) {
      await page.goto(`${baseUrl}${path}`);
      expect(await axeProblems(page), `${path} (dark)`).toEqual([]);
    }
    await page.close();
  });

  it('reads on a 360 px wide phone without sideways scrolling', async () => {
    const page = await context!.newPage();
    await page.setViewportSize({ width: 360, height: 780 });
    for (const path of PAGE_KINDS) {
      await page.goto(`${baseUrl}${path}`);
      expect(await sidewaysScroll(page), `${path} scrolls sideways`).toBeLessThanOrEqual(0);
      expect(await page.locator('.site-nav a').last().isVisible(), path).toBe(true);
    }
    await page.goto(`${baseUrl}/periods/2026-10/index.html`);
    await page.screenshot({ path: join(screenshots, 'fixture-pt-BR-period-360.png'), fullPage: true });
    await page.goto(`${baseUrl}/`);
    await page.screenshot({ path: join(screenshots, 'fixture-pt-BR-home-360.png'), fullPage: true });
    await page.close();
  });

  it('works opened from the file system, styles and links included', async () => {
    const page = await context!.newPage();
    const problems = watch(page);
    await page.goto(pathToFileURL(join(outDir, 'index.html')).href);
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toContain('system-ui');
    await page.locator('#periods a', { hasText: 'Agosto de 2026' }).click();
    await page.waitForURL(/\/periods\/2026-08\/index\.html$/);
    expect(await page.locator('h1').textContent()).toBe('Agosto de 2026');
    await page.locator('.site-nav a', { hasText: 'Tendências' }).click();
    await page.waitForURL(/\/trends\/index\.html$/);
    await page.locator('.toc a', { hasText: 'Fluxo do funil' }).click();
    await page.waitForURL(/\/trends\/funnel-flow\/index\.html$/);
    await page.locator('.crumbs a').first().click();
    await page.waitForURL(/\/index\.html$/);
    expect(await page.title()).toBe(expected.title);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('loads no script file (one small inline script only adds sorting, filtering and unfolding), stays small, publishes no absolute path, and every link leads to a file', () => {
    for (const file of htmlFiles(outDir)) {
      const html = readFileSync(file, 'utf8');
      const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/gi)];
      expect(scripts.length, file).toBeLessThanOrEqual(1);
      for (const [, attributes, body] of scripts) {
        expect(attributes, file).not.toMatch(/\ssrc=/);
        expect(body!.length, file).toBeLessThan(4096);
      }
      expect(statSync(file).size, file).toBeLessThan(150 * 1024);
      expect(html, file).not.toContain(repoRoot);
      expect(html, file).not.toMatch(/\s(?:href|src)="\//);
      for (const [, href] of html.matchAll(/\shref="([^"#:]+)(?:#[^"]*)?"/g)) {
        expect(existsSync(resolve(dirname(file), href!)), `${relative(outDir, file)} → ${href}`).toBe(true);
      }
    }
  });

  it('offers every table as a CSV beside its page, owners as initials, formulas neutralised', () => {
    const pages = htmlFiles(outDir);
    let downloads = 0;
    for (const file of pages) {
      const html = readFileSync(file, 'utf8');
      const tables = [...html.matchAll(/<table id="([^"]+)"/g)].map((m) => m[1]!);
      const links = [...html.matchAll(/<a href="([^"]+\.csv)" download/g)].map((m) => m[1]!);
      // A pt-BR site offers each table twice: the machine form, then the spreadsheet form for a Brazilian Excel.
      expect(links, relative(outDir, file)).toEqual(tables.flatMap((id) => [`${id}.csv`, `${id}-planilha.csv`]));
      downloads += links.length;
    }
    expect(downloads).toBeGreaterThan(30);
    expect(readFileSync(join(outDir, 'periods/2026-10/by-owner.csv'), 'utf8')).toBe('owner,mql.count\nA.B.C.,500\nB.L. 1,400\nB.L. 2,300\n(none),34\n');
    expect(readFileSync(join(outDir, 'periods/2026-10/by-owner-planilha.csv'), 'utf8').split('\n').slice(0, 2)).toEqual(['\ufeffResponsável;MQLs entregues a vendas', 'A.B.C.;500']);
    expect(readFileSync(join(outDir, 'periods/2026-09/funnel-flow.csv'), 'utf8')).toBe(
      'stage,events\nlead,4518\nmql,1076\nsal,779\nsql,365\nopportunity,124\nwon,39\nlost,52\n',
    );
    const published = [...pages, ...filesOf(outDir, '.csv')].map((f) => readFileSync(f, 'utf8')).join('\n');
    for (const name of ['Ana Beatriz Costa', 'Beatriz Lopes', 'Bruno Lima']) expect(published).not.toContain(name);
  });

  it('gives every chart a title, a unit, a description and a table of its numbers', async () => {
    const page = await context!.newPage();
    for (const path of PAGE_KINDS) {
      await page.goto(`${baseUrl}${path}`);
      const charts = await page.locator('figure.chart').evaluateAll((figures) =>
        figures.map((figure) => ({
          title: figure.querySelector('svg > title')?.textContent ?? '',
          desc: figure.querySelector('svg > desc')?.textContent ?? '',
          unit: figure.querySelector('figcaption .chart-unit')?.textContent ?? '',
          role: figure.querySelector('svg')?.getAttribute('role'),
          links: figure.querySelectorAll('svg a[aria-label]').length,
          tables: figure.closest('section')?.querySelectorAll('table').length ?? 0,
        })),
      );
      for (const chart of charts) {
        expect(chart.title, path).not.toBe('');
        expect(chart.desc.length, path).toBeGreaterThan(chart.title.length);
        expect(chart.unit, path).not.toBe('');
        // A chart whose marks link to their periods is a group of named links; the others are one image.
        expect(chart.role === 'img' || (chart.role === 'group' && chart.links > 0), path).toBe(true);
        expect(chart.tables, path).toBeGreaterThan(0);
      }
    }
    await page.close();
  });

  it('renders the agreement in words and the provenance of every period', async () => {
    const page = await context!.newPage();
    await page.goto(`${baseUrl}/agreement/index.html`);
    expect(await rowCells(page.locator('#business-hours tr[data-key="fri"]'))).toEqual(['Sexta-feira', '09:00–12:00, 13:00–17:00', '12:00–13:00', '7 h']);
    expect(await textOf(page.locator('#sales li').first())).toBe('Nível A: atende ao ICP e pontuação ≥ 80 → responder em até 30 min de tempo útil');
    expect(await textOf(page.locator('#sales li').nth(1))).toBe('Nível B: todas as demais passagens → responder em até 1 h 30 min de tempo útil');
    expect(await rowCells(page.locator('#holidays tr[data-key="2026-12-24"]'))).toEqual(['24/12/2026', 'Dia fechado pelo acordo', 'Acordo']);
    // Every catalogue metric with the agreement's four handoff fields (no lead → MQL velocity: the pipeline measures from MQL on).
    expect(await page.locator('#glossary dt').count()).toBe(64);

    await page.goto(`${baseUrl}/data/index.html`);
    expect(await page.locator('#periods tbody tr').count()).toBe(3);
    expect(await textOf(page.locator('#run-1-files tr[data-key="leads"] td').first())).toBe('leads.csv');
    expect(await rowCells(page.locator('#restatements-2026-09 tbody tr'))).toEqual([
      '15/10/2026 09:10',
      '15/10/2026 09:00',
      'Ganhos do funil no período',
      'Período inteiro',
      '',
      '38',
      '39',
    ]);
    expect(await textOf(page.locator('.table-block:has(#restatements-2026-09) .table-foot'))).toBe(
      'mais 1 linha no download CSV: Reprocessamentos de Setembro de 2026 Planilha (Excel): Reprocessamentos de Setembro de 2026',
    );
    await page.close();
  });
  it('shows the agreement’s history: v2 from October with its diff, named on the period pages and the meeting view', async () => {
    // The fixture README: 2026-08 and 2026-09 under v1; 2026-10 under v2, tier A 15m → 30m and speed promised 90% → 85%.
    const page = await context!.newPage();
    await page.goto(`${baseUrl}/agreement/index.html`);
    expect(await textOf(page.locator('#history li[data-version="2"] h3'))).toBe('Acordo v2 (atual)');
    expect(await page.locator('#history li[data-version="2"] .history-changes li').allTextContents()).toEqual([
      'Nível A: responder em até 15 min → 30 min',
      'Placar: Tempo de resposta prometido 90% → 85%',
    ]);
    expect(await textOf(page.locator('#history li[data-version="1"] p').first())).toBe('Medido de Agosto de 2026 a Setembro de 2026.');
    await page.goto(`${baseUrl}/periods/2026-10/index.html`);
    expect(await textOf(page.locator('.page-head .agreement-version'))).toBe('Acordo v2 (desde Out 2026)');
    expect(await textOf(page.locator('#promise-changes li[data-clause="speed_within_sla"]'))).toBe(
      'Tempo de resposta: Nível A: responder em até 15 min → 30 min; 90% → 85%',
    );
    await page.locator('.page-head .agreement-version').click();
    await page.waitForURL(/\/agreement\/index\.html#history$/);
    await page.goto(`${baseUrl}/periods/2026-09/index.html`);
    expect(await textOf(page.locator('.page-head .agreement-version'))).toBe('Acordo v1 (desde Ago 2026)');
    expect(await page.locator('#promise-changes').count()).toBe(0);
    await page.goto(`${baseUrl}/periods/2026-10/meeting/index.html`);
    expect(await textOf(page.locator('.page-head .agreement-version'))).toBe('Acordo v2 (desde Out 2026)');
    await page.close();
  });
});

describe('the report site in English', () => {
  let site: OpenSite | undefined;
  let snapshots = '';
  let outDir = '';
  let baseUrl = '';
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    snapshots = mkdtempSync(join(tmpdir(), 'handoff-snapshots-en-'));
    writeContractVariant(join(repoRoot, 'tests/fixtures/snapshots'), snapshots, (yaml) =>
      yaml.replace('locale: pt-BR', 'locale: en').replace('owners: initials', 'owners: hidden'),
    );
    site = await openSite(snapshots, [snapshots]);
    ({ outDir, context, baseUrl } = site);
  });
  afterAll(() => site?.close());

  it('switches language with the agreement: labels, numbers and dates', async () => {
    const page = await context!.newPage();
    await page.goto(`${baseUrl}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('.site-nav a').allTextContents()).toEqual(['Overview', 'Trends', 'Agreement', 'Data']);
    expect(await page.locator('.kpi-value[data-metric="mql.count"]').textContent()).toBe('1,234');
    expect(await textOf(page.locator('#periods tr[data-key="2026-09"] th'))).toBe('September 2026');
    await page.goto(`${baseUrl}/agreement/index.html`);
    expect(await textOf(page.locator('#sales li').first())).toBe('Tier A: fits the ICP and score ≥ 80 → respond within 30 min of business time');
    expect(await textOf(page.locator('#business-hours tr[data-key="mon"] th'))).toBe('Monday');
    await page.goto(`${baseUrl}/data/index.html`);
    expect(await textOf(page.locator('#periods tr[data-key="2026-10"] td').nth(1))).toBe('Oct 28, 2026, 6:00 PM');
    for (const path of PAGE_KINDS) {
      await page.goto(`${baseUrl}${path}`);
      expect(await axeProblems(page), path).toEqual([]);
    }
    await page.close();
  });

  it('shows no owner at all when the agreement hides them', () => {
    expect(existsSync(join(outDir, 'periods/2026-10/by-owner.csv'))).toBe(false);
    const published = [...htmlFiles(outDir), ...filesOf(outDir, '.csv')].map((f) => readFileSync(f, 'utf8')).join('\n');
    for (const shown of ['A.B.C.', 'B.L. 1', 'Bruno Lima']) expect(published).not.toContain(shown);
  });
});
