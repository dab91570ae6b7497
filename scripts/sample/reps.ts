import { CONTRACT_HOURS, WorkCalendar, dayIndex } from './calendar.ts';
import { type Random, Weighted } from './random.ts';

export type Channel = 'call' | 'email' | 'whatsapp' | 'linkedin';

/** One sales rep and the habits that shape the SLA numbers the sample should show. */
export interface RepProfile {
  name: string;
  habit: string;
  calendar: WorkCalendar;
  /** Relative share of new handoffs routed to this rep. */
  capacity: number;
  /** First day the rep receives handoffs. */
  activeFrom: number;
  /** Median open-time minutes from the MQL to the first attempt, for a tier-B lead. */
  responseMinutes: number;
  responseSpread: number;
  /** Median open-time minutes from the MQL to accepting or rejecting it. */
  reviewMinutes: number;
  /** Chance a handoff is never worked at all. */
  neglect: number;
  /** Attempts per working day, day 1 being the day of the first attempt. */
  cadence: (rng: Random) => number[];
  /** Minutes between attempts on the same day. */
  sameDayGap: readonly [number, number];
  channels: Weighted<Channel>;
  /** Chance of answering an after-hours MQL at once by WhatsApp (or e-mail). */
  afterHoursReply: number;
  /** Share of handoffs the rep accepts or rejects only after talking to the lead. */
  decidesAfterTalking: number;
  /** Multiplier on the chances that a conversation becomes an SQL and a deal is won. */
  closeRate: number;
  /** Closes unanswered handoffs right after a short cadence instead of finishing it. */
  givesUpEarly: boolean;
}

/** Per-day attempt counts with a little day-to-day variation; day 1 always has an attempt. */
function varied(base: readonly number[], rng: Random): number[] {
  const plan = base.map((n) => (rng.chance(0.15) ? Math.max(0, n + (rng.chance(0.5) ? 1 : -1)) : n));
  plan[0] = Math.max(1, plan[0] ?? 1);
  return plan;
}

const mixedChannels = (call: number, email: number, whatsapp: number, linkedin: number): Weighted<Channel> =>
  new Weighted<Channel>([
    ['call', call],
    ['email', email],
    ['whatsapp', whatsapp],
    ['linkedin', linkedin],
  ]);

const standardDay = new WorkCalendar(CONTRACT_HOURS);

export const REPS: readonly RepProfile[] = [
  {
    name: 'Ana Beatriz Costa',
    habit:
      'fast: first touch within minutes (median ~4 business minutes), answers evening MQLs on WhatsApp, works 08:30–19:00, gets many tier-A leads',
    calendar: new WorkCalendar({
      mon: '08:30-12:00,13:00-19:00',
      tue: '08:30-12:00,13:00-19:00',
      wed: '08:30-12:00,13:00-19:00',
      thu: '08:30-12:00,13:00-19:00',
      fri: '08:30-12:00,13:00-17:30',
      sat: '',
      sun: '',
    }),
    capacity: 1,
    activeFrom: 0,
    responseMinutes: 4,
    responseSpread: 0.8,
    reviewMinutes: 20,
    neglect: 0.01,
    cadence: (rng) => varied([2, 1, 1, 0, 1, 0, 1, 0, 1], rng),
    sameDayGap: [60, 180],
    channels: mixedChannels(40, 20, 30, 10),
    afterHoursReply: 0.45,
    decidesAfterTalking: 0.1,
    closeRate: 1.05,
    givesUpEarly: false,
  },
  {
    name: 'Bruno Carvalho',
    habit: 'solid: median ~25 business minutes, 7 attempts over the window, mixed channels',
    calendar: standardDay,
    capacity: 1,
    activeFrom: 0,
    responseMinutes: 25,
    responseSpread: 1,
    reviewMinutes: 60,
    neglect: 0.03,
    cadence: (rng) => varied([2, 1, 1, 0, 1, 0, 0, 1, 0, 1], rng),
    sameDayGap: [90, 240],
    channels: mixedChannels(40, 35, 15, 10),
    afterHoursReply: 0,
    decidesAfterTalking: 0.15,
    closeRate: 1,
    givesUpEarly: false,
  },
  {
    name: 'Camila Rocha',
    habit: 'solid and the best closer: median ~35 business minutes, 7 attempts, highest SQL and win rates',
    calendar: standardDay,
    capacity: 1,
    activeFrom: 0,
    responseMinutes: 35,
    responseSpread: 0.9,
    reviewMinutes: 90,
    neglect: 0.02,
    cadence: (rng) => varied([2, 1, 0, 1, 1, 0, 1, 0, 1], rng),
    sameDayGap: [90, 240],
    channels: mixedChannels(45, 25, 20, 10),
    afterHoursReply: 0,
    decidesAfterTalking: 0.2,
    closeRate: 1.3,
    givesUpEarly: false,
  },
  {
    name: 'Diego Martins',
    habit:
      'slow: first touch usually hours later or the next day, decides on MQLs late (acceptance breaches), cadence spills past the window',
    calendar: standardDay,
    capacity: 1,
    activeFrom: 0,
    responseMinutes: 330,
    responseSpread: 0.9,
    reviewMinutes: 720,
    neglect: 0.07,
    cadence: (rng) => varied([1, 1, 0, 1, 0, 1, 0, 0, 1, 0, 1], rng),
    sameDayGap: [120, 300],
    channels: mixedChannels(35, 45, 10, 10),
    afterHoursReply: 0,
    decidesAfterTalking: 0.45,
    closeRate: 0.9,
    givesUpEarly: false,
  },
  {
    name: 'Eduardo Lima',
    habit: 'aggressive: 5–6 attempts on day 1 and 3–4 on day 2 (over the 3/day cap), ~13 in total, works 09:30–19:30',
    calendar: new WorkCalendar({
      mon: '09:30-12:30,13:30-19:30',
      tue: '09:30-12:30,13:30-19:30',
      wed: '09:30-12:30,13:30-19:30',
      thu: '09:30-12:30,13:30-19:30',
      fri: '09:30-12:30,13:30-18:00',
      sat: '',
      sun: '',
    }),
    capacity: 1,
    activeFrom: 0,
    responseMinutes: 8,
    responseSpread: 0.9,
    reviewMinutes: 45,
    neglect: 0.01,
    cadence: (rng) => varied([rng.int(5, 6), rng.int(3, 4), 2, 1, 1, 0, 1], rng),
    sameDayGap: [15, 50],
    channels: mixedChannels(50, 15, 30, 5),
    afterHoursReply: 0.2,
    decidesAfterTalking: 0.1,
    closeRate: 0.85,
    givesUpEarly: false,
  },
  {
    name: 'Fernanda Alves',
    habit: 'gives up early: 2–3 attempts, then recycles or disqualifies the lead within a day or two',
    calendar: standardDay,
    capacity: 0.9,
    activeFrom: 0,
    responseMinutes: 40,
    responseSpread: 1,
    reviewMinutes: 60,
    neglect: 0.04,
    cadence: (rng) => varied([1, 1, 0, 1], rng).slice(0, rng.chance(0.5) ? 3 : 4),
    sameDayGap: [90, 240],
    channels: mixedChannels(40, 40, 10, 10),
    afterHoursReply: 0,
    decidesAfterTalking: 0.15,
    closeRate: 1,
    givesUpEarly: true,
  },
  {
    name: 'Gustavo Pereira',
    habit: 'calls only: every attempt is a phone call, so leads without a phone are never contacted',
    calendar: standardDay,
    capacity: 0.9,
    activeFrom: 0,
    responseMinutes: 45,
    responseSpread: 1,
    reviewMinutes: 120,
    neglect: 0.03,
    cadence: (rng) => varied([2, 1, 1, 1, 0, 1, 0, 1], rng),
    sameDayGap: [90, 240],
    channels: mixedChannels(1, 0, 0, 0),
    afterHoursReply: 0,
    decidesAfterTalking: 0.25,
    closeRate: 1,
    givesUpEarly: false,
  },
  {
    name: 'Juliana Souza',
    habit:
      'solid early bird: works 08:00–17:00 so many first touches land before the 09:00 opening; median ~20 business minutes',
    calendar: new WorkCalendar({
      mon: '08:00-12:00,13:00-17:00',
      tue: '08:00-12:00,13:00-17:00',
      wed: '08:00-12:00,13:00-17:00',
      thu: '08:00-12:00,13:00-17:00',
      fri: '08:00-12:00,13:00-16:00',
      sat: '',
      sun: '',
    }),
    capacity: 1,
    activeFrom: 0,
    responseMinutes: 20,
    responseSpread: 1,
    reviewMinutes: 60,
    neglect: 0.02,
    cadence: (rng) => varied([2, 1, 1, 0, 1, 0, 1, 0, 1], rng),
    sameDayGap: [60, 180],
    channels: mixedChannels(35, 30, 25, 10),
    afterHoursReply: 0.05,
    decidesAfterTalking: 0.15,
    closeRate: 1.05,
    givesUpEarly: false,
  },
  {
    name: 'Rafael Gomes',
    habit: 'new hire from 2026-03-02: slow in his first months (ramp), solid afterwards',
    calendar: standardDay,
    capacity: 0.8,
    activeFrom: dayIndex('2026-03-02'),
    responseMinutes: 30,
    responseSpread: 1,
    reviewMinutes: 120,
    neglect: 0.04,
    cadence: (rng) => varied([1, 1, 1, 0, 1, 0, 1, 0, 1], rng),
    sameDayGap: [90, 240],
    channels: mixedChannels(40, 35, 15, 10),
    afterHoursReply: 0,
    decidesAfterTalking: 0.2,
    closeRate: 0.85,
    givesUpEarly: false,
  },
];

/** The new hire is slower while ramping: 3.5× in his first month, at full speed after five. */
export function rampFactor(rep: RepProfile, day: number): number {
  if (rep.activeFrom === 0) return 1;
  const months = (day - rep.activeFrom) / 30;
  return Math.max(1, 3.5 - 0.5 * months);
}
