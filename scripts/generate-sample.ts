/**
 * Writes the bundled sample (Acme Brasil, 2025-05-01 … 2026-10-31) or a benchmark-sized dataset
 * with the same funnel simulation. Seeded: the same command always writes byte-identical files.
 *
 *   npm run sample                                   # data/sample/, ~15k leads
 *   npm run sample -- --size large                   # bench-data/large/, 1M leads, 10M activities
 *   npm run sample -- --size medium --out /tmp/m     # ~100k leads, for scaling measurements
 *
 * Dirty rows planted in the default sample, by the line where each row starts (header = line 1).
 * leads.csv line 154 is a valid lead whose company name holds a line break, so from there on a
 * leads.csv row starts one line later than its position. Every run prints this list again, and
 * sample/dirty-rows.ts plants them.
 *   leads.csv        1839 L9990001 created_at `31/02/2026`, 3829 L9990002 created_at `ontem`,
 *                    6125 empty lead_id, 10717 L9990003 created_at `2026-02-30 10:00:00`  → quarantined
 *                    8421 L4590 again (first at 4594), phone corrected                    → duplicate
 *   lead_events.csv  3581 stage `cliente`, 4753 at `ontem`                                → quarantined
 *   activities.csv   14923 type `fax`, 57999 occurred_at `ontem`, 87846 empty lead_id,
 *                    112298 occurred_at `31/02/2026 14:30`                                → quarantined
 *                    36010 A35997 again (first at 35998), outcome voicemail               → duplicate
 *                    102733 and 102734 for lead L9990901, which does not exist            → orphans
 *   deals.csv        1698 amount `abc`, 1933 created_at `31/02/2026`                      → quarantined
 *                    2006 D1223 again (first at 1224), amount renegotiated                → duplicate
 *                    1773, 1837, 1888 for leads L9990902–4, which do not exist            → orphans
 */
import { parseArgs } from 'node:util';
import { CsvFolderSink } from './sample/csv-files.ts';
import { type DatasetParams, generateDataset } from './sample/dataset.ts';
import { DEFAULT_SEED, SIZES } from './sample/sizes.ts';

const USAGE = `Usage: npm run sample -- [--size sample|medium|large] [--out DIR] [--seed N]

Generates the canonical CSV inputs (leads, lead_events, activities, deals) for a fictional
Brazilian B2B SaaS company over 2025-05-01 … 2026-10-31 (cut-off 2026-10-31 18:00, local time).

  --size   sample  ~15k leads, ~150k activities, ~2k deals   (default; out: data/sample)
           medium  ~100k leads, ~1M activities                (out: bench-data/medium)
           large   ~1M leads, ~10M activities, ~200k deals    (out: bench-data/large)
  --out    folder to write into (created if missing; the four files are replaced)
  --seed   integer seed (default ${DEFAULT_SEED}); the same size and seed give byte-identical files
  --help   this text

Rows are streamed to disk, so memory stays flat at any size.`;

function fail(message: string): never {
  process.stderr.write(`generate-sample: ${message}\nRun with --help for usage.\n`);
  process.exit(2);
}

function main(): void {
  let args;
  try {
    args = parseArgs({
      options: {
        size: { type: 'string', default: 'sample' },
        out: { type: 'string' },
        seed: { type: 'string', default: String(DEFAULT_SEED) },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    });
  } catch (e) {
    fail((e as Error).message);
  }
  if (args.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const profile = Object.hasOwn(SIZES, args.values.size) ? SIZES[args.values.size] : undefined;
  if (!profile) fail(`unknown --size "${args.values.size}" (expected sample, medium or large)`);
  const seed = Number(args.values.seed);
  if (!Number.isInteger(seed) || seed < 0) fail(`--seed must be a non-negative integer, got "${args.values.seed}"`);
  const out = args.values.out ?? profile.out;

  const started = performance.now();
  let sink: CsvFolderSink;
  try {
    sink = new CsvFolderSink(out);
  } catch (e) {
    fail(`cannot write into ${out}: ${(e as Error).message}`);
  }
  let nextReport = 0.1;
  const params: DatasetParams = {
    leads: profile.leads,
    seed,
    addOnShare: profile.addOnShare,
    onProgress: ({ day, days, leads }) => {
      if (!profile.progress || day / days < nextReport) return;
      nextReport += 0.1;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const activities = sink.rowCount('activities');
      process.stderr.write(
        `  ${Math.round((100 * day) / days)}%  leads ${leads.toLocaleString('en')}  activities ${activities.toLocaleString('en')}  ${seconds} s\n`,
      );
    },
  };
  process.stderr.write(
    `generate-sample: ${args.values.size} (${profile.leads.toLocaleString('en')} leads, seed ${seed}) → ${out}\n`,
  );
  let report;
  let files;
  try {
    report = generateDataset(params, sink);
    files = sink.close();
  } catch (e) {
    fail(`could not write into ${out}: ${(e as Error).message}`);
  }
  const seconds = (performance.now() - started) / 1000;

  const width = Math.max(...files.map((f) => f.file.length));
  let totalBytes = 0;
  for (const f of files) {
    totalBytes += f.bytes;
    process.stdout.write(
      `  ${f.file.padEnd(width)}  ${f.rows.toLocaleString('en').padStart(11)} rows  ${(f.bytes / 1e6).toFixed(2).padStart(9)} MB\n`,
    );
  }
  const pct = (a: number, b: number): string => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)}%`);
  process.stdout.write(
    `  ${'total'.padEnd(width)}  ${''.padStart(16)}  ${(totalBytes / 1e6).toFixed(2).padStart(9)} MB\n` +
      `  funnel: ${report.leads.toLocaleString('en')} leads, ${pct(report.mqlLeads, report.leads)} became MQL, ` +
      `${report.handoffs.toLocaleString('en')} handoffs, ${report.sql.toLocaleString('en')} SQL, ` +
      `${report.deals.toLocaleString('en')} deals, ${report.won.toLocaleString('en')} won (R$ ${Math.round(report.wonRevenue).toLocaleString('en')})\n` +
      `  planted dirty rows: ${report.planted.length}\n`,
  );
  for (const p of report.planted) {
    process.stdout.write(`    ${p.file}:${p.line}  ${p.key}  ${p.problem}  → ${p.expect}\n`);
  }
  const rssMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`  ${seconds.toFixed(1)} s, peak RSS ${rssMiB.toFixed(0)} MiB\n`);
}

main();
