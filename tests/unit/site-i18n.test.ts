import { describe, expect, it } from 'vitest';
import { dictionary, formatter } from '../../site/i18n/index.ts';
import { DATA_PAGE, HOME_PAGE, hrefTo, meetingPage, periodPage, TRENDS_PAGE, trendFamilyPage } from '../../site/lib/paths.ts';

describe('formatting for the reader', () => {
  const pt = formatter('pt-BR', 'America/Sao_Paulo');
  const en = formatter('en', 'America/Sao_Paulo');

  it('groups numbers the local way and writes n/a for a missing value', () => {
    expect(pt.number(1234.5)).toBe('1.234,5');
    expect(en.number(1234.5)).toBe('1,234.5');
    expect(pt.number(0)).toBe('0');
    expect(pt.number(null)).toBe('n/d');
    expect(en.number(undefined)).toBe('n/a');
  });

  it('writes dates dd/mm/aaaa in pt-BR and never shifts a calendar day', () => {
    expect(pt.date('2026-10-01')).toBe('01/10/2026');
    expect(en.date('2026-10-01')).toBe('Oct 1, 2026');
  });

  it('shows as_of on the agreement clock; a timestamp without offset is already local', () => {
    expect(pt.dateTime('2026-10-28T21:00:00Z')).toBe('28/10/2026 18:00');
    expect(pt.dateTime('2026-10-28T18:00:00-03:00')).toBe('28/10/2026 18:00');
    expect(pt.dateTime('2026-10-28 18:00:00')).toBe('28/10/2026 18:00');
    expect(pt.dateTime('2026-10-29T02:30:00+0530')).toBe('28/10/2026 18:00');
    expect(en.dateTime('2026-10-28T18:00:00-03:00')).toBe('Oct 28, 2026, 6:00 PM');
  });

  it('names months, quarters and weeks', () => {
    expect(pt.period('2026-10')).toBe('Outubro de 2026');
    expect(en.period('2026-10')).toBe('October 2026');
    expect(pt.periodShort('2026-10')).toBe('Out 2026');
    expect(pt.period('2026-Q4')).toBe('4º trimestre de 2026');
    expect(en.period('2026-Q4')).toBe('Q4 2026');
    // A week names its days: 2026-W43 is Monday 19/10 to Sunday 25/10; W44 spans October and November;
    // 2026-W01 starts on Monday 29/12/2025 (its Thursday is 1 January 2026).
    expect(pt.period('2026-W43')).toBe('Semana 43 de 2026 · 19/10–25/10');
    expect(pt.period('2026-W44')).toBe('Semana 44 de 2026 · 26/10–01/11');
    expect(en.period('2026-W44')).toBe('Week 44, 2026 · Oct 26–Nov 1');
    expect(en.period('2026-W43')).toBe('Week 43, 2026 · Oct 19–25');
    expect(en.period('2026-W01')).toBe('Week 1, 2026 · Dec 29–Jan 4');
    expect(en.periodShort('2026-W43')).toBe('W43 2026');
  });

  it('names the funnel stages in both languages', () => {
    expect(Object.values(dictionary('pt-BR').stages)).toEqual(['Lead', 'MQL', 'SAL', 'SQL', 'Oportunidade', 'Ganho', 'Perdido']);
    expect(Object.values(dictionary('en').stages)).toEqual(['Lead', 'MQL', 'SAL', 'SQL', 'Opportunity', 'Won', 'Lost']);
  });
});

describe('formatting metric values in their units', () => {
  const pt = formatter('pt-BR', 'America/Sao_Paulo', 'BRL');
  const en = formatter('en', 'America/New_York', 'USD');

  it('writes percentages 0–100 with one decimal, amounts in the agreement currency without cents', () => {
    expect(pt.pct(56.7234)).toBe('56,7%');
    expect(en.pct(56.7234)).toBe('56.7%');
    expect(pt.pct(null)).toBe('n/d');
    // Intl puts a no-break space between the symbol and the amount in pt-BR.
    expect(pt.currency(600000)).toBe('R$\u00a0600.000');
    expect(en.currency(1234.5)).toBe('$1,235');
    expect(pt.metric(12.25, 'pct')).toBe('12,3%');
    // A conversion rate is a fraction: shown as a percentage, its change in percentage points.
    expect(pt.metric(0.43796, 'ratio')).toBe('43,8%');
    expect(pt.change(0.43796, 0.44296, 'ratio')).toBe(pt.change(43.796, 44.296, 'pct'));
    expect(pt.change(0.43796, 0.44296, 'ratio')).toMatch(/^\+0,5 p/);
    expect(en.metric(null, 'ratio')).toBe('n/a');
  });

  it('writes business minutes as hours and minutes, and days with their word', () => {
    expect(pt.minutes(15)).toBe('15 min');
    expect(pt.minutes(60)).toBe('1 h');
    expect(pt.minutes(90)).toBe('1 h 30 min');
    // 514.6 minutes round to 515 = 8 h 35 min.
    expect(en.minutes(514.6)).toBe('8 h 35 min');
    expect(pt.minutes(2.5)).toBe('2,5 min');
    expect(pt.days(2.5)).toBe('2,5 dias');
    expect(en.days(1)).toBe('1 day');
    expect(en.metric(null, 'minutes')).toBe('n/a');
  });

  it('writes a change signed, percentages in points, counts with their relative change', () => {
    // 1076 → 1234: +158, and 158 / 1076 = 14.68%.
    expect(pt.change(1076, 1234, 'count')).toBe('+158 (+14,7%)');
    expect(en.change(52, 45, 'count')).toBe('-7 (-13.5%)');
    expect(pt.change(50, 57.5, 'pct')).toBe('+7,5 p.p.');
    expect(en.change(50, 50, 'pct')).toBe('0 pts');
    // From zero a relative change means nothing.
    expect(pt.change(0, 5, 'count')).toBe('+5');
    expect(en.change(1000, 1500, 'currency')).toBe('+$500 (+50%)');
    expect(pt.change(null, 5, 'count')).toBe('n/d');
  });

  it('names weekdays, clock times and file sizes', () => {
    expect(pt.weekday('mon')).toBe('Segunda-feira');
    expect(en.weekday('sun')).toBe('Sunday');
    expect(pt.clock(540)).toBe('09:00');
    expect(pt.clock(1080)).toBe('18:00');
    expect(pt.clock(1440)).toBe('24:00');
    // 1,944,943 bytes = 1.94 MB, shown to one decimal.
    expect(pt.bytes(1944943)).toBe('1,9 MB');
    expect(en.bytes(91760)).toBe('91.8 KB');
    expect(en.bytes(12)).toBe('12 B');
  });
});

describe('links between pages', () => {
  it('are relative and end in index.html so they also open from the file system', () => {
    expect(hrefTo(HOME_PAGE, periodPage('2026-10'))).toBe('periods/2026-10/index.html');
    expect(hrefTo(periodPage('2026-10'), HOME_PAGE)).toBe('../../index.html');
    expect(hrefTo(periodPage('2026-10'), periodPage('2026-09'))).toBe('../2026-09/index.html');
    expect(hrefTo(HOME_PAGE, HOME_PAGE)).toBe('index.html');
    expect(hrefTo(meetingPage('2026-10'), periodPage('2026-10'))).toBe('../index.html');
    expect(hrefTo(trendFamilyPage('funnel-flow'), DATA_PAGE)).toBe('../../data/index.html');
    expect(hrefTo(TRENDS_PAGE, periodPage('2026-10'))).toBe('../periods/2026-10/index.html');
  });
});
