import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsFileSchema } from '../../pipeline/schemas/snapshot.ts';
import { build, htmlFiles, launch, repoRoot, serve, watch } from './harness.ts';

// The site as `npm run report` publishes it: built from the committed sample snapshots, opened in
// Chromium, and scanned for every identifying value of the sample's leads.

const sampleLeads = Papa.parse<Record<string, string>>(readFileSync(join(repoRoot, 'data/sample/leads.csv'), 'utf8'), {
  header: true,
  skipEmptyLines: true,
}).data;

describe('the site built from the sample snapshots', () => {
  let outDir = '';
  let profileDir = '';
  let server: Server | undefined;
  let context: BrowserContext | undefined;
  let baseUrl = '';

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'handoff-sample-site-'));
    profileDir = mkdtempSync(join(tmpdir(), 'handoff-chromium-'));
    await build(outDir, 'data/snapshots');
    server = await serve(outDir);
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    context = await launch(profileDir);
  });

  afterAll(async () => {
    await context?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    for (const dir of [outDir, profileDir]) if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

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

  it('publishes no lead e-mail, phone, name, company or id', () => {
    expect(sampleLeads.length).toBeGreaterThan(10_000);
    const text = htmlFiles(outDir)
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
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
