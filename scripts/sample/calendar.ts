import type { Random } from './random.ts';

/**
 * Wall-clock time for the generator: whole seconds since 2025-01-01 00:00 in the contract's
 * timezone. Brazil has had no DST since 2019, so local days are always 86 400 s long and the
 * generator can do plain integer arithmetic, then print `yyyy-mm-dd HH:MM:SS` without offset.
 */
export type Instant = number;

export const DAY = 86_400;
export const HOUR = 3_600;
export const MINUTE = 60;

const BASE_UTC_MS = Date.UTC(2025, 0, 1);
/** 2025 through 2027: the sample window plus room for lookahead that is later clipped. */
export const DAY_COUNT = 365 * 3;

const pad2: string[] = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const dayLabels: string[] = [];
const weekdays = new Uint8Array(DAY_COUNT);
const months = new Uint8Array(DAY_COUNT);
const monthSerials = new Uint16Array(DAY_COUNT);
for (let d = 0; d < DAY_COUNT; d++) {
  const date = new Date(BASE_UTC_MS + d * DAY * 1000);
  dayLabels.push(date.toISOString().slice(0, 10));
  weekdays[d] = (date.getUTCDay() + 6) % 7;
  months[d] = date.getUTCMonth() + 1;
  monthSerials[d] = (date.getUTCFullYear() - 2025) * 12 + date.getUTCMonth();
}

export function dayIndex(label: string): number {
  const [y, m, d] = label.split('-').map(Number) as [number, number, number];
  return Math.round((Date.UTC(y, m - 1, d) - BASE_UTC_MS) / (DAY * 1000));
}

export function instantOf(label: string, hhmm = '00:00'): Instant {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return dayIndex(label) * DAY + h * HOUR + m * MINUTE;
}

export const dayOf = (t: Instant): number => Math.floor(t / DAY);
export const secondOfDay = (t: Instant): number => t - Math.floor(t / DAY) * DAY;
export const dayLabel = (d: number): string => dayLabels[d]!;
/** 0 = Monday … 6 = Sunday. */
export const weekdayOf = (d: number): number => weekdays[d]!;
/** 1 = January. */
export const monthOfDay = (d: number): number => months[d]!;
/** Months since January 2025. */
export const monthSerialOf = (d: number): number => monthSerials[d]!;

/** The canonical input format: local wall time, no offset (the contract's timezone applies). */
export function formatInstant(t: Instant): string {
  const d = Math.floor(t / DAY);
  let s = t - d * DAY;
  const h = Math.floor(s / HOUR);
  s -= h * HOUR;
  const m = Math.floor(s / MINUTE);
  return `${dayLabels[d]!} ${pad2[h]!}:${pad2[m]!}:${pad2[s - m * MINUTE]!}`;
}

/**
 * Days nobody at Acme works: national holidays as the BR calendar (date-holidays) lists them,
 * carnival Monday/Tuesday and Corpus Christi as commercial practice treats them, and the 24/12
 * and 31/12 the contract adds. Hard-coded so the generator never depends on a library update.
 */
export const CLOSED_DAYS: ReadonlySet<number> = new Set(
  [
    '2025-04-18',
    '2025-04-21',
    '2025-05-01',
    '2025-06-19',
    '2025-09-07',
    '2025-10-12',
    '2025-11-02',
    '2025-11-15',
    '2025-11-20',
    '2025-12-24',
    '2025-12-25',
    '2025-12-31',
    '2026-01-01',
    '2026-02-16',
    '2026-02-17',
    '2026-04-03',
    '2026-04-21',
    '2026-05-01',
    '2026-06-04',
    '2026-09-07',
    '2026-10-12',
    '2026-11-02',
    '2026-11-15',
    '2026-11-20',
    '2026-12-24',
    '2026-12-25',
    '2026-12-31',
    '2027-01-01',
  ].map(dayIndex),
);

const WEEK_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type WeekHours = Record<(typeof WEEK_KEYS)[number], string>;

function parseRanges(text: string): number[] {
  if (text.trim() === '') return [];
  return text.split(',').flatMap((part) => {
    const [from, to] = part.split('-') as [string, string];
    const seconds = (hhmm: string): number => {
      const [h, m] = hhmm.split(':').map(Number) as [number, number];
      return h * HOUR + m * MINUTE;
    };
    return [seconds(from), seconds(to)];
  });
}

/**
 * Opening hours over the day table: the contract's business hours, or one rep's working day.
 * Each day holds its ranges as a flat [start, end, start, end…] list of absolute instants.
 */
export class WorkCalendar {
  private readonly days: (Float64Array | null)[] = [];
  private readonly openSeconds: Float64Array = new Float64Array(DAY_COUNT);

  constructor(week: WeekHours, closed: ReadonlySet<number> = CLOSED_DAYS) {
    const byWeekday = WEEK_KEYS.map((k) => parseRanges(week[k]));
    for (let d = 0; d < DAY_COUNT; d++) {
      const ranges = byWeekday[weekdays[d]!]!;
      if (closed.has(d) || ranges.length === 0) {
        this.days.push(null);
        continue;
      }
      const abs = new Float64Array(ranges.length);
      let total = 0;
      for (let i = 0; i < ranges.length; i += 2) {
        abs[i] = d * DAY + ranges[i]!;
        abs[i + 1] = d * DAY + ranges[i + 1]!;
        total += ranges[i + 1]! - ranges[i]!;
      }
      this.days.push(abs);
      this.openSeconds[d] = total;
    }
  }

  isOpenDay(d: number): boolean {
    return this.days[d] != null;
  }

  isOpenAt(t: Instant): boolean {
    const r = this.days[Math.floor(t / DAY)];
    if (!r) return false;
    for (let i = 0; i < r.length; i += 2) if (t >= r[i]! && t < r[i + 1]!) return true;
    return false;
  }

  /** The first open day at or after d (beyond the table: d itself, so callers clip by date). */
  openDayFrom(d: number): number {
    for (let x = Math.max(0, d); x < DAY_COUNT; x++) if (this.days[x]) return x;
    return d;
  }

  /** The n-th open day counting from d, where the first open day at or after d is number 1. */
  nthOpenDay(d: number, n: number): number {
    let x = this.openDayFrom(d);
    for (let i = 1; i < n; i++) x = this.openDayFrom(x + 1);
    return x;
  }

  closeOf(d: number): Instant {
    const r = this.days[d];
    return r ? r[r.length - 1]! : d * DAY + DAY;
  }

  /** The earliest open instant at or after t. */
  nextOpen(t: Instant): Instant {
    for (let d = Math.floor(t / DAY); d < DAY_COUNT; d++) {
      const r = this.days[d];
      if (!r) continue;
      for (let i = 0; i < r.length; i += 2) if (t < r[i + 1]!) return t > r[i]! ? t : r[i]!;
    }
    return t;
  }

  /** The instant after `seconds` of open time have passed since t. */
  addWork(t: Instant, seconds: number): Instant {
    let at = this.nextOpen(t);
    let left = Math.max(0, Math.round(seconds));
    for (let d = Math.floor(at / DAY); d < DAY_COUNT; d++) {
      const r = this.days[d];
      if (!r) continue;
      for (let i = 0; i < r.length; i += 2) {
        const end = r[i + 1]!;
        if (end <= at) continue;
        const from = at > r[i]! ? at : r[i]!;
        if (left <= end - from) return from + left;
        left -= end - from;
        at = end;
      }
    }
    return at + left;
  }

  /** A uniformly chosen open instant of day d (d must be open). */
  randomTimeIn(d: number, rng: Random): Instant {
    const r = this.days[d];
    if (!r) return d * DAY + 10 * HOUR;
    let x = rng.next() * this.openSeconds[d]!;
    for (let i = 0; i < r.length; i += 2) {
      const len = r[i + 1]! - r[i]!;
      if (x < len) return Math.floor(r[i]! + x);
      x -= len;
    }
    return Math.floor(r[r.length - 1]! - 1);
  }

  /** A uniformly chosen open instant of day d at or after t, or null when the day is over. */
  randomTimeAfter(d: number, t: Instant, rng: Random): Instant | null {
    const r = this.days[d];
    if (!r) return null;
    let total = 0;
    for (let i = 0; i < r.length; i += 2) total += Math.max(0, r[i + 1]! - Math.max(t, r[i]!));
    if (total <= 0) return null;
    let x = rng.next() * total;
    for (let i = 0; i < r.length; i += 2) {
      const from = Math.max(t, r[i]!);
      const len = Math.max(0, r[i + 1]! - from);
      if (x < len) return Math.floor(from + x);
      x -= len;
    }
    return null;
  }
}

/** The bundled contract's business hours (sla.yaml), which the reps are measured against. */
export const CONTRACT_HOURS: WeekHours = {
  mon: '09:00-12:00,13:00-18:00',
  tue: '09:00-12:00,13:00-18:00',
  wed: '09:00-12:00,13:00-18:00',
  thu: '09:00-12:00,13:00-18:00',
  fri: '09:00-12:00,13:00-17:00',
  sat: '',
  sun: '',
};
