import { describe, expect, it } from 'vitest';
import { publishedReasonForm } from '../../pipeline/ingest/published-reasons.ts';
import { expectation } from '../../pipeline/ingest/value-sql.ts';
import { quarantineReason } from '../../site/i18n/quarantine-reasons.ts';

// Every published problem text the pipeline writes has a form, so a pt-BR page never shows one in
// English; the texts come from the functions that write them where those are callable.
const ctx = (dayFirst: boolean, decimal: '.' | ',') => ({ timezone: 'UTC', dayFirst, decimal });
const published = (label: string, problem: string) => `${label}: "…" ${problem}`;

describe('published quarantine reasons', () => {
  it('names the form and parts of every reason the pipeline writes', () => {
    expect(publishedReasonForm(published('Create Date', expectation({ kind: 'timestamp' }, ctx(true, '.'))))).toEqual({ code: 'not_timestamp', column: 'Create Date', values: ['dd/mm/yyyy'] });
    expect(publishedReasonForm(published('at', expectation({ kind: 'timestamp' }, ctx(false, '.'))))).toEqual({ code: 'not_timestamp', column: 'at', values: ['mm/dd/yyyy'] });
    expect(publishedReasonForm(published('amount', expectation({ kind: 'number' }, ctx(true, ','))))).toEqual({ code: 'not_number', column: 'amount', values: ['1.234,56'] });
    expect(publishedReasonForm(published('type', expectation({ kind: 'enum', synonyms: { call: [], email: [] } }, ctx(true, '.'))))).toEqual({ code: 'not_one_of', column: 'type', values: ['call, email'] });
    expect(publishedReasonForm(published('amount', 'is below 0'))?.code).toBe('below');
    expect(publishedReasonForm(published('occurred_at', "is in the future (more than a day after this run's clock, 2026-10-31T21:00:00Z)"))?.values).toEqual(['2026-10-31T21:00:00Z']);
    expect(publishedReasonForm('lead_id is empty')).toEqual({ code: 'empty', column: 'lead_id', values: [] });
    expect(publishedReasonForm('the row has 1 field where the header has 4')).toEqual({ code: 'field_count', values: ['1', '4'] });
    expect(publishedReasonForm('Done: "…": the activity is planned, not done, so it is no contact attempt')?.code).toBe('preset_rule');
    expect(publishedReasonForm('something new')).toBeNull();
  });

  it('says each in Portuguese on a pt-BR site and leaves English and unknown texts as written', () => {
    const reason = published('created_at', expectation({ kind: 'timestamp' }, ctx(true, '.')));
    expect(quarantineReason(reason, 'pt-BR')).toBe('created_at: "…" não é uma data ou data e hora válida (esperado ISO 8601, dd/mm/aaaa [HH:MM[:SS]] ou aaaa-mm-dd HH:MM:SS)');
    expect(quarantineReason('lead_id is empty', 'pt-BR')).toBe('lead_id está vazio');
    expect(quarantineReason('the row has 2 fields where the header has 4', 'pt-BR')).toBe('a linha tem 2 campos e o cabeçalho tem 4');
    expect(quarantineReason(reason, 'en')).toBe(reason);
    expect(quarantineReason('something new', 'pt-BR')).toBe('something new');
  });
});
