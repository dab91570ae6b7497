import { metric } from './types.ts';

// Per-handoff clauses of `handoffs` (pipeline/model/sql/handoffs.sql): speed_due (first attempt made, or
// elapsed business time at as_of ≥ the tier's response time), speed_within_sla (first attempt with
// elapsed ≤ it), speed_pending (neither: right-censored, not a breach).

const DUE = 'count(*) FILTER (WHERE speed_due)';

/** `speed.*`: speed to lead, from the start of a handoff's clock to its first attempt. */
export const SPEED = [
  metric({
    id: 'speed.median_minutes',
    family: 'speed',
    unit: 'minutes',
    label: { en: 'Median speed to lead', 'pt-BR': 'Tempo de resposta mediano' },
    definition: {
      en: 'Median business time from the start of the clock to the first attempt, over handoffs that were contacted.',
      'pt-BR': 'Tempo útil mediano entre o início do relógio e a primeira tentativa, entre as passagens contatadas.',
    },
    base: 'handoffs',
    measure: { kind: 'value', value: 'quantile_cont(response_minutes, 0.5)' },
  }),
  metric({
    id: 'speed.p90_minutes',
    family: 'speed',
    unit: 'minutes',
    label: { en: 'Speed to lead, 90th percentile', 'pt-BR': 'Tempo de resposta, percentil 90' },
    definition: {
      en: 'Business time within which 90% of the contacted handoffs got their first attempt.',
      'pt-BR': 'Tempo útil dentro do qual 90% das passagens contatadas receberam a primeira tentativa.',
    },
    base: 'handoffs',
    measure: { kind: 'value', value: 'quantile_cont(response_minutes, 0.9)' },
  }),
  metric({
    id: 'speed.within_sla_pct',
    family: 'speed',
    unit: 'pct',
    label: { en: 'Contacted within SLA', 'pt-BR': 'Contatados no prazo' },
    definition: {
      en: 'Handoffs whose first attempt came within their tier’s response time ÷ handoffs due (first attempt made, or the deadline passed by the data cut-off).',
      'pt-BR':
        'Passagens cuja primeira tentativa veio dentro do prazo de resposta do seu nível ÷ passagens vencidas (com primeira tentativa, ou com prazo esgotado até o corte dos dados).',
    },
    base: 'handoffs',
    measure: { kind: 'pct', numerator: 'count(*) FILTER (WHERE speed_within_sla)', denominator: DUE },
  }),
  metric({
    id: 'speed.not_contacted_pct',
    family: 'speed',
    unit: 'pct',
    label: { en: 'Not contacted', 'pt-BR': 'Não contatados' },
    definition: {
      en: 'Due handoffs with no attempt by the data cut-off ÷ due handoffs.',
      'pt-BR': 'Passagens vencidas sem nenhuma tentativa até o corte dos dados ÷ passagens vencidas.',
    },
    base: 'handoffs',
    measure: { kind: 'pct', numerator: 'count(*) FILTER (WHERE speed_due AND first_attempt_at IS NULL)', denominator: DUE },
  }),
  metric({
    id: 'speed.pending_count',
    family: 'speed',
    unit: 'count',
    label: { en: 'Pending, not yet due', 'pt-BR': 'Pendentes, ainda no prazo' },
    definition: {
      en: 'Handoffs with no attempt whose deadline is still ahead at the data cut-off; they are not breaches.',
      'pt-BR': 'Passagens sem tentativa cujo prazo ainda não venceu no corte dos dados; não são descumprimentos.',
    },
    base: 'handoffs',
    measure: { kind: 'count', count: 'count(*) FILTER (WHERE speed_pending)' },
  }),
] as const;
