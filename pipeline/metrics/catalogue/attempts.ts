import { metric } from './types.ts';

// Per-handoff clauses of `handoffs`: adherent (≥ min_attempts attempts in the window, or an
// ends_on outcome in it), gave_up_early (closed as recycled/disqualified short of the minimum,
// with no ends_on outcome up to closing), too_aggressive (a local calendar day with more than
// max_attempts_per_day attempts).

const ENDED = 'count(*) FILTER (WHERE window_ended)';
const ATTEMPTED = 'count(*) FILTER (WHERE attempts_total >= 1)';

/** `attempts.*`: the attempt cadence sales promised. */
export const ATTEMPTS = [
  metric({
    id: 'attempts.adherent_pct',
    family: 'attempts',
    unit: 'pct',
    label: { en: 'Cadence followed', 'pt-BR': 'Cadência cumprida' },
    definition: {
      en: 'Handoffs with at least the minimum attempts in their window, or a contact that ends the cadence, ÷ handoffs whose window has ended.',
      'pt-BR': 'Passagens com pelo menos o mínimo de tentativas na janela, ou com um contato que encerra a cadência, ÷ passagens cuja janela terminou.',
    },
    base: 'handoffs',
    measure: { kind: 'pct', numerator: 'count(*) FILTER (WHERE window_ended AND adherent)', denominator: ENDED },
  }),
  metric({
    id: 'attempts.gave_up_early_pct',
    family: 'attempts',
    unit: 'pct',
    label: { en: 'Gave up early', 'pt-BR': 'Desistência precoce' },
    definition: {
      en: 'Handoffs recycled or disqualified with fewer than the minimum attempts and no contact that ends the cadence ÷ handoffs recycled or disqualified.',
      'pt-BR':
        'Passagens recicladas ou desqualificadas com menos tentativas que o mínimo e sem contato que encerre a cadência ÷ passagens recicladas ou desqualificadas.',
    },
    base: 'handoffs',
    measure: { kind: 'pct', numerator: 'count(*) FILTER (WHERE gave_up_early)', denominator: 'count(*) FILTER (WHERE closed_at IS NOT NULL)' },
  }),
  metric({
    id: 'attempts.too_aggressive_pct',
    family: 'attempts',
    unit: 'pct',
    label: { en: 'Too aggressive', 'pt-BR': 'Insistência excessiva' },
    definition: {
      en: 'Handoffs with a local day of more attempts than the daily maximum ÷ handoffs with at least one attempt.',
      'pt-BR': 'Passagens com um dia local de mais tentativas que o máximo diário ÷ passagens com pelo menos uma tentativa.',
    },
    base: 'handoffs',
    measure: { kind: 'pct', numerator: 'count(*) FILTER (WHERE attempts_total >= 1 AND too_aggressive)', denominator: ATTEMPTED },
  }),
  metric({
    id: 'attempts.mean',
    family: 'attempts',
    unit: 'count',
    label: { en: 'Attempts per handoff', 'pt-BR': 'Tentativas por passagem' },
    definition: {
      en: 'Mean number of attempts in the window, over handoffs whose window has ended.',
      'pt-BR': 'Média de tentativas na janela, entre as passagens cuja janela terminou.',
    },
    base: 'handoffs',
    measure: { kind: 'sum', sum: 'coalesce(sum(attempts_in_window) FILTER (WHERE window_ended), 0)', scale: 1, per: ENDED },
  }),
] as const;
