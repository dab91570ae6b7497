import { CONTRACT_HOURS, HOUR, type Instant, WorkCalendar, formatInstant } from './calendar.ts';
import type { Random } from './random.ts';
import type { ActivityRow, DatasetSink, DealRow, LeadRow } from './rows.ts';

export type PlantedExpectation =
  'quarantined' | 'duplicate, last row wins' | 'orphan, loaded' | 'valid multi-line field';

/** A deliberately messy row, so the pipeline's quarantine and counters have something to show. */
export interface PlantedRow {
  file: string;
  /** 1-based line where the row starts, header = line 1. */
  line: number;
  key: string;
  problem: string;
  expect: PlantedExpectation;
}

/**
 * Lead ids nothing real ever gets (the generator counts up from L1): the dirty leads use them so
 * nothing depends on a quarantined row, and the orphans point at them so they stay orphans.
 */
export const RESERVED_LEAD_IDS = {
  badDate: 'L9990001',
  wordDate: 'L9990002',
  impossibleDay: 'L9990003',
  orphanActivities: 'L9990901',
  orphanDeals: ['L9990902', 'L9990903', 'L9990904'],
} as const;

/** Where in the run (as a fraction of the target lead count) each dirty row is planted. */
const PLANT_AT: Record<string, number> = {
  multiLineCompany: 0.01,
  fax: 0.08,
  slashDateLead: 0.12,
  duplicateActivity: 0.2,
  wordDateLead: 0.25,
  saveLead: 0.3,
  wordDateActivity: 0.33,
  emptyLeadId: 0.4,
  unknownStage: 0.45,
  emptyActivityLead: 0.5,
  saveDeal: 0.5,
  duplicateLead: 0.55,
  orphanActivities: 0.6,
  wordDateEvent: 0.62,
  slashDateActivity: 0.66,
  impossibleDayLead: 0.7,
  textAmount: 0.72,
  orphanDeal0: 0.75,
  orphanDeal1: 0.78,
  orphanDeal2: 0.8,
  slashDateDeal: 0.82,
  duplicateDeal: 0.85,
};

/** What the planter needs from the generator: where rows go and the next free ids. */
export interface PlantingSite {
  readonly sink: DatasetSink;
  readonly rng: Random;
  newActivityId(): string;
  newDealId(): string;
}

/** The lead the generator has just written, with its last unanswered call (a candidate to duplicate). */
export interface WrittenLead {
  no: number;
  created: Instant;
  row: LeadRow;
  lastUnansweredCall: ActivityRow | null;
}

const CONTRACT = new WorkCalendar(CONTRACT_HOURS);

/**
 * Plants the dirty rows, each once at a fixed fraction of the run, so every size has them and their
 * place depends only on the seed:
 *  leads.csv        created_at `31/02/2026` (no such day), `ontem`, `2026-02-30 10:00:00`; an empty
 *                   lead_id; a lead re-exported later with a corrected phone (duplicate, last wins);
 *                   and one valid company name with a line break inside quotes.
 *  lead_events.csv  stage `cliente` (not a lifecycle stage); at `ontem`.
 *  activities.csv   type `fax`; occurred_at `ontem` and `31/02/2026 14:30`; an empty lead_id; an
 *                   activity_id exported twice (the second with outcome voicemail); two activities
 *                   of lead L9990901, which does not exist (orphans).
 *  deals.csv        amount `abc`; created_at `31/02/2026`; a deal_id exported twice (the second
 *                   with a renegotiated amount); three deals of unknown leads L9990902–4 (orphans).
 * The legitimate oddities (deals without lead_id, activities before mql_at, inbound touches, stage
 * skipping, repeated lifecycle events) come from the simulation itself, not from here.
 */
export class DirtyRowPlanter {
  readonly planted: PlantedRow[] = [];
  private readonly at = new Map<string, number>();
  private readonly done = new Set<string>();
  private multiLineLead: string | null = null;
  private savedLead: LeadRow | null = null;
  private savedDeal: DealRow | null = null;

  private readonly site: PlantingSite;

  constructor(leads: number, site: PlantingSite) {
    this.site = site;
    for (const [k, f] of Object.entries(PLANT_AT)) this.at.set(k, Math.max(1, Math.floor(leads * f)));
  }

  /** Gives lead `no` a company name with a line break, once, when its turn has come. */
  multiLineCompany(no: number, id: string, company: string): string {
    if (company === '' || !this.take('multiLineCompany', no)) return company;
    this.multiLineLead = id;
    return `${company}\nFilial Centro`;
  }

  leadWritten(id: string, line: number): void {
    if (id !== this.multiLineLead) return;
    this.record('leads.csv', line, id, 'company name spans two lines inside quotes', 'valid multi-line field');
    this.multiLineLead = null;
  }

  dealWritten(row: DealRow, leadNo: number): void {
    if (this.savedDeal === null && this.due('saveDeal', leadNo)) this.savedDeal = row;
  }

  afterLead(lead: WrittenLead): void {
    const { sink, rng } = this.site;
    const { no, row } = lead;
    const id = row.lead_id;
    // An ordinary working-hours timestamp, so only the planted defect stands out.
    const someTime = formatInstant(CONTRACT.nextOpen(lead.created + HOUR) + (no % 3) * HOUR);
    const activity = (over: Partial<ActivityRow>): number =>
      sink.activity({
        activity_id: this.site.newActivityId(),
        lead_id: id,
        occurred_at: someTime,
        type: 'call',
        direction: 'outbound',
        outcome: 'no_answer',
        owner: row.owner || 'Bruno Carvalho',
        ...over,
      });
    let dealId = '';
    const deal = (over: Partial<DealRow>): number => {
      dealId = this.site.newDealId();
      return sink.deal({
        deal_id: dealId,
        lead_id: id,
        created_at: someTime,
        closed_at: '',
        status: 'open',
        amount: '17880.00',
        currency: 'BRL',
        lost_reason: '',
        owner: row.owner || 'Camila Rocha',
        ...over,
      });
    };
    // Dirty leads are fresh sign-ups that never got further, so nothing else depends on them.
    const freshLead = (lead_id: string, created_at: string): LeadRow => ({
      ...row,
      lead_id,
      created_at,
      owner: '',
      mql_at: '',
      sal_at: '',
      sql_at: '',
      opportunity_at: '',
      rejected_at: '',
      rejection_reason: '',
      recycled_at: '',
      recycle_reason: '',
      disqualified_at: '',
      disqualification_reason: '',
    });
    const ids = RESERVED_LEAD_IDS;

    if (this.take('fax', no)) {
      this.record(
        'activities.csv',
        activity({ type: 'fax', outcome: 'other' }),
        id,
        'type `fax` is not an activity type',
        'quarantined',
      );
    }
    if (this.take('slashDateLead', no)) {
      this.record(
        'leads.csv',
        sink.lead(freshLead(ids.badDate, '31/02/2026')),
        ids.badDate,
        'created_at `31/02/2026` is not a date',
        'quarantined',
      );
    }
    const call = lead.lastUnansweredCall;
    if (call !== null && this.take('duplicateActivity', no)) {
      this.record(
        'activities.csv',
        sink.activity({ ...call, outcome: 'voicemail' }),
        call.activity_id,
        'activity_id exported twice (outcome corrected to voicemail)',
        'duplicate, last row wins',
      );
    }
    if (this.take('wordDateLead', no)) {
      this.record(
        'leads.csv',
        sink.lead(freshLead(ids.wordDate, 'ontem')),
        ids.wordDate,
        'created_at `ontem` is not a date',
        'quarantined',
      );
    }
    if (this.savedLead === null && this.due('saveLead', no) && row.phone !== '' && !row.company.includes('\n'))
      this.savedLead = row;
    if (this.take('wordDateActivity', no)) {
      this.record(
        'activities.csv',
        activity({ occurred_at: 'ontem' }),
        id,
        'occurred_at `ontem` is not a date',
        'quarantined',
      );
    }
    if (this.take('emptyLeadId', no)) {
      this.record('leads.csv', sink.lead(freshLead('', row.created_at)), '(empty)', 'lead_id is empty', 'quarantined');
    }
    if (this.take('unknownStage', no)) {
      const line = sink.leadEvent({ lead_id: id, stage: 'cliente', at: someTime, reason: '' });
      this.record('lead_events.csv', line, id, 'stage `cliente` is not a lifecycle stage', 'quarantined');
    }
    if (this.take('emptyActivityLead', no)) {
      this.record('activities.csv', activity({ lead_id: '' }), '(empty)', 'lead_id is empty', 'quarantined');
    }
    const saved = this.savedLead;
    if (saved !== null && this.take('duplicateLead', no)) {
      let fix = '';
      for (let i = 0; i < 4; i++) fix += String(rng.int(0, 9));
      const line = sink.lead({ ...saved, phone: `${saved.phone.slice(0, -4)}${fix}` });
      this.record(
        'leads.csv',
        line,
        saved.lead_id,
        'lead re-exported with a corrected phone',
        'duplicate, last row wins',
      );
    }
    if (this.take('orphanActivities', no)) {
      for (let i = 0; i < 2; i++) {
        const line = activity({
          lead_id: ids.orphanActivities,
          occurred_at: formatInstant(CONTRACT.nextOpen(lead.created + (i + 1) * HOUR)),
        });
        this.record('activities.csv', line, ids.orphanActivities, 'lead_id not in leads.csv', 'orphan, loaded');
      }
    }
    if (this.take('wordDateEvent', no)) {
      const line = sink.leadEvent({ lead_id: id, stage: 'mql', at: 'ontem', reason: '' });
      this.record('lead_events.csv', line, id, 'at `ontem` is not a date', 'quarantined');
    }
    if (this.take('slashDateActivity', no)) {
      const line = activity({ occurred_at: '31/02/2026 14:30' });
      this.record('activities.csv', line, id, 'occurred_at `31/02/2026 14:30` is not a date', 'quarantined');
    }
    if (this.take('impossibleDayLead', no)) {
      const line = sink.lead(freshLead(ids.impossibleDay, '2026-02-30 10:00:00'));
      this.record(
        'leads.csv',
        line,
        ids.impossibleDay,
        'created_at `2026-02-30 10:00:00` is not a date',
        'quarantined',
      );
    }
    if (this.take('textAmount', no)) {
      const line = deal({ amount: 'abc' });
      this.record('deals.csv', line, dealId, 'amount `abc` is not a number', 'quarantined');
    }
    ids.orphanDeals.forEach((orphan, i) => {
      if (!this.take(`orphanDeal${i}`, no)) return;
      const status = (['won', 'lost', 'open'] as const)[i]!;
      const closed = status === 'open' ? '' : formatInstant(CONTRACT.addWork(lead.created, 5 * 9 * HOUR));
      const line = deal({ lead_id: orphan, status, closed_at: closed, lost_reason: status === 'lost' ? 'Preço' : '' });
      this.record('deals.csv', line, orphan, 'lead_id not in leads.csv', 'orphan, loaded');
    });
    if (this.take('slashDateDeal', no)) {
      const line = deal({ created_at: '31/02/2026' });
      this.record('deals.csv', line, dealId, 'created_at `31/02/2026` is not a date', 'quarantined');
    }
    const savedDeal = this.savedDeal;
    if (savedDeal !== null && this.take('duplicateDeal', no)) {
      const line = sink.deal({ ...savedDeal, amount: (Number(savedDeal.amount) * 0.95).toFixed(2) });
      this.record(
        'deals.csv',
        line,
        savedDeal.deal_id,
        'deal_id exported twice (amount renegotiated)',
        'duplicate, last row wins',
      );
    }
  }

  private record(file: string, line: number, key: string, problem: string, expect: PlantedExpectation): void {
    this.planted.push({ file, line, key, problem, expect });
  }

  private due(key: string, leadNo: number): boolean {
    return !this.done.has(key) && leadNo >= (this.at.get(key) ?? Infinity);
  }

  /** True once, at the first lead at or past the plant's position. */
  private take(key: string, leadNo: number): boolean {
    if (!this.due(key, leadNo)) return false;
    this.done.add(key);
    return true;
  }
}
