import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { briefPath, markdownText, renderBriefs } from '../../pipeline/actions/briefs.ts';
import { loadContract } from '../../pipeline/contract/load.ts';
import { Db } from '../../pipeline/db.ts';
import { ingest } from '../../pipeline/ingest/ingest.ts';
import { buildModel } from '../../pipeline/model/build-model.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { fixedClock, silentLogger } from '../../pipeline/steps.ts';

// tests/fixtures/briefs, UTC, Mon–Fri 09–18; ICP = segment in {saas, fintech} and company_size ≥ 50;
// tier A (ICP or score ≥ 80) 30 min, B 2 h. as_of = Thursday 2026-10-15 10:00.
//   L1 (Ana A, Acme, no phone; saas, 12 employees, score 90): MQL Thu 1/10 09:00 (handoff 1), called
//      Fri 2/10 10:00 (no answer), recycled Mon 5/10 10:00 "no budget", MQL again Wed 14/10 17:00
//      (handoff 2). ICP: saas ✓, 12 ≥ 50 ✗ → ✗; tier A by score 90 ≥ 80. Deadline 17:00 + 30 min =
//      Wed 17:30; at Thu 10:00 no attempt (the WhatsApp at 17:10 is inbound) → breached; tier A since
//      as_of − 24 h → new priority. Its one touch is on Wed (business day n), as_of on Thu (n + 1): 1
//      business day. Conversions up to as_of: 30/9 10:00 form, 1/10 08:30 page, 14/10 16:55 content
//      (the 20/10 one is after as_of) → first form, latest content, 3 in all.
//   L2 (tier B, score 50, retail): MQL Thu 09:00, 60 of 120 min gone → 60 left ≤ due_soon 60 → due soon.
const AS_OF = '2026-10-15T10:00:00Z';
const { contract } = loadContract('tests/fixtures/briefs/sla.yaml');
let db: Db;

beforeAll(async () => {
  db = await Db.open(':memory:');
  await ingest(db, silentLogger, 'tests/fixtures/briefs', contract);
  await buildModel(db, contract, AS_OF);
});
afterAll(() => db.close());

const lines = (text: string | undefined) => (text ?? '').split('\n');

describe('the brief of a lead with two handoffs and conversions', () => {
  it('tells the whole story in English', async () => {
    const briefs = await renderBriefs(db, contract, AS_OF, ['L1#2']);
    expect(lines(briefs.get('L1#2'))).toEqual([
      '# Ana A — Acme',
      '',
      '- Tier A · score 90 · owner Rita',
      '- MQL 10/14/2026 17:00 (handoff 2) · respond by 10/14/2026 17:30',
      '- ana@example.test',
      '',
      '## Where from',
      '- Source: organic',
      '- Campaign: bf-2026',
      '',
      '## Conversions',
      '- First: 09/30/2026 10:00, form: Contact us',
      '- Latest: 10/14/2026 16:55, content download: SaaS ebook',
      '- 3 conversions in all',
      '',
      '## Why tier A',
      '- ICP ✗',
      '  - segment is one of saas, fintech ✓',
      '  - company_size ≥ 50 ✗ (12)',
      '- Tier A ✓',
      '  - any of ✓',
      '    - fits the ICP ✗',
      '    - score ≥ 80 ✓ (90)',
      '',
      '## Missing fields',
      '- phone',
      '',
      '## Touches so far',
      '- 1 touch: WhatsApp ×1',
      '- Last: 10/14/2026 17:10, WhatsApp, inbound, replied',
      '- 1 business day since then',
      '',
      '## Earlier handoffs',
      '- Handoff 1: MQL 10/01/2026 09:00 · 1 touch · recycled 10/05/2026 10:00 (no budget) · came back 10/14/2026 17:00',
      '',
    ]);
  });

  it('tells the same story in Portuguese, with Brazilian dates', async () => {
    const briefs = await renderBriefs(db, { ...contract, locale: 'pt-BR' }, AS_OF, ['L1#2']);
    expect(lines(briefs.get('L1#2'))).toEqual([
      '# Ana A — Acme',
      '',
      '- Nível A · pontuação 90 · responsável Rita',
      '- MQL 14/10/2026 17:00 (passagem 2) · responder até 14/10/2026 17:30',
      '- ana@example.test',
      '',
      '## De onde veio',
      '- Origem: organic',
      '- Campanha: bf-2026',
      '',
      '## Conversões',
      '- Primeira: 30/09/2026 10:00, formulário: Contact us',
      '- Última: 14/10/2026 16:55, download de conteúdo: SaaS ebook',
      '- 3 conversões no total',
      '',
      '## Por que nível A',
      '- ICP ✗',
      '  - segment é um de saas, fintech ✓',
      '  - company_size ≥ 50 ✗ (12)',
      '- Nível A ✓',
      '  - qualquer uma ✓',
      '    - está no ICP ✗',
      '    - score ≥ 80 ✓ (90)',
      '',
      '## Campos faltando',
      '- phone',
      '',
      '## Contatos até agora',
      '- 1 contato: WhatsApp ×1',
      '- Último: 14/10/2026 17:10, WhatsApp, recebido, respondeu',
      '- 1 dia útil desde então',
      '',
      '## Passagens anteriores',
      '- Passagem 1: MQL 01/10/2026 09:00 · 1 contato · reciclado 05/10/2026 10:00 (no budget) · voltou 14/10/2026 17:00',
      '',
    ]);
  });

  it('says why a lead fell to the last tier, and what is absent', async () => {
    const briefs = await renderBriefs(db, contract, AS_OF, ['L2#1']);
    const text = lines(briefs.get('L2#1'));
    // L2: retail is not saas/fintech, 200 ≥ 50; score 50 < 80 → no tier A rule holds → B.
    expect(text.slice(text.indexOf('## Why tier B'), text.indexOf('## Missing fields'))).toEqual([
      '## Why tier B',
      '- ICP ✗',
      '  - segment is one of saas, fintech ✗ (retail)',
      '  - company_size ≥ 50 ✓ (200)',
      '- Tier A ✗',
      '  - any of ✗',
      '    - fits the ICP ✗',
      '    - score ≥ 80 ✗ (50)',
      "- Tier B: no earlier tier's rule matched",
      '',
    ]);
    expect(text).toContain('- Campaign: —');
    expect(text).toContain('- No conversion recorded.');
    expect(text).toContain('- None: every handoff field is filled.');
    expect(text).toContain('- No touches yet.');
    expect(text).toContain("- None: this is the lead's first handoff.");
  });
});

describe('the brief of a lead whose fields hold HTML and Markdown', () => {
  // L2 of the fixture with hostile text in every field a brief shows; the numbers are L2's as above.
  it('shows every value as text: no HTML, entity, link, image, code span or line of its own', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'handoff-briefs-hostile-'));
    const hostileDb = await Db.open(':memory:');
    try {
      cpSync('tests/fixtures/briefs', dir, { recursive: true });
      const leads = readFileSync(join(dir, 'leads.csv'), 'utf8').replace(
        'L2,2026-10-15 08:00:00,Bia B,Beta,bia@example.test,+55 11 90000-0002,paid,,retail,200,Joao,50',
        'L2,2026-10-15 08:00:00,<script>alert(1)</script>,<img src=x onerror=alert(1)>,bia@example.test,+55 11 90000-0002,' +
          '[Reset password](https://evil.test/reset),![t](https://evil.test/pixel.png) &lt;b&gt;,`x` <b>retail</b>,200,"Joao\n# Tier A ✓",50',
      );
      writeFileSync(join(dir, 'leads.csv'), leads);
      await ingest(hostileDb, silentLogger, dir, contract);
      await buildModel(hostileDb, contract, AS_OF);
      const text = lines((await renderBriefs(hostileDb, contract, AS_OF, ['L2#1'])).get('L2#1'));
      expect(text.slice(0, 3)).toEqual(['# \\<script\\>alert(1)\\</script\\> — \\<img src=x onerror=alert(1)\\>', '', '- Tier B · score 50 · owner Joao # Tier A ✓']);
      expect(text).toContain('- Source: \\[Reset password\\](https://evil.test/reset)');
      expect(text).toContain('- Campaign: !\\[t\\](https://evil.test/pixel.png) \\&lt;b\\&gt;');
      expect(text).toContain('  - segment is one of saas, fintech ✗ (\\`x\\` \\<b\\>retail\\</b\\>)');
      // Every < > & [ ] ` of the brief is escaped, and no line but the title is a heading.
      const joined = text.join('\n');
      expect(joined).not.toMatch(/(?<!\\)[<>&[\]`]/);
      expect(text.filter((l) => l.startsWith('# '))).toHaveLength(1);
    } finally {
      hostileDb.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('escapes with CommonMark backslashes and flattens line breaks', () => {
    expect(markdownText('a\\b <i> & [x](y) `z`\r\n- item')).toBe('a\\\\b \\<i\\> \\& \\[x\\](y) \\`z\\` - item');
  });
});

describe('conversions from an RD Station export, without conversions.csv', () => {
  // rui@example.test: first conversion 02/10/2026 10:15 "Busca orgânica", last 15/10/2026 09:40
  // (São Paulo) "Formulário de contato", 4 in all; Lead Qualificado → MQL at the last conversion.
  it('reads the first and latest conversion and the total from the lead row', async () => {
    const rd = loadContract('tests/fixtures/briefs/rdstation/sla.yaml').contract;
    const rdDb = await Db.open(':memory:');
    try {
      await ingest(rdDb, silentLogger, 'tests/fixtures/briefs/rdstation', rd);
      await buildModel(rdDb, rd, '2026-10-15T13:00:00Z');
      const text = lines((await renderBriefs(rdDb, rd, '2026-10-15T13:00:00Z', ['rui@example.test#1'])).get('rui@example.test#1'));
      expect(text.slice(text.indexOf('## Conversões'), text.indexOf('## Por que nível A'))).toEqual([
        '## Conversões',
        '- Primeira: 02/10/2026 10:15, Busca orgânica',
        '- Última: 15/10/2026 09:40, Formulário de contato',
        '- 4 conversões no total',
        '',
      ]);
      // Score 85 ≥ 80 → A; 09:40 + 30 min = 10:10 local.
      expect(text[3]).toBe('- MQL 15/10/2026 09:40 (passagem 1) · responder até 15/10/2026 10:10');
    } finally {
      rdDb.close();
    }
  });
});

describe('briefs in a pipeline run', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'handoff-briefs-run-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('writes one brief per listed lead and names it on every breached, due-soon and new-priority row', async () => {
    const result = await runPipeline(
      { input: 'tests/fixtures/briefs', config: 'tests/fixtures/briefs/sla.yaml', out: join(work, 'out'), asOf: '2026-10-15 10:00' },
      { logger: silentLogger, clock: fixedClock('2026-10-15T10:00:05Z') },
    );
    expect(result.actions.counts).toMatchObject({ breached: 1, 'due-soon': 1, 'new-priority': 1 });
    const actions = join(work, 'out/actions');
    for (const list of ['breached', 'due-soon', 'new-priority']) {
      const rows = JSON.parse(readFileSync(join(actions, `${list}.json`), 'utf8')).rows as Array<{ handoff_id: string; brief: string }>;
      expect(rows.length, list).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row.brief).toBe(briefPath(row.handoff_id));
        expect(existsSync(join(actions, row.brief)), row.brief).toBe(true);
      }
    }
    expect(briefPath('L1#2')).toBe('briefs/L1-2.md');
    const csv = readFileSync(join(actions, 'breached.csv'), 'utf8').slice(1).split('\n');
    expect(csv[0]!.endsWith(',handoff_id,lead_id,brief')).toBe(true);
    expect(csv[1]!.endsWith(',L1#2,L1,briefs/L1-2.md')).toBe(true);
    expect(readFileSync(join(actions, 'briefs/L1-2.md'), 'utf8')).toBe((await renderBriefs(db, contract, AS_OF, ['L1#2'])).get('L1#2'));
    expect(existsSync(join(work, 'out/snapshots'))).toBe(true);
  });
});
