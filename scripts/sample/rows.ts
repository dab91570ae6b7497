/** Canonical input rows (SPEC section 2). Every value is the text written to the CSV cell. */

export const LEAD_COLUMNS = [
  'lead_id',
  'created_at',
  'email',
  'name',
  'company',
  'phone',
  'source',
  'campaign',
  'segment',
  'company_size',
  'state',
  'country',
  'job_title',
  'score',
  'owner',
  'mql_at',
  'sal_at',
  'sql_at',
  'opportunity_at',
  'rejected_at',
  'rejection_reason',
  'recycled_at',
  'recycle_reason',
  'disqualified_at',
  'disqualification_reason',
] as const;
export const LEAD_EVENT_COLUMNS = ['lead_id', 'stage', 'at', 'reason'] as const;
export const ACTIVITY_COLUMNS = [
  'activity_id',
  'lead_id',
  'occurred_at',
  'type',
  'direction',
  'outcome',
  'owner',
] as const;
export const DEAL_COLUMNS = [
  'deal_id',
  'lead_id',
  'created_at',
  'closed_at',
  'status',
  'amount',
  'currency',
  'lost_reason',
  'owner',
] as const;

export type LeadRow = Record<(typeof LEAD_COLUMNS)[number], string>;
export type LeadEventRow = Record<(typeof LEAD_EVENT_COLUMNS)[number], string>;
export type ActivityRow = Record<(typeof ACTIVITY_COLUMNS)[number], string>;
export type DealRow = Record<(typeof DEAL_COLUMNS)[number], string>;

export const FILE_NAMES = {
  leads: 'leads.csv',
  leadEvents: 'lead_events.csv',
  activities: 'activities.csv',
  deals: 'deals.csv',
} as const;
export type FileKind = keyof typeof FILE_NAMES;

/** Receives the generated rows; returns the 1-based line where each row starts (header = line 1). */
export interface DatasetSink {
  lead(row: LeadRow): number;
  leadEvent(row: LeadEventRow): number;
  activity(row: ActivityRow): number;
  deal(row: DealRow): number;
}

const NEEDS_QUOTES = /[",\r\n]/;

/** RFC 4180: quote a field holding a comma, quote or line break, doubling inner quotes. */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvLine(columns: readonly string[], row: Readonly<Record<string, string>>): string {
  let line = '';
  for (let i = 0; i < columns.length; i++) {
    if (i > 0) line += ',';
    line += csvField(row[columns[i]!] ?? '');
  }
  return line;
}

/** Line breaks inside quoted fields push every later row's line number down. */
export function countLineBreaks(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Keeps every row in memory: for tests and small parameter sweeps. */
export class MemorySink implements DatasetSink {
  readonly leads: LeadRow[] = [];
  readonly leadEvents: LeadEventRow[] = [];
  readonly activities: ActivityRow[] = [];
  readonly deals: DealRow[] = [];
  private readonly nextLine = { leads: 2, leadEvents: 2, activities: 2, deals: 2 };

  private place(kind: FileKind, row: Readonly<Record<string, string>>): number {
    const line = this.nextLine[kind];
    let breaks = 0;
    for (const v of Object.values(row)) if (v.includes('\n')) breaks += countLineBreaks(v);
    this.nextLine[kind] = line + 1 + breaks;
    return line;
  }

  lead(row: LeadRow): number {
    this.leads.push(row);
    return this.place('leads', row);
  }
  leadEvent(row: LeadEventRow): number {
    this.leadEvents.push(row);
    return this.place('leadEvents', row);
  }
  activity(row: ActivityRow): number {
    this.activities.push(row);
    return this.place('activities', row);
  }
  deal(row: DealRow): number {
    this.deals.push(row);
    return this.place('deals', row);
  }
}
