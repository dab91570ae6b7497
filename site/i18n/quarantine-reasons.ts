import { publishedReasonForm, type ReasonForm } from '../../pipeline/ingest/published-reasons.ts';
import type { Locale } from './index.ts';

// A published quarantine reason in the site's language, by its form (pipeline/ingest/published-reasons.ts):
// the snapshot keeps the English text it was written with; the page says it in the contract's locale.

const PT: Record<ReasonForm['code'], (column: string, v: string[]) => string> = {
  not_timestamp: (c, v) => `${c}: "…" não é uma data ou data e hora válida (esperado ISO 8601, ${v[0] === 'dd/mm/yyyy' ? 'dd/mm/aaaa' : 'mm/dd/aaaa'} [HH:MM[:SS]] ou aaaa-mm-dd HH:MM:SS)`,
  not_number: (c, v) => `${c}: "…" não é um número (esperado algo como ${v[0]})`,
  not_one_of: (c, v) => `${c}: "…" não é um destes valores: ${v[0]}`,
  below: (c, v) => `${c}: "…" é menor que ${v[0]}`,
  future: (c, v) => `${c}: "…" está no futuro (mais de um dia depois do relógio desta execução, ${v[0]})`,
  empty: (c) => `${c} está vazio`,
  field_count: (_, v) => `a linha tem ${v[0]} ${v[0] === '1' ? 'campo' : 'campos'} e o cabeçalho tem ${v[1]}`,
  preset_rule: (c, v) => `${c}: "…": ${v[0] === 'the activity is planned, not done, so it is no contact attempt' ? 'a atividade está agendada, não realizada, e por isso não é uma tentativa de contato' : v[0]}`,
};

/** A published quarantine reason as the site shows it in `locale`; a text of no known form stays as written. */
export function quarantineReason(reason: string, locale: Locale): string {
  if (locale === 'en') return reason;
  const form = publishedReasonForm(reason);
  return form === null ? reason : PT[form.code](form.column ?? '', form.values);
}
