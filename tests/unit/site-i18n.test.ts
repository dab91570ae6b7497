import { describe, expect, it } from 'vitest';
import { dictionary, formatter } from '../../site/i18n/index.ts';
import { HOME_PAGE, hrefTo, periodPage } from '../../site/lib/paths.ts';

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
    expect(pt.period('2026-W43')).toBe('Semana 43 de 2026');
    expect(en.periodShort('2026-W43')).toBe('W43 2026');
  });

  it('names the funnel stages in both languages', () => {
    expect(Object.values(dictionary('pt-BR').stages)).toEqual(['Lead', 'MQL', 'SAL', 'SQL', 'Oportunidade', 'Ganho', 'Perdido']);
    expect(Object.values(dictionary('en').stages)).toEqual(['Lead', 'MQL', 'SAL', 'SQL', 'Opportunity', 'Won', 'Lost']);
  });
});

describe('links between pages', () => {
  it('are relative and end in index.html so they also open from the file system', () => {
    expect(hrefTo(HOME_PAGE, periodPage('2026-10'))).toBe('periods/2026-10/index.html');
    expect(hrefTo(periodPage('2026-10'), HOME_PAGE)).toBe('../../index.html');
    expect(hrefTo(periodPage('2026-10'), periodPage('2026-09'))).toBe('../2026-09/index.html');
    expect(hrefTo(HOME_PAGE, HOME_PAGE)).toBe('index.html');
  });
});
