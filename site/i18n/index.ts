import type { Weekday } from '../../pipeline/contract/business-hours.ts';
import type { Unit } from '../../pipeline/schemas/snapshot.ts';
import { en, type Dictionary } from './en.ts';
import { ptBR } from './pt-BR.ts';

export type { Dictionary } from './en.ts';

/** A language the site is published in; it comes from the contract's `locale`. */
export type Locale = 'en' | 'pt-BR';

const dictionaries: Record<Locale, Dictionary> = { en, 'pt-BR': ptBR };

/** The labels of one locale. */
export function dictionary(locale: Locale): Dictionary {
  return dictionaries[locale];
}

/** Number, date and period formatting for one locale and the contract's time zone. */
export interface Formatter {
  locale: Locale;
  /** A count or measure, grouped the local way (pt-BR `1.234,5`); null is "not available". */
  number(value: number | null | undefined): string;
  /** A calendar date written yyyy-mm-dd, as the local reader writes it (pt-BR `dd/mm/aaaa`). */
  date(isoDate: string): string;
  /** A timestamp (`as_of`) in the contract's time zone; one without an offset is already local. */
  dateTime(timestamp: string): string;
  /** A period id (`2026-10`, `2026-Q4`, `2026-W43`) as a heading: "Outubro de 2026". */
  period(period: string): string;
  /** A period id short enough for a chart axis: "Out 2026". */
  periodShort(period: string): string;
  /** A percentage 0–100 (pt-BR `87,5%`); null is "not available". */
  pct(value: number | null | undefined): string;
  /** An amount in the agreement's currency, whole units (pt-BR `R$ 600.000`). */
  currency(value: number | null | undefined): string;
  /** Business minutes as hours and minutes (`15 min`, `1 h 30 min`). */
  minutes(value: number | null | undefined): string;
  /** Business days (`2,5 dias`, `2.5 days`). */
  days(value: number | null | undefined): string;
  /** A file size (`3,4 MB`). */
  bytes(value: number): string;
  /** Minutes after local midnight as a 24-hour clock time (`09:00`). */
  clock(minutes: number): string;
  /** A weekday key (`mon` … `sun`) as its local name ("segunda-feira"). */
  weekday(day: Weekday): string;
  /** A metric value in its unit. */
  metric(value: number | null | undefined, unit: Unit): string;
  /** The change from `from` to `to` in the metric's unit, signed: percentages move in points. */
  change(from: number | null | undefined, to: number | null | undefined, unit: Unit): string;
}

const MONTH = /^(\d{4})-(\d{2})$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const WEEK = /^(\d{4})-W(\d{2})$/;
const DAY_MS = 86_400_000;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

function capitalize(text: string, locale: Locale): string {
  return text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
}

// 2024-01-01 was a Monday: the weekday keys in ISO order map onto the days that follow it.
const WEEKDAY_DATES: Record<Weekday, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

// A formatter holds fourteen Intl objects and no state: building them for every page context and
// table cost about 0.15 s of the sample's build, so each (locale, zone, currency) is built once.
const formatters = new Map<string, Formatter>();

/** The formatter of a locale; `timeZone` is the contract's IANA zone, `currency` its ISO 4217 code. */
export function formatter(locale: Locale, timeZone: string, currency = 'BRL'): Formatter {
  const key = `${locale}\u0000${timeZone}\u0000${currency}`;
  let built = formatters.get(key);
  if (!built) {
    built = buildFormatter(locale, timeZone, currency);
    formatters.set(key, built);
  }
  return built;
}

function buildFormatter(locale: Locale, timeZone: string, currency: string): Formatter {
  const dict = dictionary(locale);
  const numberFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const signedFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' });
  const pctFormat = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const signedPctFormat = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' });
  const currencyFormat = new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 });
  const weekdayFormat = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' });
  const dayOptions: Intl.DateTimeFormatOptions = locale === 'pt-BR' ? { day: '2-digit', month: '2-digit', year: 'numeric' } : { dateStyle: 'medium' };
  const timeOptions: Intl.DateTimeFormatOptions =
    locale === 'pt-BR' ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : { hour: 'numeric', minute: '2-digit', hourCycle: 'h12' };
  // Calendar days and wall-clock times are formatted in UTC so no zone can shift them.
  const wallDayFormat = new Intl.DateTimeFormat(locale, { ...dayOptions, timeZone: 'UTC' });
  const wallTimeFormat = new Intl.DateTimeFormat(locale, { ...timeOptions, timeZone: 'UTC' });
  const zoneDayFormat = new Intl.DateTimeFormat(locale, { ...dayOptions, timeZone });
  const zoneTimeFormat = new Intl.DateTimeFormat(locale, { ...timeOptions, timeZone });
  const monthLong = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const monthShort = new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' });

  const date = (isoDate: string): string => {
    const match = TIMESTAMP.exec(isoDate);
    if (!match) return isoDate;
    return wallDayFormat.format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))));
  };

  const dateTime = (timestamp: string): string => {
    const match = TIMESTAMP.exec(timestamp);
    if (!match) return timestamp;
    const [, y, mo, d, h = '00', mi = '00', s = '00', offset] = match;
    const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    // With an offset the text names an instant, shown on the contract's clock; without one it
    // is already the contract's wall-clock time and must not be shifted again.
    let day: string;
    let time: string;
    if (offset === undefined) {
      day = wallDayFormat.format(wall);
      time = wallTimeFormat.format(wall);
    } else {
      const digits = offset === 'Z' ? '+0000' : offset.replace(':', '');
      const minutes = (digits.startsWith('-') ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
      const instant = wall - minutes * 60_000;
      day = zoneDayFormat.format(instant);
      time = zoneTimeFormat.format(instant);
    }
    return locale === 'pt-BR' ? `${day} ${time}` : `${day}, ${time}`;
  };

  // A week names its days: "26/10–01/11", "Oct 26–Nov 1" (the month once when both days share it).
  const dayMonth = new Intl.DateTimeFormat(locale, locale === 'pt-BR' ? { day: '2-digit', month: '2-digit', timeZone: 'UTC' } : { month: 'short', day: 'numeric', timeZone: 'UTC' });
  const dayOnly = new Intl.DateTimeFormat(locale, { day: 'numeric', timeZone: 'UTC' });
  const weekDays = (year: number, week: number): string => {
    const jan4 = Date.UTC(year, 0, 4);
    const monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS + (week - 1) * 7 * DAY_MS;
    const sunday = monday + 6 * DAY_MS;
    const sameMonth = new Date(monday).getUTCMonth() === new Date(sunday).getUTCMonth();
    return `${dayMonth.format(monday)}–${locale === 'en' && sameMonth ? dayOnly.format(sunday) : dayMonth.format(sunday)}`;
  };

  const period = (id: string): string => {
    let match = MONTH.exec(id);
    if (match) return capitalize(monthLong.format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1))), locale);
    match = QUARTER.exec(id);
    if (match) return dict.periodLabel.quarter(Number(match[2]), Number(match[1]));
    match = WEEK.exec(id);
    if (match) return `${dict.periodLabel.week(Number(match[2]), Number(match[1]))} · ${weekDays(Number(match[1]), Number(match[2]))}`;
    return id;
  };

  const periodShort = (id: string): string => {
    let match = MONTH.exec(id);
    if (match) {
      const month = monthShort.format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1))).replace(/\.$/, '');
      return `${capitalize(month, locale)} ${match[1]}`;
    }
    match = QUARTER.exec(id);
    if (match) return dict.periodLabel.quarterShort(Number(match[2]), Number(match[1]));
    match = WEEK.exec(id);
    if (match) return dict.periodLabel.weekShort(Number(match[2]), Number(match[1]));
    return id;
  };

  const missing = (value: number | null | undefined): value is null | undefined => value === null || value === undefined || Number.isNaN(value);
  const number = (value: number | null | undefined): string => (missing(value) ? dict.notAvailable : numberFormat.format(value));
  const pct = (value: number | null | undefined): string => (missing(value) ? dict.notAvailable : pctFormat.format(value / 100));
  const money = (value: number | null | undefined): string => (missing(value) ? dict.notAvailable : currencyFormat.format(value));

  const minutes = (value: number | null | undefined): string => {
    if (missing(value)) return dict.notAvailable;
    if (Math.abs(value) < 60) return dict.units.minutesShort(numberFormat.format(value));
    const whole = Math.round(Math.abs(value));
    const sign = value < 0 ? '-' : '';
    const h = Math.floor(whole / 60);
    const m = whole % 60;
    return sign + (m === 0 ? dict.units.hoursShort(numberFormat.format(h)) : dict.units.hoursMinutesShort(numberFormat.format(h), numberFormat.format(m)));
  };
  const days = (value: number | null | undefined): string => (missing(value) ? dict.notAvailable : dict.units.days(numberFormat.format(value), value));

  const bytes = (value: number): string => {
    const steps = ['B', 'KB', 'MB', 'GB'] as const;
    let size = value;
    let step = 0;
    while (size >= 1000 && step < steps.length - 1) {
      size /= 1000;
      step += 1;
    }
    return `${numberFormat.format(step === 0 ? size : Math.round(size * 10) / 10)} ${steps[step]}`;
  };

  const clock = (value: number): string => `${String(Math.floor(value / 60)).padStart(2, '0')}:${String(value % 60).padStart(2, '0')}`;

  const metric = (value: number | null | undefined, unit: Unit): string => {
    switch (unit) {
      case 'pct':
        return pct(value);
      case 'currency':
        return money(value);
      case 'minutes':
        return minutes(value);
      case 'days':
        return days(value);
      case 'ratio':
        // A conversion rate (0–1) reads as a percentage: 0,438 is "43,8%".
        return pct(missing(value) ? value : 100 * value);
      case 'count':
        return number(value);
    }
  };

  const change = (from: number | null | undefined, to: number | null | undefined, unit: Unit): string => {
    if (missing(from) || missing(to)) return dict.notAvailable;
    const difference = to - from;
    if (unit === 'pct') return dict.units.points(signedFormat.format(difference));
    if (unit === 'ratio') return dict.units.points(signedFormat.format(100 * difference));
    const absolute =
      unit === 'currency'
        ? `${difference > 0 ? '+' : difference < 0 ? '-' : ''}${currencyFormat.format(Math.abs(difference))}`
        : signedFormat.format(difference);
    // A relative change reads better than a raw one for counts and amounts, but means nothing from zero.
    return from === 0 ? absolute : `${absolute} (${signedPctFormat.format(difference / Math.abs(from))})`;
  };

  return {
    locale,
    number,
    date,
    dateTime,
    period,
    periodShort,
    pct,
    currency: money,
    minutes,
    days,
    bytes,
    clock,
    weekday: (day) => capitalize(weekdayFormat.format(new Date(Date.UTC(2024, 0, WEEKDAY_DATES[day]))), locale),
    metric,
    change,
  };
}
