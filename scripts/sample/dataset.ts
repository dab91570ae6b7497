import {
  CLOSED_DAYS,
  CONTRACT_HOURS,
  DAY,
  HOUR,
  type Instant,
  MINUTE,
  WorkCalendar,
  dayIndex,
  dayOf,
  formatInstant,
  instantOf,
  monthOfDay,
  secondOfDay,
  weekdayOf,
} from './calendar.ts';
import { DirtyRowPlanter, type PlantedRow } from './dirty-rows.ts';
import { Random, Weighted } from './random.ts';
import { type Channel, REPS, type RepProfile, rampFactor } from './reps.ts';
import type { ActivityRow, DatasetSink, DealRow, LeadRow } from './rows.ts';
import { EVENT_IMPORTS, LIST_THEMES, SOURCES, type SourceProfile } from './sources.ts';
import {
  DISQUALIFICATION_REASONS,
  FIRST_NAMES,
  JOB_TITLES,
  type JobTitle,
  LOST_REASONS,
  PERSONAL_DOMAINS,
  RECYCLE_REASONS,
  REJECTION_REASONS,
  STATES,
  SURNAMES,
  type Segment,
  makeCompany,
} from './vocabulary.ts';

export type { PlantedExpectation, PlantedRow } from './dirty-rows.ts';

/** The sample covers 18 months ending on a fixed Saturday evening, so `as_of` never depends on the clock. */
export const FIRST_DAY = dayIndex('2025-05-01');
export const LAST_INSTANT: Instant = instantOf('2026-10-31', '18:00');
const LAST_DAY = dayOf(LAST_INSTANT);

export interface DatasetParams {
  /** Leads to aim for; the realised count varies by a fraction of a percent. */
  leads: number;
  seed: number;
  /** Share of opportunities that also open an add-on deal (a second module) on the same lead. */
  addOnShare?: number;
  onProgress?: (progress: { day: number; days: number; leads: number }) => void;
}

export interface DatasetReport {
  leads: number;
  mqlLeads: number;
  handoffs: number;
  sal: number;
  sql: number;
  deals: number;
  won: number;
  wonRevenue: number;
  planted: PlantedRow[];
}

type Tier = 'A' | 'B' | 'C';
type Direction = 'outbound' | 'inbound';

interface Lead {
  no: number;
  id: string;
  created: Instant;
  source: SourceProfile;
  campaign: string;
  segment: Segment;
  size: number;
  uf: string;
  score: number;
  icp: boolean;
  email: string;
  name: string;
  company: string;
  phone: string;
  title: string;
  owner: string;
  responsiveness: number;
  badContact: boolean;
}

interface Handoff {
  mql: Instant;
  rep: RepProfile;
  sal: Instant | null;
  rejected: Instant | null;
  rejectionReason: string;
  sql: Instant | null;
  opportunity: Instant | null;
  recycled: Instant | null;
  recycleReason: string;
  disqualified: Instant | null;
  disqualificationReason: string;
  /** The MQL of the next handoff, when nurture brings a recycled lead back. */
  nextMql: Instant | null;
}

interface Touch {
  t: Instant;
  type: string;
  direction: Direction;
  outcome: string;
  owner: string;
}

interface Arrival {
  t: Instant;
  source: SourceProfile;
  campaign: string;
}

interface CadenceResult {
  attempts: number;
  last: Instant | null;
  /** When the cadence ended on a conversation (the connect, the reply or the meeting booked). */
  success: Instant | null;
  meetingBooked: boolean;
  invalidContactAt: Instant | null;
}

const CONTRACT = new WorkCalendar(CONTRACT_HOURS);
const ICP_SEGMENTS: ReadonlySet<Segment> = new Set(['saas', 'fintech', 'varejo']);
const CHANNEL_REACH: Record<Channel, number> = { call: 1, whatsapp: 1.1, email: 0.55, linkedin: 0.45 };
const TIER_RESPONSE: Record<Tier, number> = { A: 0.35, B: 0.7, C: 1.25 };
const TIER_NEGLECT: Record<Tier, number> = { A: 0.3, B: 0.8, C: 1.6 };
const SEASON = [0, 0.8, 0.85, 1.05, 1, 1.05, 1, 0.9, 1.05, 1.1, 1.1, 1.05, 0.72];
const WEEKDAY_VOLUME = [1.1, 1.08, 1.03, 0.98, 0.85, 0.32, 0.26];
const MONTHLY_GROWTH = 0.03;

/** Form fills by hour: office hours dominate, evenings are real, nights are thin. */
const WEEKDAY_HOURS = new Weighted<number>(
  [0.3, 0.15, 0.1, 0.1, 0.1, 0.2, 0.5, 1.2, 3, 6, 8, 8, 6, 6, 8, 8, 7, 6, 4, 3, 3, 2.5, 1.5, 0.8].map(
    (w, h) => [h, w] as const,
  ),
);
const RESTDAY_HOURS = new Weighted<number>(
  [0.6, 0.3, 0.2, 0.1, 0.1, 0.2, 0.4, 0.8, 1.5, 2.5, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2.5, 1.8, 1].map(
    (w, h) => [h, w] as const,
  ),
);

/** Follow-up touches once a lead is talking: inside the cadence window nobody chases, they meet and reply. */
const WINDOW_TOUCHES = new Weighted<readonly [string, Direction, string]>([
  [['meeting', 'outbound', 'connected'], 30],
  [['email', 'inbound', 'replied'], 35],
  [['whatsapp', 'inbound', 'replied'], 20],
  [['other', 'outbound', 'other'], 15],
]);
const DEAL_TOUCHES = new Weighted<readonly [string, Direction, string]>([
  [['email', 'outbound', ''], 26],
  [['email', 'inbound', 'replied'], 20],
  [['call', 'outbound', 'connected'], 10],
  [['call', 'outbound', 'no_answer'], 6],
  [['call', 'outbound', 'voicemail'], 3],
  [['whatsapp', 'outbound', ''], 8],
  [['whatsapp', 'inbound', 'replied'], 8],
  [['meeting', 'outbound', 'connected'], 9],
  [['other', 'outbound', 'other'], 5],
  [['linkedin', 'outbound', ''], 2],
]);

const ACCOUNT_TOUCHES = new Weighted<readonly [string, Direction, string]>([
  [['meeting', 'outbound', 'connected'], 25],
  [['email', 'outbound', ''], 30],
  [['email', 'inbound', 'replied'], 25],
  [['call', 'outbound', 'connected'], 10],
  [['whatsapp', 'inbound', 'replied'], 10],
]);

const PLAN_MONTHLY = { essencial: 690, pro: 1290, enterprise: 3290 } as const;
const DISCOUNTS = [0, 0, 5, 10, 10, 15, 20] as const;

/** CRM-style ids: a type letter and a plain counter (unpadded, so the sample stays small). */
const leadId = (n: number): string => `L${n}`;
const activityId = (n: number): string => `A${n}`;
const dealId = (n: number): string => `D${n}`;
const clamp = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);
const digits = (rng: Random, n: number): string => {
  let s = '';
  for (let i = 0; i < n; i++) s += String(rng.int(0, 9));
  return s;
};

/**
 * Simulates Acme Brasil's funnel day by day and hands every row to the sink as soon as its lead is
 * done: memory stays flat whatever the size. Everything random comes from one seeded stream, in a
 * fixed order, so the same parameters always produce the same rows.
 */
export function generateDataset(params: DatasetParams, sink: DatasetSink): DatasetReport {
  return new FunnelSimulation(params, sink).run();
}

class FunnelSimulation {
  private readonly rng: Random;
  private readonly addOnShare: number;
  private leadNo = 0;
  private activityNo = 0;
  private dealNo = 0;
  private readonly report: DatasetReport = {
    leads: 0,
    mqlLeads: 0,
    handoffs: 0,
    sal: 0,
    sql: 0,
    deals: 0,
    won: 0,
    wonRevenue: 0,
    planted: [],
  };
  private readonly flowWeight = new Float64Array(LAST_DAY + 1);
  private readonly flowTotal: number;
  private readonly dirty: DirtyRowPlanter;
  /** Per-lead scratch, reused: touches and deals are emitted once the lead's story is complete. */
  private touches: Touch[] = [];
  private deals: DealRow[] = [];

  private readonly params: DatasetParams;
  private readonly sink: DatasetSink;

  constructor(params: DatasetParams, sink: DatasetSink) {
    this.params = params;
    this.sink = sink;
    this.rng = new Random(params.seed);
    this.addOnShare = params.addOnShare ?? 0.03;
    let total = 0;
    for (let d = FIRST_DAY; d <= LAST_DAY; d++) {
      const w = volumeWeight(d);
      this.flowWeight[d] = w;
      total += w;
    }
    this.flowTotal = total;
    this.dirty = new DirtyRowPlanter(params.leads, {
      sink,
      rng: this.rng,
      newActivityId: () => activityId(++this.activityNo),
      newDealId: () => dealId(++this.dealNo),
    });
    this.report.planted = this.dirty.planted;
  }

  run(): DatasetReport {
    const days = LAST_DAY - FIRST_DAY + 1;
    const weeklyLists = this.listUploadDays();
    const eventWeight = EVENT_IMPORTS.reduce((s, e) => s + e.weight, 0);
    this.migratedPipeline();
    for (let d = FIRST_DAY; d <= LAST_DAY; d++) {
      const arrivals: Arrival[] = [];
      for (const source of SOURCES) {
        if (source.arrival === 'flow') {
          let mean = (this.params.leads * source.share * this.flowWeight[d]!) / this.flowTotal;
          if (source.name === 'paid_social' && d >= dayIndex('2025-10-20') && d <= dayIndex('2025-11-28')) mean *= 1.6;
          const n = this.rng.poisson(mean);
          for (let i = 0; i < n; i++)
            arrivals.push({ t: this.timeOfDay(d), source, campaign: source.campaigns.pick(this.rng) });
        } else if (source.arrival === 'event_import') {
          for (const ev of EVENT_IMPORTS) {
            if (ev.importDay !== d) continue;
            const n = this.rng.poisson((this.params.leads * source.share * ev.weight) / eventWeight);
            let t = d * DAY + 10 * HOUR + this.rng.int(0, 90) * MINUTE;
            for (let i = 0; i < n; i++) arrivals.push({ t: (t += this.rng.int(1, 3)), source, campaign: ev.campaign });
          }
        } else {
          const upload = weeklyLists.get(d);
          if (upload === undefined) continue;
          const n = this.rng.poisson(this.params.leads * source.share * upload.share);
          let t = d * DAY + 8 * HOUR + 40 * MINUTE;
          for (let i = 0; i < n; i++) arrivals.push({ t: (t += 1), source, campaign: upload.campaign });
        }
      }
      // The last form fill lands exactly at the cut-off, so the inputs' latest timestamp is a round 18:00.
      if (d === LAST_DAY) arrivals.push({ t: LAST_INSTANT, source: SOURCES[0]!, campaign: 'site-direto' });
      arrivals.sort((a, b) => a.t - b.t);
      for (const arrival of arrivals) if (arrival.t <= LAST_INSTANT) this.lead(arrival);
      this.dealsWithoutLead(d);
      this.params.onProgress?.({ day: d - FIRST_DAY + 1, days, leads: this.leadNo });
    }
    return this.report;
  }

  /**
   * The CRM went live with the old spreadsheet's open pipeline imported in one go: deals with no
   * lead behind them that close over the first months, so revenue does not start from zero.
   */
  private migratedPipeline(): void {
    const n = Math.round(this.params.leads * 0.005);
    const veterans = REPS.filter((r) => r.activeFrom <= FIRST_DAY);
    let t = instantOf('2025-05-02', '09:12');
    for (let i = 0; i < n; i++) {
      t += this.rng.int(1, 3);
      this.deal(null, veterans[i % veterans.length]!, 'B', t, 'migrated');
    }
  }

  /** Outbound lists are uploaded on each week's first working day, growing with the team. */
  private listUploadDays(): Map<number, { share: number; campaign: string }> {
    const uploads = new Map<number, { share: number; campaign: string }>();
    let total = 0;
    const weeks: Array<[number, number, string]> = [];
    for (let monday = FIRST_DAY - weekdayOf(FIRST_DAY), w = 0; monday <= LAST_DAY; monday += 7, w++) {
      const d = CONTRACT.openDayFrom(Math.max(monday, FIRST_DAY));
      if (d > LAST_DAY || d >= monday + 7) continue;
      const growth = Math.exp(Math.log1p(MONTHLY_GROWTH) * ((d - FIRST_DAY) / 30.4));
      const date = new Date(Date.UTC(2025, 0, 1 + d));
      const quarter = `${date.getUTCFullYear()}q${Math.floor(date.getUTCMonth() / 3) + 1}`;
      weeks.push([d, growth, `${LIST_THEMES[w % LIST_THEMES.length]!}-${quarter}`]);
      total += growth;
    }
    for (const [d, growth, campaign] of weeks) uploads.set(d, { share: growth / total, campaign });
    return uploads;
  }

  private timeOfDay(d: number): Instant {
    const rest = weekdayOf(d) >= 5 || CLOSED_DAYS.has(d);
    const hour = (rest ? RESTDAY_HOURS : WEEKDAY_HOURS).pick(this.rng);
    return d * DAY + hour * HOUR + this.rng.int(0, HOUR - 1);
  }

  // ── Leads ────────────────────────────────────────────────────────────────────────────────

  private lead(arrival: Arrival): void {
    const rng = this.rng;
    const source = arrival.source;
    const no = ++this.leadNo;
    const gender = rng.chance(0.5) ? 'f' : 'm';
    const first = rng.pick(FIRST_NAMES[gender]);
    const last = rng.pick(SURNAMES);
    const middle = rng.chance(0.3) ? rng.pick(SURNAMES) : null;
    const segment = source.segments.pick(rng);
    const size = Math.round(clamp(rng.lognormal(source.sizeMedian, 1.25), 1, 25_000));
    const state = STATES.pick(rng);
    const job: JobTitle | null = rng.chance(0.08) ? null : JOB_TITLES.pick(rng);
    const company = makeCompany(rng, segment);
    const icp = ICP_SEGMENTS.has(segment) && size >= 50;
    const handRaiser = rng.chance(source.handRaisers);
    let score =
      source.scoreMean +
      15 * rng.normal() +
      (icp ? 10 : 0) +
      4 * (job?.seniority ?? 0) -
      (job?.m === 'Estudante' ? 20 : 0);
    if (handRaiser) score += rng.int(15, 28);

    let name = middle ? `${first.text} ${middle.text} ${last.text}` : `${first.text} ${last.text}`;
    // Some people type their name in lower case on forms; CRMs keep it as typed.
    if (source.arrival === 'flow' && rng.chance(0.03)) name = name.toLowerCase();
    const missing = source.missing;
    const hasName = !rng.chance(missing.name);
    const hasCompany = !rng.chance(missing.company);
    const hasPhone = !rng.chance(missing.phone);
    const hasEmail = !rng.chance(missing.email);
    const personal = !hasCompany || rng.chance(source.personalEmail);
    const local = emailLocalPart(rng, first.ascii, last.ascii);
    const email = hasEmail ? `${local}@${personal ? PERSONAL_DOMAINS.pick(rng) : company.domain}` : '';
    const ddd = rng.pick(state.ddd);
    const phone = !hasPhone
      ? ''
      : rng.chance(0.88)
        ? `+55 ${ddd} 9${digits(rng, 4)}-${digits(rng, 4)}`
        : `+55 ${ddd} ${rng.int(2, 5)}${digits(rng, 3)}-${digits(rng, 4)}`;

    const lead: Lead = {
      no,
      id: leadId(no),
      created: arrival.t,
      source,
      campaign: arrival.campaign,
      segment,
      size,
      uf: rng.chance(0.04) ? '' : state.uf,
      score: Math.round(clamp(score, 0, 100)),
      icp,
      email,
      name: hasName ? name : '',
      company: hasCompany ? company.name : '',
      phone,
      title: job ? job[gender] : '',
      owner: '',
      responsiveness: 0,
      badContact: rng.chance(source.badContact),
    };
    lead.responsiveness = source.responsiveness * (0.6 + lead.score / 100) * (icp ? 1.15 : 1);
    lead.company = this.dirty.multiLineCompany(no, lead.id, lead.company);

    this.touches = [];
    this.deals = [];
    let mql = this.firstMql(lead, handRaiser);
    const handoffs: Handoff[] = [];
    let previousRep: RepProfile | null = null;
    while (mql !== null && mql <= LAST_INSTANT && handoffs.length < 3) {
      const h = this.handoff(lead, mql, previousRep);
      handoffs.push(h);
      previousRep = h.rep;
      mql = h.nextMql;
      if (mql !== null) lead.score = Math.min(100, lead.score + rng.int(3, 15));
    }
    this.emitLead(lead, handoffs);
  }

  /** When the lead becomes an MQL, if it does: at sign-up, after nurturing, or on replying to prospecting. */
  private firstMql(lead: Lead, handRaiser: boolean): Instant | null {
    const rng = this.rng;
    if (lead.source.arrival === 'list_upload') return this.prospect(lead);
    if (handRaiser) return lead.created + rng.int(5, 120);
    const nurtured = lead.score >= 60 ? rng.chance(0.8) : rng.chance(0.05);
    if (!nurtured) return null;
    let d = dayOf(lead.created) + Math.max(1, Math.round(rng.lognormal(5, 1.1)));
    // Scores cross the threshold on e-mail clicks and site visits, mostly on working days.
    while ((weekdayOf(d) >= 5 || CLOSED_DAYS.has(d)) && rng.chance(0.6)) d++;
    return this.timeOfDay(d);
  }

  /** Prospecting on an uploaded list: touches before any MQL; a positive reply makes the lead an MQL. */
  private prospect(lead: Lead): Instant | null {
    const rng = this.rng;
    const rep = this.assignRep(lead.created, 'C', null);
    lead.owner = rep.name;
    const cal = rep.calendar;
    let d = cal.openDayFrom(dayOf(lead.created) + rng.int(0, 3));
    const attempts = rng.int(3, 6);
    for (let i = 0; i < attempts; i++) {
      const t = cal.randomTimeAfter(d, lead.created, rng) ?? cal.randomTimeIn(cal.openDayFrom(d + 1), rng);
      if (t > LAST_INSTANT) return null;
      const channel = this.channelFor(rep, lead);
      if (channel === null) return null;
      if (!lead.badContact && rng.chance(lead.responsiveness * 0.5 * CHANNEL_REACH[channel])) {
        this.touch(t, channel, 'outbound', channel === 'call' ? 'connected' : '', rep.name);
        const reply = channel === 'call' ? t + rng.int(5, 20) * MINUTE : t + Math.round(rng.lognormal(3 * HOUR, 1));
        if (channel !== 'call') this.touch(reply, channel, 'inbound', 'replied', rep.name);
        return reply + rng.int(300, 3600);
      }
      this.touch(t, channel, 'outbound', this.missOutcome(channel, lead), rep.name);
      d = cal.openDayFrom(dayOf(t) + rng.int(2, 4));
    }
    return null;
  }

  // ── Handoffs ─────────────────────────────────────────────────────────────────────────────

  private handoff(lead: Lead, mql: Instant, previousRep: RepProfile | null): Handoff {
    const rng = this.rng;
    const tier: Tier = lead.icp && lead.score >= 80 ? 'A' : lead.icp ? 'B' : 'C';
    const rep = this.assignRep(mql, tier, previousRep);
    lead.owner = rep.name;
    const cal = rep.calendar;
    const h: Handoff = {
      mql,
      rep,
      sal: null,
      rejected: null,
      rejectionReason: '',
      sql: null,
      opportunity: null,
      recycled: null,
      recycleReason: '',
      disqualified: null,
      disqualificationReason: '',
      nextMql: null,
    };
    this.report.handoffs++;
    const clockStart = CONTRACT.nextOpen(mql);
    const windowEnd = CONTRACT.closeOf(CONTRACT.nthOpenDay(dayOf(clockStart), 10));

    // CRM sync lag: the call that produced the MQL is sometimes logged a few minutes before its stamp.
    if (cal.isOpenAt(mql) && rng.chance(0.015)) {
      const logged = mql - rng.int(60, 900);
      if (logged > lead.created) this.touch(logged, 'call', 'outbound', 'other', rep.name);
    }
    // Some leads write in themselves right after converting; an inbound touch is not an attempt.
    if (lead.phone !== '' && rng.chance(0.04)) {
      this.touch(
        mql + Math.round(rng.lognormal(20 * MINUTE, 1)),
        rng.chance(0.7) ? 'whatsapp' : 'email',
        'inbound',
        'other',
        rep.name,
      );
    }

    const profileRejection = this.profileRejection(lead);
    const review = cal.addWork(
      cal.nextOpen(mql),
      rng.lognormal(rep.reviewMinutes * MINUTE * rampFactor(rep, dayOf(mql)), 0.9),
    );
    const decidesAfterTalking = profileRejection === null && rng.chance(rep.decidesAfterTalking);
    const worked = !rng.chance(rep.neglect * TIER_NEGLECT[tier]) && this.channelFor(rep, lead) !== null;
    const cadence = worked
      ? this.cadence(lead, rep, tier, mql, profileRejection !== null ? review : LAST_INSTANT)
      : { attempts: 0, last: null, success: null, meetingBooked: false, invalidContactAt: null };

    // Acceptance: the first sal / rejected decision.
    if (profileRejection !== null) return this.reject(h, review, profileRejection);
    if (cadence.invalidContactAt !== null)
      return this.reject(h, cadence.invalidContactAt, REJECTION_REASONS.invalidContact);
    if (decidesAfterTalking) {
      if (cadence.success !== null) {
        const decision = cal.addWork(cadence.success, rng.lognormal(30 * MINUTE, 1));
        if (rng.chance(0.18)) {
          return this.reject(h, decision, rng.chance(0.6) ? REJECTION_REASONS.budget : REJECTION_REASONS.profile);
        }
        h.sal = this.within(decision);
      } else if (cadence.last !== null) {
        const decision = cal.addWork(cadence.last, rng.uniform(1, 2) * 9 * HOUR);
        const roll = rng.next();
        if (roll < 0.2) return this.reject(h, decision, REJECTION_REASONS.invalidContact);
        if (roll < 0.7) h.sal = this.within(decision);
      }
    } else if (worked || rng.chance(0.5)) {
      h.sal = this.within(worked ? review : cal.addWork(review, rng.uniform(1, 3) * 9 * HOUR));
    }
    if (h.sal !== null) this.report.sal++;

    if (cadence.success !== null) this.afterConversation(lead, h, tier, cadence, windowEnd);
    else this.afterSilence(lead, h, cadence, worked);
    return h;
  }

  private reject(h: Handoff, at: Instant, reason: string): Handoff {
    if (at <= LAST_INSTANT) {
      h.rejected = at;
      h.rejectionReason = reason;
    }
    return h;
  }

  /** Reasons a rep turns an MQL down on sight, before any conversation. */
  private profileRejection(lead: Lead): string | null {
    const rng = this.rng;
    if (rng.chance(0.015)) return REJECTION_REASONS.customer;
    if (rng.chance(0.02)) return REJECTION_REASONS.duplicate;
    if (rng.chance(0.008)) return REJECTION_REASONS.competitor;
    if (rng.chance(lead.icp ? 0.03 : lead.size < 10 ? 0.3 : 0.15)) return REJECTION_REASONS.profile;
    if (lead.badContact && lead.phone === '' && rng.chance(0.5)) return REJECTION_REASONS.invalidContact;
    return null;
  }

  /** The rep's attempts until a conversation, the end of their cadence, or the cut-off. */
  private cadence(lead: Lead, rep: RepProfile, tier: Tier, mql: Instant, cutoff: Instant): CadenceResult {
    const rng = this.rng;
    const cal = rep.calendar;
    const result: CadenceResult = {
      attempts: 0,
      last: null,
      success: null,
      meetingBooked: false,
      invalidContactAt: null,
    };
    const give = lead.badContact && rng.chance(0.55) ? rng.int(2, 4) : Infinity;

    let first: Instant;
    const offHours = !cal.isOpenAt(mql);
    const hour = secondOfDay(mql) / HOUR;
    if (offHours && weekdayOf(dayOf(mql)) !== 6 && hour >= 7 && hour < 22 && rng.chance(rep.afterHoursReply)) {
      first = mql + rng.int(2, 25) * MINUTE;
    } else {
      const median = rep.responseMinutes * MINUTE * TIER_RESPONSE[tier] * rampFactor(rep, dayOf(mql));
      first = cal.addWork(cal.nextOpen(mql), rng.lognormal(median, rep.responseSpread));
    }

    const plan = rep.cadence(rng);
    const times: Instant[] = [first];
    let t = first;
    for (let i = 1; i < plan[0]!; i++) {
      t += rng.int(rep.sameDayGap[0], rep.sameDayGap[1]) * MINUTE;
      if (!cal.isOpenAt(t)) t = cal.nextOpen(t);
      times.push(t);
    }
    let d = dayOf(t);
    for (let k = 1; k < plan.length; k++) {
      d = cal.openDayFrom(d + 1);
      const n = plan[k]!;
      const day: Instant[] = [];
      for (let i = 0; i < n; i++) day.push(cal.randomTimeIn(d, rng));
      day.sort((a, b) => a - b);
      for (const x of day) times.push(x);
    }

    let replyAt = Infinity;
    for (let x of times) {
      // Now and then a rep calls a little before opening or stays late.
      if (rng.chance(0.02)) x += rng.int(-50, 70) * MINUTE;
      if (x > cutoff || x > LAST_INSTANT || x >= replyAt || x < mql) continue;
      const channel = this.channelFor(rep, lead);
      if (channel === null) break;
      result.attempts++;
      result.last = x;
      const elapsedMinutes = (x - mql) / MINUTE;
      const speed =
        elapsedMinutes <= 10
          ? 1.8
          : elapsedMinutes <= 60
            ? 1.35
            : elapsedMinutes <= 240
              ? 1.1
              : elapsedMinutes <= 1440
                ? 0.9
                : elapsedMinutes <= 4320
                  ? 0.75
                  : 0.6;
      if (
        replyAt === Infinity &&
        !lead.badContact &&
        rng.chance(Math.min(0.9, lead.responsiveness * CHANNEL_REACH[channel] * speed))
      ) {
        if (channel === 'call') {
          result.meetingBooked = rng.chance(0.3);
          this.touch(x, 'call', 'outbound', result.meetingBooked ? 'meeting_booked' : 'connected', rep.name);
          replyAt = x;
        } else if (rng.chance(0.6)) {
          this.touch(x, channel, 'outbound', this.missOutcome(channel, lead), rep.name);
          replyAt = x + Math.round(rng.lognormal(75 * MINUTE, 1));
          this.touch(replyAt, channel, 'inbound', 'replied', rep.name);
        } else {
          this.touch(x, channel, 'outbound', 'replied', rep.name);
          replyAt = x;
        }
        continue;
      }
      this.touch(x, channel, 'outbound', this.missOutcome(channel, lead), rep.name);
      if (result.attempts >= give) {
        result.invalidContactAt = x + rng.int(10, 120) * MINUTE;
        break;
      }
    }
    if (replyAt !== Infinity && replyAt <= LAST_INSTANT) result.success = replyAt;
    return result;
  }

  /** A conversation happened: discovery, maybe an SQL, an opportunity and a deal. */
  private afterConversation(lead: Lead, h: Handoff, tier: Tier, cadence: CadenceResult, windowEnd: Instant): void {
    const rng = this.rng;
    const rep = h.rep;
    const cal = rep.calendar;
    const talked = cadence.success!;
    if (h.rejected !== null) return;
    const sqlChance = 0.74 * Math.sqrt(rep.closeRate) * (lead.icp ? 1.1 : 0.8) * (tier === 'A' ? 1.1 : 1);
    if (!rng.chance(sqlChance)) {
      const closeAt = cal.addWork(talked, rng.lognormal(3, 0.6) * 9 * HOUR);
      this.followUps(lead, rep, talked, closeAt, windowEnd);
      if (rng.chance(0.55)) {
        this.recycle(h, closeAt, rng.chance(0.6) ? RECYCLE_REASONS.timing : RECYCLE_REASONS.budgetLater);
      } else {
        this.disqualify(
          h,
          closeAt,
          rng.pick([
            DISQUALIFICATION_REASONS.noFit,
            DISQUALIFICATION_REASONS.tooSmall,
            DISQUALIFICATION_REASONS.notDecisionMaker,
            DISQUALIFICATION_REASONS.noInterest,
          ]),
        );
      }
      return;
    }

    let sqlAt: Instant;
    if (cadence.meetingBooked || rng.chance(0.65)) {
      let meeting = cal.randomTimeIn(cal.nthOpenDay(dayOf(talked) + 1, rng.int(1, 5)), rng);
      if (rng.chance(0.15)) {
        this.touch(meeting, 'meeting', 'outbound', 'no_answer', rep.name);
        meeting = cal.randomTimeIn(cal.nthOpenDay(dayOf(meeting) + 1, rng.int(1, 3)), rng);
      }
      this.touch(meeting, 'meeting', 'outbound', 'connected', rep.name);
      sqlAt = meeting + rng.int(30, 150) * MINUTE;
    } else {
      sqlAt = cal.addWork(talked, rng.lognormal(4 * HOUR, 1));
    }
    if (sqlAt > LAST_INSTANT) {
      this.followUps(lead, rep, talked, LAST_INSTANT, windowEnd);
      return;
    }
    h.sql = sqlAt;
    this.report.sql++;
    // Stage skipping: now and then the rep moves an MQL straight to SQL without marking it accepted,
    // and a late reviewer who qualifies on the first call ticks both boxes at once.
    if (h.sal !== null && (h.sal > sqlAt ? rng.chance(0.5) : rng.chance(0.06))) {
      h.sal = null;
      this.report.sal--;
    } else if (h.sal !== null && h.sal > sqlAt) {
      h.sal = sqlAt - rng.int(30, 600);
    }

    if (!rng.chance(0.8 * Math.sqrt(rep.closeRate))) {
      const closeAt = cal.addWork(sqlAt, rng.lognormal(8, 0.6) * 9 * HOUR);
      this.followUps(lead, rep, talked, closeAt, windowEnd);
      if (rng.chance(0.6))
        this.recycle(h, closeAt, rng.chance(0.5) ? RECYCLE_REASONS.timing : RECYCLE_REASONS.budgetLater);
      else this.disqualify(h, closeAt, DISQUALIFICATION_REASONS.noInterest);
      return;
    }
    const opportunity = cal.addWork(sqlAt, rng.lognormal(4, 0.7) * 9 * HOUR);
    if (opportunity > LAST_INSTANT) {
      this.followUps(lead, rep, talked, LAST_INSTANT, windowEnd);
      return;
    }
    h.opportunity = opportunity;
    if (rng.chance(0.02)) {
      h.sql = null;
      this.report.sql--;
    }
    const deal = this.deal(lead, rep, tier, opportunity, 'funnel');
    this.followUps(lead, rep, talked, Math.min(deal.closedAt ?? LAST_INSTANT, LAST_INSTANT), windowEnd);
    if (deal.won) this.accountCheckIns(rep, deal.closedAt!);
    if (rng.chance(this.addOnShare)) {
      const at = cal.addWork(opportunity, rng.uniform(0.5, 10) * 9 * HOUR);
      if (at <= LAST_INSTANT) this.deal(lead, rep, tier, at, 'addOn');
    }
    if (deal.lost && rng.chance(0.35)) {
      this.recycle(h, cal.addWork(deal.closedAt!, rng.uniform(1, 15) * 9 * HOUR), RECYCLE_REASONS.timing);
    }
  }

  /** No conversation: the handoff is recycled, disqualified, or simply left open. */
  private afterSilence(lead: Lead, h: Handoff, cadence: CadenceResult, worked: boolean): void {
    const rng = this.rng;
    const cal = h.rep.calendar;
    if (h.rejected !== null) return;
    if (cadence.last !== null) {
      if (h.rep.givesUpEarly) {
        const at = cal.addWork(cadence.last, rng.uniform(0.3, 1.5) * 9 * HOUR);
        if (rng.chance(0.6)) this.recycle(h, at, RECYCLE_REASONS.noAnswer);
        else
          this.disqualify(
            h,
            at,
            lead.badContact || rng.chance(0.4)
              ? DISQUALIFICATION_REASONS.invalidContact
              : DISQUALIFICATION_REASONS.noInterest,
          );
        return;
      }
      const at = cal.addWork(cadence.last, rng.uniform(1, 5) * 9 * HOUR);
      const roll = rng.next();
      if (roll < 0.65) this.recycle(h, at, RECYCLE_REASONS.noAnswer);
      else if (roll < 0.8) {
        this.disqualify(
          h,
          at,
          lead.badContact ? DISQUALIFICATION_REASONS.invalidContact : DISQUALIFICATION_REASONS.noInterest,
        );
      }
      return;
    }
    // Untouched handoffs get swept back to marketing in the monthly CRM clean-up, or just sit there.
    if (!worked && rng.chance(0.4))
      this.recycle(h, cal.addWork(h.mql, rng.int(12, 25) * 9 * HOUR), RECYCLE_REASONS.noAnswer);
  }

  private recycle(h: Handoff, closeAt: Instant, reason: string): void {
    const at = this.afterAcceptance(h, closeAt);
    if (at > LAST_INSTANT) return;
    h.recycled = at;
    h.recycleReason = reason;
    const comeback = reason === RECYCLE_REASONS.timing ? 0.42 : reason === RECYCLE_REASONS.budgetLater ? 0.35 : 0.2;
    if (!this.rng.chance(comeback)) return;
    const next = this.timeOfDay(dayOf(at) + Math.max(14, Math.round(this.rng.lognormal(75, 0.6))));
    if (next <= LAST_INSTANT) h.nextMql = next;
  }

  private disqualify(h: Handoff, closeAt: Instant, reason: string): void {
    const at = this.afterAcceptance(h, closeAt);
    if (at > LAST_INSTANT) return;
    h.disqualified = at;
    h.disqualificationReason = reason;
  }

  /** Touches while a lead is talking to sales, up to the close (won, lost, recycled…) or the cut-off. */
  private followUps(lead: Lead, rep: RepProfile, from: Instant, to: Instant, windowEnd: Instant): void {
    const rng = this.rng;
    const cal = rep.calendar;
    const end = Math.min(to, LAST_INSTANT);
    let t = from;
    let lastOutboundDay = -1;
    for (;;) {
      t = cal.addWork(t, rng.lognormal(0.48, 0.7) * 9 * HOUR);
      if (t >= end) break;
      let [type, direction, outcome] = (t < windowEnd ? WINDOW_TOUCHES : DEAL_TOUCHES).pick(rng);
      if ((type === 'call' || type === 'whatsapp') && lead.phone === '') {
        type = 'email';
        if (direction === 'outbound') outcome = '';
      }
      if (direction === 'outbound' && type !== 'meeting' && type !== 'other') {
        // Deal work stays well under the daily attempt cap: one chase per day at most.
        if (dayOf(t) === lastOutboundDay) continue;
        lastOutboundDay = dayOf(t);
      }
      this.touch(t, type, direction, outcome, rep.name);
    }
  }

  /** Won customers keep their rep as account manager: a check-in every week or two. */
  private accountCheckIns(rep: RepProfile, from: Instant): void {
    const rng = this.rng;
    for (let t = from; ;) {
      t = rep.calendar.addWork(t, rng.lognormal(7, 0.5) * 9 * HOUR);
      if (t > LAST_INSTANT) return;
      const [type, direction, outcome] = ACCOUNT_TOUCHES.pick(rng);
      this.touch(t, type, direction, outcome, rep.name);
    }
  }

  // ── Deals ────────────────────────────────────────────────────────────────────────────────

  /**
   * A deal: from a lead's opportunity (`funnel`), a second module quoted alongside it (`addOn`),
   * an upsell or partner registration without a lead (`expansion`, short cycle, usually won), or the
   * open pipeline imported when the CRM went live (`migrated`).
   */
  private deal(
    lead: Lead | null,
    rep: RepProfile,
    tier: Tier,
    opportunity: Instant,
    origin: 'funnel' | 'addOn' | 'expansion' | 'migrated',
  ): { closedAt: Instant | null; won: boolean; lost: boolean } {
    const rng = this.rng;
    const created = origin === 'funnel' && rng.chance(0.3) ? opportunity + rng.int(30, 900) : opportunity;
    const fullAmount = this.amount(lead?.size ?? Math.round(rng.lognormal(120, 1)));
    const amount = origin === 'addOn' ? Math.round(fullAmount * rng.uniform(0.15, 0.4) * 100) / 100 : fullAmount;
    const cycleDays = rng.lognormal(origin === 'expansion' ? 15 : origin === 'migrated' ? 20 : 22, 0.65);
    const closeAt = rep.calendar.addWork(created, cycleDays * 9 * HOUR);
    const sourceFactor =
      (origin === 'funnel' || origin === 'addOn') && lead
        ? (({ referral: 1.3, partners: 1.15, paid_social: 0.8, outbound_list: 0.85 } as Record<string, number>)[
            lead.source.name
          ] ?? 1)
        : origin === 'expansion'
          ? 1.6
          : 1.3;
    const winChance =
      0.27 * rep.closeRate * (lead === null || lead.icp ? 1.15 : 0.8) * (tier === 'A' ? 1.1 : 1) * sourceFactor;
    const open = closeAt > LAST_INSTANT;
    const won = !open && rng.chance(Math.min(0.85, winChance));
    const row: DealRow = {
      deal_id: dealId(++this.dealNo),
      lead_id: lead?.id ?? '',
      created_at: formatInstant(created),
      closed_at: open ? '' : formatInstant(closeAt),
      status: open ? 'open' : won ? 'won' : 'lost',
      amount: amount.toFixed(2),
      currency: 'BRL',
      lost_reason: !open && !won ? LOST_REASONS.pick(rng) : '',
      owner: rep.name,
    };
    this.report.deals++;
    if (won) {
      this.report.won++;
      this.report.wonRevenue += amount;
    }
    if (lead) this.deals.push(row);
    else this.emitDeal(row);
    return { closedAt: open ? null : closeAt, won, lost: !open && !won };
  }

  /** Annual contract value: plan by company size, extra seats, a negotiated discount. */
  private amount(size: number): number {
    const rng = this.rng;
    const x = rng.next();
    const plan =
      size < 30
        ? x < 0.85
          ? 'essencial'
          : 'pro'
        : size < 200
          ? x < 0.38
            ? 'essencial'
            : x < 0.92
              ? 'pro'
              : 'enterprise'
          : x < 0.6
            ? 'pro'
            : 'enterprise';
    const seats = plan === 'enterprise' ? rng.int(0, 40) : plan === 'pro' ? rng.int(0, 15) : rng.int(0, 5);
    const monthly = PLAN_MONTHLY[plan] + seats * 29;
    return Math.round(monthly * 12 * (100 - rng.pick(DISCOUNTS))) / 100;
  }

  /** Expansions and partner-registered deals: no lead behind them. */
  private dealsWithoutLead(d: number): void {
    if (!CONTRACT.isOpenDay(d)) return;
    const expected = ((this.params.leads * this.flowWeight[d]!) / this.flowTotal) * 0.0035;
    const n = this.rng.poisson(expected);
    for (let i = 0; i < n; i++) {
      const rep = this.assignRep(d * DAY + 12 * HOUR, 'B', null);
      const t = rep.calendar.randomTimeIn(d, this.rng);
      if (t <= LAST_INSTANT) this.deal(null, rep, 'B', t, 'expansion');
    }
  }

  // ── Shared helpers ───────────────────────────────────────────────────────────────────────

  private assignRep(at: Instant, tier: Tier, previous: RepProfile | null): RepProfile {
    const rng = this.rng;
    const day = dayOf(at);
    if (previous && previous.activeFrom <= day && rng.chance(0.6)) return previous;
    if (tier === 'A' && rng.chance(0.4)) return REPS[0]!;
    let total = 0;
    for (const r of REPS) if (r.activeFrom <= day) total += r.capacity;
    let x = rng.next() * total;
    for (const r of REPS) {
      if (r.activeFrom > day) continue;
      x -= r.capacity;
      if (x < 0) return r;
    }
    return REPS[0]!;
  }

  /** The rep's channel for the next attempt, limited to what the lead's record allows. */
  private channelFor(rep: RepProfile, lead: Lead): Channel | null {
    const channels = rep.channels;
    for (let tries = 0; tries < 6; tries++) {
      const c = channels.pick(this.rng);
      if ((c === 'call' || c === 'whatsapp') && lead.phone === '') continue;
      if (c === 'email' && lead.email === '') continue;
      return c;
    }
    const reachable = channels.items.filter(
      (c) => !((c === 'call' || c === 'whatsapp') && lead.phone === '') && !(c === 'email' && lead.email === ''),
    );
    return reachable.length > 0 ? this.rng.pick(reachable) : null;
  }

  private missOutcome(channel: Channel, lead: Lead): string {
    const rng = this.rng;
    if (channel === 'call') {
      if (lead.badContact) return rng.chance(0.5) ? 'other' : 'no_answer';
      const x = rng.next();
      return x < 0.62 ? 'no_answer' : x < 0.95 ? 'voicemail' : 'other';
    }
    if (channel === 'email') return lead.badContact ? 'bounced' : '';
    if (channel === 'whatsapp') return lead.badContact ? 'other' : rng.chance(0.7) ? 'no_answer' : '';
    return '';
  }

  /** A slow reviewer may accept late; the close never comes before the acceptance it follows. */
  private afterAcceptance(h: Handoff, at: Instant): Instant {
    return h.sal !== null && h.sal >= at ? h.sal + this.rng.int(600, 7200) : at;
  }

  private within(t: Instant): Instant | null {
    return t <= LAST_INSTANT ? t : null;
  }

  private touch(t: Instant, type: string, direction: Direction, outcome: string, owner: string): void {
    if (t > LAST_INSTANT) return;
    // A few inbound messages are logged by the inbox integration with no owner.
    this.touches.push({
      t,
      type,
      direction,
      outcome,
      owner: direction === 'inbound' && this.rng.chance(0.03) ? '' : owner,
    });
  }

  // ── Emission ─────────────────────────────────────────────────────────────────────────────

  private emitLead(lead: Lead, handoffs: Handoff[]): void {
    const last = handoffs[handoffs.length - 1];
    const at = (t: Instant | null | undefined): string => (t == null ? '' : formatInstant(t));
    const row: LeadRow = {
      lead_id: lead.id,
      created_at: formatInstant(lead.created),
      email: lead.email,
      name: lead.name,
      company: lead.company,
      phone: lead.phone,
      source: lead.source.name,
      campaign: lead.campaign,
      segment: lead.segment,
      company_size: String(lead.size),
      state: lead.uf,
      country: 'BR',
      job_title: lead.title,
      score: String(lead.score),
      owner: lead.owner,
      mql_at: at(last?.mql),
      sal_at: at(last?.sal),
      sql_at: at(last?.sql),
      opportunity_at: at(last?.opportunity),
      rejected_at: at(last?.rejected),
      rejection_reason: last?.rejectionReason ?? '',
      recycled_at: at(last?.recycled),
      recycle_reason: last?.recycleReason ?? '',
      disqualified_at: at(last?.disqualified),
      disqualification_reason: last?.disqualificationReason ?? '',
    };
    this.report.leads++;
    if (handoffs.length > 0) this.report.mqlLeads++;
    this.dirty.leadWritten(lead.id, this.sink.lead(row));

    // The lifecycle history export: every handoff of re-qualified leads, and a share of the others,
    // repeating what leads.csv already says (identical lead/stage/time pairs count once downstream).
    const fullHistory = handoffs.length > 1 || (handoffs.length === 1 && this.rng.chance(0.08));
    if (fullHistory) {
      this.emitEvent(lead.id, 'lead', lead.created, '');
      for (const h of handoffs) {
        const events: Array<[string, Instant | null, string]> = [
          ['mql', h.mql, ''],
          ['sal', h.sal, ''],
          ['rejected', h.rejected, h.rejectionReason],
          ['sql', h.sql, ''],
          ['opportunity', h.opportunity, ''],
          ['recycled', h.recycled, h.recycleReason],
          ['disqualified', h.disqualified, h.disqualificationReason],
        ];
        events.sort((a, b) => (a[1] ?? 0) - (b[1] ?? 0));
        for (const [stage, t, reason] of events) if (t !== null) this.emitEvent(lead.id, stage, t, reason);
      }
    }

    this.touches.sort((a, b) => a.t - b.t);
    let lastUnansweredCall: ActivityRow | null = null;
    for (const x of this.touches) {
      const activity: ActivityRow = {
        activity_id: activityId(++this.activityNo),
        lead_id: lead.id,
        occurred_at: formatInstant(x.t),
        type: x.type,
        direction: x.direction,
        outcome: x.outcome,
        owner: x.owner,
      };
      this.sink.activity(activity);
      if (x.outcome === 'no_answer' && x.type === 'call') lastUnansweredCall = activity;
    }
    for (const deal of this.deals) this.emitDeal(deal);
    this.dirty.afterLead({ no: lead.no, created: lead.created, row, lastUnansweredCall });
  }

  private emitEvent(id: string, stage: string, t: Instant, reason: string): number {
    return this.sink.leadEvent({ lead_id: id, stage, at: formatInstant(t), reason });
  }

  private emitDeal(row: DealRow): void {
    this.sink.deal(row);
    this.dirty.dealWritten(row, this.leadNo);
  }
}

function volumeWeight(d: number): number {
  const growth = Math.exp(Math.log1p(MONTHLY_GROWTH) * ((d - FIRST_DAY) / 30.4));
  const weekday = weekdayOf(d);
  const dayType = CLOSED_DAYS.has(d) && weekday < 5 ? 0.45 : WEEKDAY_VOLUME[weekday]!;
  return growth * SEASON[monthOfDay(d)]! * dayType;
}

function emailLocalPart(rng: Random, first: string, last: string): string {
  const x = rng.next();
  if (x < 0.45) return `${first}.${last}`;
  if (x < 0.6) return first;
  if (x < 0.75) return `${first[0] ?? 'x'}${last}`;
  if (x < 0.85) return `${first}_${last}`;
  if (x < 0.93) return `${first}${last}`;
  return `${first}.${last}${rng.int(1, 99)}`;
}
