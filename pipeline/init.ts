import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { loadContract } from './contract/load.ts';
import { contractSchema, type InputKind } from './contract/schema.ts';
import { Db } from './db.ts';
import { columnReport, headerRefs } from './ingest/column-report.ts';
import { KIND_COLUMNS } from './ingest/columns.ts';
import { fold } from './ingest/enums.ts';
import { headerColumn, resolveColumns, valueColumns } from './ingest/mapping.ts';
import { PRESETS, type PresetName } from './ingest/presets/index.ts';
import { readRaw } from './ingest/read-raw.ts';
import { SLASHED_DATE } from './ingest/value-sql.ts';
import { UserError } from './errors.ts';
import type { Logger } from './steps.ts';

// `npm run init`: a first run that writes its own contract. It reads the header and a sample of
// every CSV in the input folder, recognises which tool exported it and which of its exports it
// is (by the header names the presets know), and writes a commented starter sla.yaml that
// validates; what it could not tell, it leaves at the documented defaults and says so.

/** What init found in one CSV of the folder. */
export interface InspectedFile {
  file: string;
  preset: PresetName;
  kind: InputKind;
  encoding: string;
  delimiter: string;
  /** `dmy`, `mdy`, or null when no slashed date tells. */
  dateOrder: 'dmy' | 'mdy' | null;
  decimal: '.' | ',' | null;
  /** Canonical column ← header(s) it reads. */
  mapped: Array<[string, string]>;
  /** Headers no canonical column reads (they stay lead attributes, or are dropped). */
  unmapped: string[];
}

/** The result of `init`: the files it recognised, the ones it did not, and the contract it wrote. */
export interface InitResult {
  out: string;
  files: InspectedFile[];
  unrecognised: string[];
  yaml: string;
}

/** init was asked to overwrite a file, or found nothing to work with. */
export class InitError extends UserError {
  override name = 'InitError';
}

/** The tool and export a header belongs to: the preset file whose columns it has most of, ids present. */
function recognise(header: readonly string[]): { preset: PresetName; kind: InputKind } | null {
  const find = headerColumn(header);
  let best: { preset: PresetName; kind: InputKind; score: number } | null = null;
  for (const preset of Object.values(PRESETS)) {
    const kinds = preset.name === 'canonical' ? (Object.keys(KIND_COLUMNS) as InputKind[]) : (Object.keys(preset.files) as InputKind[]);
    for (const kind of kinds) {
      const columns = preset.files[kind]?.columns ?? {};
      const has = (column: string) =>
        column in columns ? headerRefs(columns[column]!).some((r) => find(r) !== null) : preset.name === 'canonical' && find({ header: [column] }) !== null;
      const id = KIND_COLUMNS[kind].id ?? 'lead_id';
      if (!has(id)) continue;
      const names = preset.name === 'canonical' ? Object.keys(KIND_COLUMNS[kind].columns) : Object.keys(columns);
      const score = names.filter(has).length;
      if (best === null || score > best.score) best = { preset: preset.name, kind, score };
    }
  }
  return best === null || best.score < 2 ? null : { preset: best.preset, kind: best.kind };
}

/** Day order and decimal mark told by a sample of a table's values, or null when nothing tells. */
async function valueForms(db: Db, table: string, header: readonly string[]): Promise<{ dateOrder: 'dmy' | 'mdy' | null; decimal: '.' | ',' | null }> {
  const rows = await db.all<Record<string, string | null>>(`SELECT * EXCLUDE (_line, _problem) FROM "${table}" ORDER BY _line LIMIT 5000`);
  const slashed = new RegExp(SLASHED_DATE);
  let dayFirst = 0;
  let monthFirst = 0;
  let comma = 0;
  let dot = 0;
  for (const row of rows) {
    for (const name of header) {
      const v = row[name]?.trim();
      if (!v) continue;
      if (slashed.test(v)) {
        const [a, b] = v.split('/').map(Number);
        if (a! > 12) dayFirst++;
        if (b! > 12) monthFirst++;
      } else if (/\d,\d{1,2}$|\.\d{3},/.test(v)) comma++;
      else if (/\d\.\d{1,2}$|,\d{3}\./.test(v)) dot++;
    }
  }
  return {
    dateOrder: dayFirst > monthFirst ? 'dmy' : monthFirst > dayFirst ? 'mdy' : null,
    decimal: comma > dot ? ',' : dot > comma ? '.' : null,
  };
}

/**
 * Words of a value that reads as qualified: MQL or a later stage. A customer (HubSpot's `customer`,
 * `evangelist`; RD's `Cliente`) passed through MQL, as RD's preset also counts it.
 */
const QUALIFIED = /(^|_)(mql|sql|marketing_?qualified|sales_?qualified|marketingqualifiedlead|salesqualifiedlead|qualified|qualificado|qualificada|lead_qualificado|opportunity|oportunidade|customer|evangelist|cliente)(_|$)/;
const STATUS_LIKE = /status|stage|estagio|etapa|fase|lifecycle|label|etiqueta|qualif/;
const DATES_MQL = /last_modified|ultima_conversao|data_da_ultima_conversao|updated|atualizado/;

/** The MQL rule to propose for a leads file: a status-like column and its qualified values, with the column that dates them. */
async function proposeMql(db: Db, table: string, header: readonly string[], mapped: ReadonlySet<string>): Promise<{ field: string; values: string[]; at: string | null } | null> {
  for (const name of header) {
    if (mapped.has(name) || !STATUS_LIKE.test(fold(name))) continue;
    const values = (
      await db.all<{ v: string }>(`SELECT DISTINCT trim("${name.replaceAll('"', '""')}") AS v FROM "${table}" WHERE nullif(trim("${name.replaceAll('"', '""')}"), '') IS NOT NULL ORDER BY v`)
    )
      .map((r) => r.v)
      .filter((v) => QUALIFIED.test(fold(v)) && !/^(un|dis|des|nao|not)/.test(fold(v)));
    if (values.length === 0) continue;
    const at = header.find((h) => !mapped.has(h) && DATES_MQL.test(fold(h))) ?? null;
    return { field: name, values, at };
  }
  return null;
}

const yamlText = (s: string) => (/^[\w .\-/()]+$/.test(s) && !/^\s|\s$/.test(s) ? s : JSON.stringify(s));

/** Inspects the CSVs of `input`, writes a starter contract to `out` and says what it found. */
export async function initContract(options: { input: string; out: string; force: boolean }, logger: Logger): Promise<InitResult> {
  if (existsSync(options.out) && !options.force) {
    throw new InitError(`${options.out} already exists; init never overwrites a contract. Pass --force to replace it, or --out to write another file.`);
  }
  let names: string[];
  try {
    names = readdirSync(options.input).filter((n) => n.toLowerCase().endsWith('.csv')).sort();
  } catch {
    throw new InitError(`The input folder ${options.input} cannot be read. Pass --input with the folder that holds the CSV exports.`);
  }
  if (names.length === 0) throw new InitError(`${options.input} holds no .csv file. Export the leads (and deals, activities) as CSV into that folder.`);
  const db = await Db.open(':memory:');
  try {
    const found: Array<InspectedFile & { table: string; header: string[] }> = [];
    const unrecognised: string[] = [];
    for (const [i, name] of names.entries()) {
      const table = `raw_${i}`;
      const raw = await readRaw(db, table, join(options.input, name), { encoding: 'auto', delimiter: 'auto' });
      const tool = recognise(raw.header);
      if (tool === null || found.some((f) => f.kind === tool.kind)) {
        unrecognised.push(name);
        continue;
      }
      found.push({ file: name, ...tool, encoding: raw.encoding, delimiter: raw.delimiter, ...(await valueForms(db, table, raw.header)), mapped: [], unmapped: [], table, header: raw.header });
    }
    const leads = found.find((f) => f.kind === 'leads');
    if (leads === undefined) {
      throw new InitError(`No leads export found among ${names.join(', ')}: none has the header of a known tool's leads, people or contacts export. Map it by hand in sla.yaml (mapping.files.leads).`);
    }
    const preset = leads.preset;
    const files = found.filter((f) => f.preset === preset);
    unrecognised.push(...found.filter((f) => f.preset !== preset).map((f) => f.file));
    const portuguese = files.some((f) => f.dateOrder === 'dmy' || f.decimal === ',' || f.header.some((h) => /ã|ç|õ|é|í|ó|ú|â|ê/.test(h)));
    const dateOrders = new Set(files.map((f) => f.dateOrder).filter((d) => d !== null));
    const base = contractSchema.parse({ mapping: { preset, files: Object.fromEntries(files.map((f) => [f.kind, { path: f.file }])) } });
    for (const f of files) {
      const report = columnReport(f.kind, f.header, base, f.file);
      f.mapped = Object.entries(report.mapped);
      f.unmapped = report.unused;
    }
    const leadSources = resolveColumns('leads', leads.header, base, leads.file);
    const hasMqlDate = leadSources.has('mql_at');
    const mql = hasMqlDate ? null : await proposeMql(db, leads.table, leads.header, new Set([...leadSources.values()].flatMap(valueColumns)));

    const lines: string[] = [
      `# Starter contract written by \`npm run init\` from ${basename(options.input)}/ — review every line before relying on it.`,
      '# Reference: README ("Running it on your own exports") and pipeline/contract/sla.schema.json.',
      'name: Marketing ⇄ Sales',
      `# Time zone and language guessed from the data (${portuguese ? 'Portuguese headers, day-first dates or comma decimals' : 'no Portuguese header, no day-first date, no comma decimal'}): check them.`,
      `timezone: ${portuguese ? 'America/Sao_Paulo' : 'UTC'}`,
      `locale: ${portuguese ? 'pt-BR' : 'en'}`,
      `currency: ${portuguese ? 'BRL' : 'USD'}`,
      'period: month',
      '# Business hours: the documented default, Monday to Friday 09:00-18:00.',
      'business_hours: {mon: "09:00-18:00", tue: "09:00-18:00", wed: "09:00-18:00", thu: "09:00-18:00", fri: "09:00-18:00", sat: "", sun: ""}',
      '# One tier at the documented default: every handoff answered within 1h of business time.',
      'tiers:',
      '  - {name: all, response_within: 1h}',
    ];
    if (hasMqlDate) {
      lines.push(`# MQL: the ${preset} preset dates MQLs from the leads export (mql_at ← ${leads.mapped.find(([c]) => c === 'mql_at')?.[1]}), so no rule is needed.`);
    } else if (mql !== null) {
      lines.push(
        `# MQL: the leads export has no MQL date. "${mql.field}" looks like a status and holds ${mql.values.map((v) => `"${v}"`).join(', ')},`,
        '# which read as qualified: those leads are MQLs. Edit the list to match how your team qualifies.',
        'mql:',
        `  when: {field: ${yamlText(mql.field)}, in: [${mql.values.map(yamlText).join(', ')}]}`,
        mql.at === null ? '  # at: the column that dates an MQL; created_at when left out.' : `  at: ${yamlText(mql.at)}  # the MQL is dated by this column (else created_at)`,
      );
    } else {
      lines.push(
        '# MQL: the leads export has no MQL date and no column that looks like a qualifying status. Say which leads are MQLs,',
        '# or the run stops and lists the status-like columns it found:',
        '# mql:',
        '#   when: {field: "Lead Status", in: [Marketing Qualified]}',
        '#   at: created_at',
      );
    }
    lines.push('mapping:', `  preset: ${preset}`);
    if (dateOrders.size === 1) lines.push(`  date_format: ${[...dateOrders][0]}  # detected from dates with a day above 12`);
    else if (dateOrders.size === 0) lines.push(`  # date_format: auto (no slashed date tells the day order; set dmy or mdy if the run asks)`);
    lines.push('  files:');
    for (const f of files) lines.push(`    ${f.kind}: {path: ${yamlText(f.file)}}  # ${preset} ${f.kind} export, ${f.encoding}, delimiter ${JSON.stringify(f.delimiter)}`);
    const yaml = `${lines.join('\n')}\n`;
    writeFileSync(options.out, yaml);
    loadContract(options.out);

    for (const f of files) {
      logger.info(`${f.file}: ${preset} ${f.kind} (${f.encoding}, delimiter ${JSON.stringify(f.delimiter)}, dates ${f.dateOrder ?? 'not told'}, decimal ${f.decimal ?? 'not told'})`);
      logger.info(`  mapped: ${f.mapped.map(([c, h]) => `${c} ← ${h}`).join('; ')}`);
      logger.info(`  unmapped: ${f.unmapped.length === 0 ? '(none)' : f.unmapped.join(', ')}`);
    }
    for (const name of unrecognised) logger.warn(`${name}: not recognised as a ${preset} export; left out of sla.yaml`);
    logger.info(`wrote ${options.out}. Next: npm run pipeline -- --input ${options.input} --config ${relative('.', options.out) || options.out} --out data`);
    return { out: options.out, files: files.map(({ table: _t, header: _h, ...f }) => f), unrecognised, yaml };
  } finally {
    db.close();
  }
}

