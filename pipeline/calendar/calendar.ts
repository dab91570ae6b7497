import Holidays from 'date-holidays';
import { WEEKDAYS } from '../contract/business-hours.ts';
import type { Contract } from '../contract/schema.ts';
import { epochDayOfIsoDate, isoDateOfEpochDay, civilOfEpochDay, localToUtcMs, weekdayOfEpochDay } from './zone.ts';

// Business time (SPEC section 4) as a precomputed, sorted list of opening intervals in UTC epoch
// ms with a running total of business minutes. Every question ("how many business minutes
// between", "when is the deadline") becomes one or two binary searches over that list, so the
// cost per handoff is independent of how long the interval between the instants is, and DST is
// handled once, when each local opening range is converted to UTC at build time.

const MINUTE = 60_000;

/** The part of the contract that defines business time. */
export type CalendarContract = Pick<Contract, 'timezone' | 'business_hours' | 'holidays'>;

/** Inclusive span of local dates (`yyyy-mm-dd`) the calendar covers. */
export interface CalendarRange {
  from: string;
  to: string;
}

/** One opening range of one business day, as UTC epoch ms [startMs, endMs). */
export interface OpeningInterval {
  /** Local date of the business day. */
  date: string;
  startMs: number;
  endMs: number;
  /** Business minutes from the calendar start to `startMs`. */
  cumBefore: number;
  /** Consecutive number of the business day, 0 = first business day of the range. */
  dayIndex: number;
}

/** A non-working date: a public holiday of the contract's country/region, a contract date, or both. */
export interface CalendarHoliday {
  date: string;
  /** Name from `date-holidays` (in the country's language); null for a date only listed in the contract. */
  name: string | null;
  fromContract: boolean;
}

/** A business day: its local date and consecutive number. */
export interface BusinessDay {
  date: string;
  dayIndex: number;
}

/** Why `holidays.country` (`BR`, `BR-SP`) names no calendar date-holidays knows, or null when it does. */
export function holidayRegionProblem(country: string): string | null {
  const [countryCode, region] = country.split('-') as [string, string | undefined];
  const holidays = new Holidays();
  if (!holidays.getCountries()[countryCode]) return `no public-holiday calendar is known for the country "${countryCode}"; use an ISO 3166 code such as BR, PT or US, or list the days under holidays.dates`;
  if (region !== undefined && !holidays.getStates(countryCode)?.[region]) {
    const regions = Object.keys(holidays.getStates(countryCode) ?? {});
    return `no public-holiday calendar is known for the region "${region}" of ${countryCode}; ${regions.length === 0 ? `${countryCode} has no regions, so write ${countryCode} alone` : `its regions are ${regions.join(', ')}`}`;
  }
  return null;
}

/** Public holidays (type `public`) of `BR`, `BR-SP`, `US`, … by local date, for the given years. */
export function publicHolidays(country: string, years: readonly number[]): Map<string, string> {
  const [countryCode, region] = country.split('-') as [string, string | undefined];
  const problem = holidayRegionProblem(country);
  if (problem !== null) throw new Error(`holidays.country: ${problem}`);
  const holidays = new Holidays();
  if (region === undefined) holidays.init(countryCode, { types: ['public'] });
  else holidays.init(countryCode, region, { types: ['public'] });
  const byDate = new Map<string, string>();
  for (const year of years) {
    for (const holiday of holidays.getHolidays(year)) {
      if (holiday.type !== 'public') continue;
      // Multi-day holidays come as one entry; a 25-hour DST day still rounds to one day.
      const days = Math.max(1, Math.round((holiday.end.getTime() - holiday.start.getTime()) / 86_400_000));
      const first = epochDayOfIsoDate(holiday.date.slice(0, 10));
      for (let d = 0; d < days; d++) {
        const date = isoDateOfEpochDay(first + d);
        if (!byDate.has(date)) byDate.set(date, holiday.name);
      }
    }
  }
  return byDate;
}

function isoInstant(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms);
}

/** Business time of one contract over a range of local dates; every method is O(log n). */
export class BusinessCalendar {
  /** IANA zone the business hours are read in. */
  readonly timezone: string;
  /** Covered local dates, and the UTC instants of their bounds: local midnight of `from` to local midnight after `to`. */
  readonly range: Readonly<CalendarRange & { startMs: number; endMs: number }>;
  /** Opening intervals in time order. */
  readonly intervals: readonly OpeningInterval[];
  /** Holidays inside the range, by date. */
  readonly holidays: readonly CalendarHoliday[];
  /** Business minutes in the whole range. */
  readonly totalMinutes: number;
  /** Number of business days in the range. */
  readonly businessDayCount: number;

  readonly #starts: Float64Array;
  readonly #ends: Float64Array;
  readonly #cumBefore: Float64Array;
  readonly #cumAfter: Float64Array;
  readonly #dayIndex: Int32Array;
  /** dayIndex → index of that day's last interval. */
  readonly #lastIntervalOfDay: Int32Array;
  readonly #holidayByDate: Map<string, CalendarHoliday>;
  readonly #dayIndexByDate: Map<string, number>;

  constructor(
    timezone: string,
    range: CalendarRange & { startMs: number; endMs: number },
    intervals: OpeningInterval[],
    holidays: CalendarHoliday[],
  ) {
    this.timezone = timezone;
    this.range = Object.freeze({ ...range });
    this.intervals = Object.freeze(intervals);
    this.holidays = Object.freeze(holidays);
    const n = intervals.length;
    this.#starts = new Float64Array(n);
    this.#ends = new Float64Array(n);
    this.#cumBefore = new Float64Array(n);
    this.#cumAfter = new Float64Array(n);
    this.#dayIndex = new Int32Array(n);
    this.#dayIndexByDate = new Map();
    const lastOfDay: number[] = [];
    intervals.forEach((interval, i) => {
      this.#starts[i] = interval.startMs;
      this.#ends[i] = interval.endMs;
      this.#cumBefore[i] = interval.cumBefore;
      this.#cumAfter[i] = interval.cumBefore + (interval.endMs - interval.startMs) / MINUTE;
      this.#dayIndex[i] = interval.dayIndex;
      lastOfDay[interval.dayIndex] = i;
      this.#dayIndexByDate.set(interval.date, interval.dayIndex);
    });
    this.#lastIntervalOfDay = Int32Array.from(lastOfDay);
    this.totalMinutes = n === 0 ? 0 : this.#cumAfter[n - 1]!;
    this.businessDayCount = lastOfDay.length;
    this.#holidayByDate = new Map(holidays.map((h) => [h.date, h]));
  }

  #check(ms: number): void {
    if (!(ms >= this.range.startMs && ms <= this.range.endMs)) {
      throw new Error(`calendar range ${this.range.from}..${this.range.to} does not cover ${isoInstant(ms)}`);
    }
  }

  /** Index of the last interval starting at or before ms, -1 when none does. */
  #lastStartingBy(ms: number): number {
    const starts = this.#starts;
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid]! <= ms) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** Business minutes from the calendar start to `ms`. */
  cumulative(ms: number): number {
    this.#check(ms);
    const i = this.#lastStartingBy(ms);
    if (i < 0) return 0;
    const end = this.#ends[i]!;
    if (ms >= end) return this.#cumAfter[i]!;
    return this.#cumBefore[i]! + (ms - this.#starts[i]!) / MINUTE;
  }

  /** Business minutes between two instants (fractional); 0 when `toMs` <= `fromMs`. */
  elapsedMinutes(fromMs: number, toMs: number): number {
    if (toMs <= fromMs) {
      this.#check(fromMs);
      this.#check(toMs);
      return 0;
    }
    return this.cumulative(toMs) - this.cumulative(fromMs);
  }

  /** Whether `ms` lies inside an opening interval. */
  isOpen(ms: number): boolean {
    this.#check(ms);
    const i = this.#lastStartingBy(ms);
    return i >= 0 && ms < this.#ends[i]!;
  }

  /** First instant >= `ms` inside business time: where a handoff's clock starts. */
  clockStart(ms: number): number {
    this.#check(ms);
    const i = this.#lastStartingBy(ms);
    if (i >= 0 && ms < this.#ends[i]!) return ms;
    if (i + 1 >= this.#starts.length) {
      throw new Error(`calendar range ${this.range.from}..${this.range.to} has no opening after ${isoInstant(ms)}`);
    }
    return this.#starts[i + 1]!;
  }

  /**
   * First whole millisecond at which `elapsedMinutes(fromMs, ·)` reaches `minutes`: for minutes > 0
   * it lies inside an opening interval or at its end (a deadline met exactly at closing time is
   * closing time, not the next opening).
   */
  deadline(fromMs: number, minutes: number): number {
    if (!(minutes >= 0 && Number.isFinite(minutes))) throw new Error(`deadline needs minutes >= 0, got ${minutes}`);
    const target = this.cumulative(fromMs) + minutes;
    if (minutes === 0) return fromMs;
    const cumAfter = this.#cumAfter;
    let lo = 0;
    let hi = cumAfter.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumAfter[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= cumAfter.length) {
      throw new Error(`calendar range ${this.range.from}..${this.range.to} ends before ${minutes} business minutes after ${isoInstant(fromMs)}`);
    }
    // Float noise of ~1e-10 ms must not push an exact instant one millisecond later.
    const offset = Math.ceil((target - this.#cumBefore[lo]!) * MINUTE - 1e-6);
    return Math.min(this.#starts[lo]! + Math.max(offset, 0), this.#ends[lo]!);
  }

  /** Business day on which a clock started at `ms` stands: the day of `clockStart(ms)`. */
  businessDayOf(ms: number): BusinessDay {
    const i = this.#lastStartingBy(this.clockStart(ms));
    return { date: this.intervals[i]!.date, dayIndex: this.#dayIndex[i]! };
  }

  /**
   * Close of business (end of the last opening range) of the `days`-th business day of a window
   * opened at `fromMs`, day 1 being the business day on which the clock starts.
   */
  windowEnd(fromMs: number, days: number): number {
    if (!(Number.isInteger(days) && days >= 1)) throw new Error(`windowEnd needs whole days >= 1, got ${days}`);
    const lastDay = this.businessDayOf(fromMs).dayIndex + days - 1;
    if (lastDay >= this.#lastIntervalOfDay.length) {
      throw new Error(`calendar range ${this.range.from}..${this.range.to} ends before business day ${days} after ${isoInstant(fromMs)}`);
    }
    return this.#ends[this.#lastIntervalOfDay[lastDay]!]!;
  }

  /** Whether a local date has at least one opening (a weekday with hours, not a holiday). */
  isBusinessDay(date: string): boolean {
    return this.#dayIndexByDate.has(date);
  }

  /** Whether a local date is a holiday (country calendar or contract `dates`). */
  isHoliday(date: string): boolean {
    return this.#holidayByDate.has(date);
  }

  /** The holiday on a local date, if any. */
  holiday(date: string): CalendarHoliday | undefined {
    return this.#holidayByDate.get(date);
  }
}

/** Builds the business calendar of a contract for the local dates `range.from`..`range.to`. */
export function buildCalendar(contract: CalendarContract, range: CalendarRange): BusinessCalendar {
  const { timezone, business_hours: hours } = contract;
  const firstDay = epochDayOfIsoDate(range.from);
  const lastDay = epochDayOfIsoDate(range.to);
  if (lastDay < firstDay) throw new Error(`calendar range ${range.from}..${range.to} ends before it starts`);

  const years: number[] = [];
  for (let y = civilOfEpochDay(firstDay).year - 1; y <= civilOfEpochDay(lastDay).year; y++) years.push(y);
  const countryHolidays = contract.holidays.country ? publicHolidays(contract.holidays.country, years) : new Map<string, string>();
  const contractDates = new Set(contract.holidays.dates);
  const holidays: CalendarHoliday[] = [];
  for (const date of new Set([...countryHolidays.keys(), ...contractDates])) {
    const day = epochDayOfIsoDate(date);
    if (day < firstDay || day > lastDay) continue;
    holidays.push({ date, name: countryHolidays.get(date) ?? null, fromContract: contractDates.has(date) });
  }
  holidays.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const holidayDates = new Set(holidays.map((h) => h.date));

  const intervals: OpeningInterval[] = [];
  let cumBefore = 0;
  let dayIndex = 0;
  for (let day = firstDay; day <= lastDay; day++) {
    const ranges = hours[WEEKDAYS[weekdayOfEpochDay(day) - 1]!];
    if (ranges.length === 0) continue;
    const date = isoDateOfEpochDay(day);
    if (holidayDates.has(date)) continue;
    const { year, month, day: dom } = civilOfEpochDay(day);
    let opened = false;
    for (const { start, end } of ranges) {
      const startMs = localToUtcMs(timezone, year, month, dom, 0, start);
      const endMs = localToUtcMs(timezone, year, month, dom, 0, end);
      // A range lying wholly inside a DST gap never happens on the clock.
      if (endMs <= startMs) continue;
      const previous = intervals[intervals.length - 1];
      if (previous && startMs < previous.endMs) throw new Error(`opening ${date} ${start}-${end} overlaps the previous one`);
      intervals.push({ date, startMs, endMs, cumBefore, dayIndex });
      cumBefore += (endMs - startMs) / MINUTE;
      opened = true;
    }
    if (opened) dayIndex++;
  }

  const startMs = localToUtcMs(timezone, ...ymd(firstDay));
  const endMs = localToUtcMs(timezone, ...ymd(lastDay + 1));
  return new BusinessCalendar(timezone, { from: range.from, to: range.to, startMs, endMs }, intervals, holidays);
}

function ymd(epochDay: number): [number, number, number] {
  const { year, month, day } = civilOfEpochDay(epochDay);
  return [year, month, day];
}
