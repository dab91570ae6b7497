import { CANONICAL_KINDS } from '../../pipeline/contract/schema.ts';
import type { Manifest } from '../../pipeline/schemas/snapshot.ts';
import { metricLabel } from '../i18n/glossary.ts';
import { DATA_PAGE } from '../lib/paths.ts';
import { unitOf, type PeriodSnapshot, type Restatement, type SiteData } from '../lib/snapshots.ts';
import { siteTable, textCell, type SiteTable, type TableRow } from '../lib/table.ts';
import { countCell, inputsTable, metricCell, periodCells, reasonsTable, segmentText } from './metric-tables.ts';
import { fileName, idPart, pageContext, type PageContext } from './page-context.ts';

// The data page, as data: per period its status, cut-off, agreement and tool; per pipeline run
// the input files with their hashes and row counts; per restated period what changed. Periods
// written by the same run share one set of input figures, so they are shown once per run.

/** The periods one pipeline run wrote, with what it read. */
export interface RunProvenance {
  /** 1 = the newest run. */
  number: number;
  manifest: Manifest;
  periods: PeriodSnapshot[];
  inputs: SiteTable;
  reasons: SiteTable | null;
  /** The columns read per input, when the run recorded them (some expected column was missing). */
  columns: SiteTable | null;
  files: SiteTable;
}

/** The restatements of one period. */
export interface PeriodRestatements {
  snapshot: PeriodSnapshot;
  restatements: Restatement[];
  table: SiteTable;
}

/** Everything the data page shows. */
export interface DataView {
  ctx: PageContext;
  page: string;
  periods: SiteTable;
  runs: RunProvenance[];
  restated: PeriodRestatements[];
  tables: SiteTable[];
}

/** What makes two snapshots come from the same run: cut-off, tool, agreement and inputs. */
function runKey(manifest: Manifest): string {
  return JSON.stringify([manifest.as_of, manifest.tool, manifest.contract.sha256, manifest.input_files, manifest.inputs]);
}

/** What each input's columns were read as: header names only, never lead values; null when the run recorded none. */
function columnsTable(ctx: PageContext, manifest: Manifest, id: string): SiteTable | null {
  const { t } = ctx;
  const columns = manifest.columns;
  if (columns === undefined) return null;
  const list = (items: string[]) => textCell(items.join('; '));
  return siteTable({
    id,
    caption: t.data.columnsCaption,
    columns: [
      { key: 'input', label: t.table.input },
      { key: 'read', label: t.data.columnsRead },
      { key: 'missing', label: t.data.columnsMissing },
      { key: 'unused', label: t.data.columnsUnused },
      { key: 'lookalikes', label: t.data.columnsLookalikes },
    ],
    rows: CANONICAL_KINDS.flatMap((kind) => {
      const report = columns[kind];
      if (!report) return [];
      return [
        {
          key: kind,
          cells: [
            { value: kind, text: t.inputKinds[kind] },
            list(Object.entries(report.mapped).map(([column, header]) => `${column} ← ${header}`)),
            list(report.missing),
            list(report.unused),
            list((report.lookalikes ?? []).map((l) => `${l.header} → ${l.column}`)),
          ],
        },
      ];
    }),
  });
}

/** Whole-period changes on the page; breakdown changes only in the download, where their number is said. */
function splitRows(rows: Array<TableRow & { whole: boolean }>): { rows: TableRow[]; more: TableRow[] } {
  const strip = ({ key, cells }: TableRow): TableRow => ({ key, cells });
  return { rows: rows.filter((r) => r.whole).map(strip), more: rows.filter((r) => !r.whole).map(strip) };
}

/** The data page of the site. */
export function dataView(site: SiteData): DataView {
  const ctx = pageContext(site);
  const { t, fmt } = ctx;
  const newestFirst = [...site.periods].reverse();

  const groups = new Map<string, PeriodSnapshot[]>();
  for (const snapshot of newestFirst) {
    const key = runKey(snapshot.manifest);
    groups.set(key, [...(groups.get(key) ?? []), snapshot]);
  }
  const runNumber = new Map<string, number>();
  const runs: RunProvenance[] = [...groups.values()].map((periods, i) => {
    const number = i + 1;
    const manifest = periods[0]!.manifest;
    for (const p of periods) runNumber.set(p.period, number);
    const files = siteTable({
      id: `run-${number}-files`,
      caption: t.data.filesCaption,
      columns: [
        { key: 'input', label: t.table.input },
        { key: 'file', label: t.table.file },
        { key: 'bytes', label: t.table.size, numeric: true },
        { key: 'sha256', label: 'sha256', mono: true },
      ],
      rows: CANONICAL_KINDS.flatMap((kind) => {
        const file = manifest.input_files[kind];
        if (!file) return [];
        return [
          {
            key: kind,
            cells: [
              { value: kind, text: t.inputKinds[kind] },
              textCell(fileName(file.path)),
              { value: file.bytes, text: fmt.bytes(file.bytes) },
              textCell(file.sha256),
            ],
          },
        ];
      }),
    });
    return {
      number,
      manifest,
      periods,
      inputs: inputsTable(ctx, manifest.inputs, `run-${number}-inputs`),
      reasons: reasonsTable(ctx, manifest.inputs, `run-${number}-reasons`),
      columns: columnsTable(ctx, manifest, `run-${number}-columns`),
      files,
    };
  });

  const periods = siteTable({
    id: 'periods',
    caption: t.data.periodsCaption,
    columns: [
      { key: 'period', label: t.table.period },
      { key: 'status', label: t.table.status },
      { key: 'as_of', label: t.provenance.asOf },
      { key: 'run', label: t.table.run, numeric: true },
      { key: 'contract_sha256', label: t.provenance.contractHash, mono: true },
      { key: 'tool', label: t.provenance.tool },
      { key: 'restatements', label: t.table.restatements, numeric: true },
    ],
    rows: newestFirst.map((p) => ({
      key: p.period,
      cells: [
        ...periodCells(ctx, p, DATA_PAGE),
        { value: p.manifest.as_of, text: fmt.dateTime(p.manifest.as_of) },
        { value: runNumber.get(p.period) ?? null, text: fmt.number(runNumber.get(p.period) ?? null), href: `#run-${runNumber.get(p.period)}` },
        // The page shows the hash's head, enough to tell agreements apart; the CSV has all of it.
        { value: p.manifest.contract.sha256, text: `${p.manifest.contract.sha256.slice(0, 12)}…` },
        textCell(`${p.manifest.tool.name} ${p.manifest.tool.version}`),
        countCell(ctx, p.restatements.length),
      ],
    })),
  });

  const restated: PeriodRestatements[] = newestFirst
    .filter((p) => p.restatements.length > 0)
    .map((snapshot) => {
      const table = siteTable({
        id: `restatements-${idPart(snapshot.period)}`,
        caption: t.data.restatementsCaption(fmt.period(snapshot.period)),
        columns: [
          { key: 'restated_at', label: t.table.restatedAt },
          { key: 'as_of', label: t.provenance.asOf },
          { key: 'metric', label: t.table.metric },
          { key: 'segment_kind', label: t.table.breakdown },
          { key: 'segment', label: t.table.segment },
          { key: 'old', label: t.table.old, numeric: true },
          { key: 'new', label: t.table.new, numeric: true },
        ],
        ...splitRows(
          snapshot.restatements.flatMap((r, i) =>
            r.changes.map((c, j) => ({
              whole: c.segment_kind === 'all',
              key: `${i + 1}-${j + 1}`,
              cells: [
                { value: r.restated_at, text: fmt.dateTime(r.restated_at) },
                { value: r.as_of, text: fmt.dateTime(r.as_of) },
                { value: c.metric, text: metricLabel(c.metric, fmt.locale) },
                { value: c.segment_kind, text: c.segment_kind === 'all' ? t.breakdowns.whole : t.breakdowns.kinds[c.segment_kind] },
                { value: c.segment, text: c.segment_kind === 'all' ? '' : segmentText(ctx, c.segment, c.segment_kind) },
                metricCell(ctx, c.old, unitOf(snapshot, c.metric)),
                metricCell(ctx, c.new, unitOf(snapshot, c.metric)),
              ],
            })),
          ),
        ),
      });
      return { snapshot, restatements: snapshot.restatements, table };
    });

  const tables = [periods, ...runs.flatMap((run) => [run.inputs, run.reasons, run.columns, run.files]), ...restated.map((r) => r.table)].filter(
    (table): table is SiteTable => table !== null,
  );
  return { ctx, page: DATA_PAGE, periods, runs, restated, tables };
}
