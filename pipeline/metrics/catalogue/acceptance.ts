import { metric } from './types.ts';

// A handoff's decision is its first sal, sql, opportunity or rejected event; it is due once
// decided or once acceptance_within business time has elapsed by as_of. Undecided handoffs before
// their deadline are pending, not breaches.

const REJECTED = "count(*) FILTER (WHERE decision_stage = 'rejected')";

/** `acceptance.*`: how fast and how sales decided on the handoffs. */
export const ACCEPTANCE = [
  metric({
    id: 'acceptance.within_sla_pct',
    family: 'acceptance',
    unit: 'pct',
    label: { en: 'Decided within SLA', 'pt-BR': 'Decididos no prazo' },
    definition: {
      en: 'Handoffs accepted or rejected by sales (first SAL, SQL, opportunity or rejection) within the acceptance window ÷ handoffs due for a decision.',
      'pt-BR':
        'Passagens aceitas ou rejeitadas por vendas (primeiro SAL, SQL, oportunidade ou rejeição) dentro da janela de aceite ÷ passagens com decisão vencida.',
    },
    base: 'handoffs',
    measure: { kind: 'pct', numerator: 'count(*) FILTER (WHERE accepted_within_sla)', denominator: 'count(*) FILTER (WHERE acceptance_due)' },
  }),
  metric({
    id: 'acceptance.rejected_pct',
    family: 'acceptance',
    unit: 'pct',
    label: { en: 'Rejected by sales', 'pt-BR': 'Rejeitados por vendas' },
    definition: { en: 'Handoffs whose decision was a rejection ÷ handoffs decided.', 'pt-BR': 'Passagens cuja decisão foi rejeitar ÷ passagens decididas.' },
    base: 'handoffs',
    measure: { kind: 'pct', numerator: REJECTED, denominator: 'count(decision_stage)' },
  }),
  metric({
    id: 'acceptance.rejection_reason_pct',
    family: 'acceptance',
    unit: 'pct',
    label: { en: 'Rejections with a reason', 'pt-BR': 'Rejeições com motivo' },
    definition: {
      en: 'Rejected handoffs with a rejection reason recorded ÷ rejected handoffs.',
      'pt-BR': 'Passagens rejeitadas com motivo registrado ÷ passagens rejeitadas.',
    },
    base: 'handoffs',
    measure: {
      kind: 'pct',
      numerator: "count(*) FILTER (WHERE decision_stage = 'rejected' AND decision_reason IS NOT NULL AND trim(decision_reason) <> '')",
      denominator: REJECTED,
    },
  }),
  metric({
    id: 'acceptance.pending_count',
    family: 'acceptance',
    unit: 'count',
    label: { en: 'Awaiting decision, not yet due', 'pt-BR': 'Aguardando decisão, ainda no prazo' },
    definition: {
      en: 'Handoffs neither accepted nor rejected whose acceptance deadline is still ahead at the data cut-off; they are not breaches.',
      'pt-BR': 'Passagens nem aceitas nem rejeitadas cujo prazo de aceite ainda não venceu no corte dos dados; não são descumprimentos.',
    },
    base: 'handoffs',
    measure: { kind: 'count', count: 'count(*) FILTER (WHERE NOT acceptance_due)' },
  }),
] as const;
