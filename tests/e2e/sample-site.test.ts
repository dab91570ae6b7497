import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contributorsFileSchema } from '../../pipeline/schemas/contributors.ts';
import { planActualFileSchema } from '../../pipeline/schemas/plan-actual.ts';
import { scorecardFileSchema } from '../../pipeline/schemas/scorecard.ts';
import { metricsFileSchema } from '../../pipeline/schemas/snapshot.ts';
import { type OpenSite, axeProblems, filesOf, htmlFiles, openSampleSite, printed, repoRoot, sidewaysScroll, watch } from './harness.ts';

// The site as `npm run report` publishes it: built from the committed sample snapshots, opened in
// Chromium, checked against the quality bars (build time, page size, accessibility, phones,
// print) and scanned for every identifying value of the sample's leads.

/** One page of every kind in the sample site. */
const PAGE_KINDS = [
  '/index.html',
  '/periods/2026-10/index.html',
  '/periods/2026-10/meeting/index.html',
  '/trends/index.html',
  '/trends/funnel-flow/index.html',
  '/agreement/index.html',
  '/data/index.html',
];

const sampleLeads = Papa.parse<Record<string, string>>(readFileSync(join(repoRoot, 'data/sample/leads.csv'), 'utf8'), {
  header: true,
  skipEmptyLines: true,
}).data;

describe('the site built from the sample snapshots', () => {
  let site: OpenSite | undefined;
  let outDir = '';
  let context: BrowserContext | undefined;
  let baseUrl = '';

  beforeAll(async () => {
    site = await openSampleSite();
    ({ outDir, context, baseUrl } = site);
  });
  afterAll(() => site?.close());

  it('opens the home page and shows the latest period’s MQL count from its snapshot', async () => {
    const rows = metricsFileSchema.parse(JSON.parse(readFileSync(join(repoRoot, 'data/snapshots/2026-10/metrics.json'), 'utf8')));
    const mqls = rows.find((r) => r.metric === 'mql.count' && r.segment_kind === 'all')!.value!;
    const page = await context!.newPage();
    const problems = watch(page);
    await page.goto(`${baseUrl}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('pt-BR');
    expect(await page.locator('.kpi-value[data-metric="mql.count"]').first().textContent()).toBe(new Intl.NumberFormat('pt-BR').format(mqls));
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows the scorecard and the speed to lead of the latest period as its snapshot has them', async () => {
    const snapshot = join(repoRoot, 'data/snapshots/2026-10');
    const rows = metricsFileSchema.parse(JSON.parse(readFileSync(join(snapshot, 'metrics.json'), 'utf8')));
    const scorecard = scorecardFileSchema.parse(JSON.parse(readFileSync(join(snapshot, 'scorecard.json'), 'utf8')));
    const pct = (value: number) => new Intl.NumberFormat('pt-BR', { style: 'percent', maximumFractionDigits: 1 }).format(value / 100);
    const statusWords = { met: 'Cumprida', at_risk: 'Em risco', missed: 'Descumprida', no_data: 'n/d' };
    const page = await context!.newPage();
    const problems = watch(page);

    await page.goto(`${baseUrl}/`);
    expect(await page.locator('#scorecard .scorecard-table tbody tr').count()).toBe(scorecard.clauses.length);
    for (const clause of scorecard.clauses) {
      const row = page.locator(`#scorecard .scorecard-table tr[data-key="${clause.id}"]`);
      expect(await row.getAttribute('data-status'), clause.id).toBe(clause.status);
      expect((await row.locator('.badge').textContent())?.trim(), clause.id).toBe(statusWords[clause.status]);
      expect(await row.locator('.measured').textContent(), clause.id).toBe(clause.measured === null ? 'n/d' : pct(clause.measured));
    }

    const within = rows.find((r) => r.metric === 'speed.within_sla_pct' && r.segment_kind === 'all')!;
    await page.goto(`${baseUrl}/periods/2026-10/index.html`);
    expect(await page.locator('#speed dd[data-metric="speed.within_sla_pct"]').textContent()).toBe(pct(within.value!));
    expect(await page.locator('#speed .fact-hint').first().textContent()).toBe(
      `${new Intl.NumberFormat('pt-BR').format(within.numerator!)} de ${new Intl.NumberFormat('pt-BR').format(within.denominator!)}`,
    );
    const target = rows.find((r) => r.metric === 'mql.target' && r.segment_kind === 'all')!;
    expect(await page.locator('#volume dd[data-metric="mql.target"]').textContent()).toBe(new Intl.NumberFormat('pt-BR').format(target.value!));

    await page.goto(`${baseUrl}/periods/2026-10/meeting/index.html`);
    const missed = scorecard.clauses.filter((c) => c.status === 'missed').length;
    expect(await page.locator('#discussion li').count()).toBeGreaterThanOrEqual(missed);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('puts plan against actual at the top of home, period and meeting pages, revenue included', async () => {
    const plan = planActualFileSchema.parse(JSON.parse(readFileSync(join(repoRoot, 'data/snapshots/2026-10/plan-actual.json'), 'utf8')));
    const money = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL', maximumFractionDigits: 0 });
    const count = new Intl.NumberFormat('pt-BR', { maximumFractionDigits: 1 });
    const pct = (value: number) => new Intl.NumberFormat('pt-BR', { style: 'percent', maximumFractionDigits: 1 }).format(value / 100);
    const text = (stage: string, value: number) => (stage === 'revenue' ? money.format(value) : count.format(value)).replace(/\s/g, ' ');
    const norm = (s: string | null) => (s ?? '').replace(/\s/g, ' ').trim();
    const page = await context!.newPage();
    const problems = watch(page);

    await page.goto(`${baseUrl}/`);
    // The card comes before the scorecard.
    expect(await page.locator('main > section.card').first().getAttribute('id')).toBe('plan-actual');
    expect(plan.stages.map((l) => l.stage)).toEqual(['revenue', 'deals_won', 'sqls', 'mqls', 'leads']);
    for (const line of plan.stages) {
      const row = page.locator(`#plan-actual tr[data-stage="${line.stage}"]`);
      const cells = (await row.locator('td').allTextContents()).map(norm);
      expect(cells.slice(0, 3), line.stage).toEqual([text(line.stage, line.target!), text(line.stage, line.actual), pct(line.pct_of_target!)]);
    }
    // Sample, October 2026: R$ 859.120 of R$ 600.000, 143,2%.
    expect(norm(await page.locator('#plan-actual tr[data-stage="revenue"] td').nth(1).textContent())).toBe('R$ 859.120');
    expect(await page.locator('#plan-actual svg title').textContent()).toContain('Outubro de 2026');

    await page.goto(`${baseUrl}/periods/2026-10/index.html`);
    expect(norm(await page.locator('#plan-actual tr[data-stage="deals_won"] td').nth(1).textContent())).toBe(text('deals_won', plan.stages[1]!.actual));

    await page.goto(`${baseUrl}/periods/2026-10/meeting/index.html`);
    const revenue = norm(await page.locator('#plan-actual li[data-stage="revenue"]').textContent());
    expect(revenue).toContain(text('revenue', plan.stages[0]!.actual));
    expect(revenue).toContain(text('revenue', plan.stages[0]!.target!));
    expect(problems).toEqual([]);
    await page.close();
  });

  it('names the top contributors under a missed clause and in the meeting’s discussion points', async () => {
    const drivers = contributorsFileSchema.parse(JSON.parse(readFileSync(join(repoRoot, 'data/snapshots/2026-10/contributors.json'), 'utf8')));
    const speed = drivers.clauses.find((c) => c.id === 'speed_within_sla')!;
    expect(speed.status).toBe('missed');
    const owner = speed.contributors.find((c) => c.segment_kind === 'owner')!;
    // Sample, October 2026: Diego Martins answers 10 of 50 in time, 51,1% of the owners' shortfall.
    expect([owner.segment, owner.numerator, owner.denominator]).toEqual(['Diego Martins', 10, 50]);
    const pct = (value: number) => new Intl.NumberFormat('pt-BR', { style: 'percent', maximumFractionDigits: 1 }).format(value / 100);
    const page = await context!.newPage();
    const problems = watch(page);

    for (const path of ['/', '/periods/2026-10/index.html', '/periods/2026-10/meeting/index.html']) {
      await page.goto(`${baseUrl}${path}`);
      const items = await page.locator('#miss-drivers li[data-clause="speed_within_sla"] .driver-list li').allTextContents();
      expect(items, path).toContain(`Responsável Diego Martins: ${pct(owner.share_pct)} do que faltou — 20% (10 de 50)`);
    }
    const discussion = (await page.locator('#discussion li').allTextContents()).join('\n');
    const top = speed.contributors.reduce((a, b) => (b.share_pct > a.share_pct ? b : a));
    expect(discussion).toContain(`Tempo de resposta, ${top.segment_kind === 'tier' ? 'nível' : top.segment_kind} ${top.segment} (${pct(top.share_pct)})`);
    expect(problems).toEqual([]);
    await page.close();
  });

  // Build time is a figure for the benchmark and the report's summary, not a test: on a shared
  // machine a wall-clock bound fails for reasons the code does not have.
  it('keeps every page under 150 KB', () => {
    for (const file of htmlFiles(outDir)) expect(statSync(file).size, file).toBeLessThan(150 * 1024);
  });

  it('has no serious or critical accessibility problem, reads at 360 px and prints the meeting view on one sheet', async () => {
    const page = await context!.newPage();
    for (const path of PAGE_KINDS) {
      await page.goto(`${baseUrl}${path}`);
      expect(await axeProblems(page), path).toEqual([]);
    }
    await page.goto(`${baseUrl}/periods/2026-10/meeting/index.html`);
    expect((await printed(page)).sheets).toBe(1);
    await page.setViewportSize({ width: 360, height: 780 });
    for (const path of PAGE_KINDS) {
      await page.goto(`${baseUrl}${path}`);
      expect(await sidewaysScroll(page), `${path} scrolls sideways`).toBeLessThanOrEqual(0);
    }
    await page.close();
  }, 180_000);

  it('publishes no lead e-mail, phone, name, company or id, in pages or downloads', () => {
    expect(sampleLeads.length).toBeGreaterThan(10_000);
    const csvFiles = filesOf(outDir, '.csv');
    expect(csvFiles.length).toBeGreaterThan(50);
    // Every text cell of every download, once: a number cannot be a name, an e-mail or an id,
    // and the downloads repeat their segment names many times over.
    const cells = new Set<string>();
    for (const file of csvFiles) {
      for (const row of Papa.parse<string[]>(readFileSync(file, 'utf8'), { skipEmptyLines: true }).data) {
        for (const cell of row) if (!/^-?\d+(\.\d+)?(e-?\d+)?$/.test(cell)) cells.add(cell);
      }
    }
    // Likewise every text node and attribute value of every page, once: a lead could only be
    // published as one of them, and the period pages repeat their styles and labels.
    for (const file of htmlFiles(outDir)) {
      for (const match of readFileSync(file, 'utf8').matchAll(/>([^<]+)<|="([^"]*)"/g)) cells.add(match[1] ?? match[2] ?? '');
    }
    const text = [...cells].join('\n');
    expect(findLeaks(text)).toEqual([]);
    // The scan itself must be able to fail: planted values are found.
    const planted = sampleLeads.find((l) => l.email && l.name && l.phone)!;
    expect(findLeaks(`${text}<td>${planted.name}</td><td>${planted.email}</td><td>${planted.lead_id}</td>`)).toEqual(
      expect.arrayContaining([`email: ${planted.email}`, `name: ${planted.name}`, `lead_id: ${planted.lead_id}`]),
    );
  });
});

/** Every lead value (e-mail, phone, name, company, id) of the sample that appears in `text`. */
function findLeaks(text: string): string[] {
  // Words and their neighbours, so a full name is found without scanning the text once per lead.
  const words = text.split(/[\s<>"'=;:,()]+/).filter(Boolean);
  const phrases = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    for (let n = 1; n <= 5 && i + n <= words.length; n++) phrases.add(words.slice(i, i + n).join(' '));
  }
  const owners = new Set(sampleLeads.map((l) => l.owner));
  const leaks: string[] = [];
  for (const lead of sampleLeads) {
    for (const field of ['email', 'phone', 'name', 'company', 'lead_id'] as const) {
      const value = lead[field]?.trim();
      // Sales reps' names are published by design (publish.owners: names); a lead sharing a rep's name is not a leak.
      if (!value || owners.has(value)) continue;
      if (field === 'lead_id' ? new RegExp(`(?<![\\w.,-])${value}(?![\\w.])`).test(text) : phrases.has(value) || (field !== 'name' && text.includes(value))) {
        leaks.push(`${field}: ${value}`);
      }
    }
  }
  return leaks;
}
