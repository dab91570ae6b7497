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
}

const MONTH = /^(\d{4})-(\d{2})$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const WEEK = /^(\d{4})-W(\d{2})$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

function capitalize(text: string, locale: Locale): string {
  return text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
}

/** Builds the formatter of a locale; `timeZone` is the contract's IANA zone. */
export function formatter(locale: Locale, timeZone: string): Formatter {
  const dict = dictionary(locale);
  const numberFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const dayOptions: Intl.DateTimeFormatOptions =
    locale === 'pt-BR' ? { day: '2-digit', month: '2-digit', year: 'numeric' } : { dateStyle: 'medium' };
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

  const period = (id: string): string => {
    let match = MONTH.exec(id);
    if (match) return capitalize(monthLong.format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1))), locale);
    match = QUARTER.exec(id);
    if (match) return dict.periodLabel.quarter(Number(match[2]), Number(match[1]));
    match = WEEK.exec(id);
    if (match) return dict.periodLabel.week(Number(match[2]), Number(match[1]));
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

  return {
    locale,
    number: (value) => (value === null || value === undefined || Number.isNaN(value) ? dict.notAvailable : numberFormat.format(value)),
    date,
    dateTime,
    period,
    periodShort,
  };
}
