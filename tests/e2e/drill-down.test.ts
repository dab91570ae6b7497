import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenSite, openSampleSite, overflowing, sidewaysScroll, watch } from './harness.ts';

// Drill-down, folded period pages, phones and chart labels on the site built from the sample
// snapshots (issue 15, items 3, 4, 6 and 7).

const PHONE_PAGES = [
  '/index.html',
  '/periods/2026-10/index.html',
  '/periods/2026-10/meeting/index.html',
  '/trends/index.html',
  '/trends/scorecard/index.html',
  '/agreement/index.html',
  '/data/index.html',
];

/** The rendered size of every visible chart label smaller than `min` px (font size × the SVG's scale). */
function smallChartLabels(page: Page, min: number): Promise<string[]> {
  return page.evaluate((least) => {
    return [...document.querySelectorAll('svg[role="img"] text')].flatMap((text) => {
      const svg = text.closest('svg')!;
      const shown = svg.getBoundingClientRect().width;
      if (shown === 0) return [];
      const scale = svg.viewBox.baseVal.width > 0 ? shown / svg.viewBox.baseVal.width : 1;
      const size = parseFloat(getComputedStyle(text).fontSize) * scale;
      return size < least ? [`${svg.id} "${text.textContent}" ${size.toFixed(1)}px`] : [];
    });
  }, min);
}

describe('drill-down and phones on the sample site', () => {
  let site: OpenSite | undefined;
  let context: BrowserContext | undefined;
  let baseUrl = '';

  beforeAll(async () => {
    site = await openSampleSite();
    ({ context, baseUrl } = site);
  }, 180_000);
  afterAll(() => site?.close());

  it('shows the scorecard on the period page and folds its sections behind the contents', async () => {
    const page = await context!.newPage();
    const problems = watch(page);
    await page.goto(`${baseUrl}/periods/2026-10/index.html`);
    expect(await page.locator('#scorecard-card .scorecard-table tbody tr').count()).toBe(7);
    const folds = page.locator('section.fold > details');
    expect(await folds.count()).toBeGreaterThanOrEqual(8);
    expect(await page.locator('section.fold > details[open]').count()).toBe(0);
    // Every number is in the page without a click: a folded section still holds its facts.
    expect(await page.locator('#speed dd[data-metric="speed.within_sla_pct"]').count()).toBe(1);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('takes a clause name to its section, unfolded, on the period page and from home', async () => {
    const page = await context!.newPage();
    await page.goto(`${baseUrl}/periods/2026-10/index.html`);
    await page.locator('#scorecard-card tr[data-key="speed_within_sla"] a.clause-link').click();
    await page.waitForFunction(() => location.hash === '#speed');
    expect(await page.locator('#speed > details').getAttribute('open')).not.toBeNull();
    expect(await page.locator('#speed dd[data-metric="speed.within_sla_pct"]').isVisible()).toBe(true);

    await page.goto(`${baseUrl}/index.html`);
    await page.locator('#scorecard tr[data-key="icp_fit"] a.clause-link').click();
    await page.waitForURL(/periods\/2026-10\/index\.html#quality$/);
    expect(await page.locator('#quality > details').getAttribute('open')).not.toBeNull();
    expect(await page.locator('#quality-title').isVisible()).toBe(true);

    // The clause's trend link reaches its chart on the trends page.
    await page.goto(`${baseUrl}/index.html`);
    await page.locator('#scorecard tr[data-key="icp_fit"] a.trend-link').click();
    await page.waitForURL(/trends\/index\.html#chart-scorecard-icp-fit$/);
    expect(await page.locator('#chart-scorecard-icp-fit').isVisible()).toBe(true);
    await page.close();
  });

  it('links chart marks to their period', async () => {
    const page = await context!.newPage();
    await page.goto(`${baseUrl}/index.html`);
    expect(await page.locator('#mql-trend a[href="periods/2026-09/index.html"]').count()).toBe(1);
    expect(await page.locator('#clauses-spark-icp-fit a[href="periods/2026-09/index.html"]').count()).toBe(1);
    await page.goto(`${baseUrl}/trends/index.html`);
    await page.locator('#chart-scorecard-icp-fit a[href="../periods/2026-09/index.html"]').click();
    await page.waitForURL(/periods\/2026-09\/index\.html$/);
    await page.close();
  });

  it('narrows the breakdown tables to one owner with the filter, and back', async () => {
    const page = await context!.newPage();
    const problems = watch(page);
    await page.goto(`${baseUrl}/periods/2026-10/index.html#breakdowns`);
    const rows = page.locator('#by-owner tbody tr');
    const visible = () => page.locator('#by-owner tbody tr:visible').count();
    const all = await rows.count();
    expect(all).toBeGreaterThan(2);
    expect(await visible()).toBe(all);
    const owner = await rows.nth(1).getAttribute('data-key');
    await page.locator('select[data-kind="owner"]').selectOption(owner!);
    expect(await visible()).toBe(1);
    expect(await page.locator(`#by-owner tbody tr[data-key="${owner}"]`).isVisible()).toBe(true);
    expect(await page.locator('.filter-status').textContent()).toContain('Responsável');
    // Other kinds' tables are untouched.
    expect(await page.locator('#by-source tbody tr:visible').count()).toBe(await page.locator('#by-source tbody tr').count());
    await page.locator('select[data-kind="owner"]').selectOption('');
    expect(await visible()).toBe(all);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('sorts a table by a clicked header, numbers by value, both ways', async () => {
    const page = await context!.newPage();
    await page.goto(`${baseUrl}/periods/2026-10/index.html#breakdowns`);
    const header = page.locator('#by-owner thead th').nth(1);
    const column = () =>
      page.locator('#by-owner tbody tr').evaluateAll((trs) =>
        trs.map((tr) => {
          const cell = (tr as HTMLTableRowElement).cells[1]!;
          const text = cell.textContent!.trim();
          if (cell.dataset.v) return Number(cell.dataset.v);
          return /\d/.test(text) ? Number(text.replace(/\./g, '').replace(',', '.').replace(/[^\d.-]/g, '')) : NaN;
        }),
      );
    // A row without a value (n/d, read as NaN here) stays last whichever way the column is sorted.
    const before = await column();
    const values = before.filter((v) => !Number.isNaN(v));
    const missing = before.length - values.length;
    expect(values.length).toBeGreaterThan(2);
    await header.click();
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    expect(await column()).toEqual([...[...values].sort((a, b) => a - b), ...Array<number>(missing).fill(NaN)]);
    await header.click();
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    expect(await column()).toEqual([...[...values].sort((a, b) => b - a), ...Array<number>(missing).fill(NaN)]);
    await page.close();
  });

  it('shows a term’s definition on a tap, without sorting the column it heads', async () => {
    const page = await context!.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${baseUrl}/periods/2026-10/index.html#breakdowns`);
    const term = page.locator('#by-source thead abbr.term').first();
    const definition = await term.getAttribute('title');
    expect(definition!.length).toBeGreaterThan(20);
    expect(await page.locator('.term-tip').isVisible()).toBe(false);
    await page.setViewportSize({ width: 1440, height: 900 });
    await term.click();
    expect(await page.locator('.term-tip').textContent()).toBe(definition);
    expect(await page.locator('.term-tip').isVisible()).toBe(true);
    expect(await page.locator('#by-source thead th[aria-sort]').count()).toBe(0);
    await page.locator('h1').click();
    expect(await page.locator('.term-tip').isVisible()).toBe(false);
    await page.close();
  });

  it('fits a 390 px phone: no element past the viewport, the scorecard as cards with the status first, chart labels of 11 px or more', async () => {
    const page = await context!.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of PHONE_PAGES) {
      await page.goto(`${baseUrl}${path}`);
      // Unfold every section, as a reader would one by one.
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
      expect(await sidewaysScroll(page), path).toBeLessThanOrEqual(0);
      expect(await overflowing(page), path).toEqual([]);
      expect(await smallChartLabels(page, 11), path).toEqual([]);
    }
    for (const [path, table] of [
      ['/index.html', '#clauses'],
      ['/periods/2026-10/index.html', '#scorecard'],
    ] as const) {
      await page.goto(`${baseUrl}${path}`);
      const fit = await page.locator(table).evaluate((t) => ({ table: t.scrollWidth, box: t.parentElement!.clientWidth }));
      expect(fit.table, path).toBeLessThanOrEqual(fit.box);
      // The status sits above the clause name in each card.
      const row = page.locator(`${table} tbody tr`).first();
      const status = await row.locator('.badge').boundingBox();
      const name = await row.locator('th').boundingBox();
      expect(status!.y, path).toBeLessThan(name!.y);
    }
    // The screenshot set (screenshot-set.test.ts) shows these pages; here the desktop's chart labels.
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${baseUrl}/periods/2026-10/index.html`);
    expect(await smallChartLabels(page, 11)).toEqual([]);
    await page.close();
  }, 180_000);
});
