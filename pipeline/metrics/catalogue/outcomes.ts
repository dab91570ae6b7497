import { metric } from './types.ts';

// Amounts are summed in whole cents so the total does not depend on the order DuckDB adds them in.
const WON_CENTS = "coalesce(sum(CAST(round(amount * 100) AS HUGEINT)) FILTER (WHERE status = 'won'), 0)";

/** `outcome.*`: deals won and lost, and the lead events that close or bring back a handoff. */
export const OUTCOMES = [
  metric({
    id: 'outcome.won_count',
    family: 'outcome',
    unit: 'count',
    label: { en: 'Deals won', 'pt-BR': 'Negócios ganhos' },
    definition: {
      en: 'Deals won with their close date in the period, with or without a lead.',
      'pt-BR': 'Negócios ganhos com data de fechamento no período, com ou sem lead.',
    },
    base: 'closed_deals',
    measure: { kind: 'count', count: "count(*) FILTER (WHERE status = 'won')" },
  }),
  metric({
    id: 'outcome.won_revenue',
    family: 'outcome',
    unit: 'currency',
    label: { en: 'Revenue won', 'pt-BR': 'Receita ganha' },
    definition: { en: 'Sum of the amounts of the deals won in the period.', 'pt-BR': 'Soma dos valores dos negócios ganhos no período.' },
    base: 'closed_deals',
    measure: { kind: 'sum', sum: WON_CENTS, scale: 100 },
  }),
  metric({
    id: 'outcome.avg_ticket',
    family: 'outcome',
    unit: 'currency',
    label: { en: 'Average ticket', 'pt-BR': 'Ticket médio' },
    definition: { en: 'Mean amount of the deals won in the period.', 'pt-BR': 'Valor médio dos negócios ganhos no período.' },
    base: 'closed_deals',
    measure: { kind: 'sum', sum: WON_CENTS, scale: 100, per: "count(amount) FILTER (WHERE status = 'won')" },
  }),
  metric({
    id: 'outcome.lost_count',
    family: 'outcome',
    unit: 'count',
    label: { en: 'Deals lost', 'pt-BR': 'Negócios perdidos' },
    definition: { en: 'Deals lost with their close date in the period.', 'pt-BR': 'Negócios perdidos com data de fechamento no período.' },
    base: 'closed_deals',
    measure: { kind: 'count', count: "count(*) FILTER (WHERE status = 'lost')" },
  }),
  metric({
    id: 'outcome.recycled_count',
    family: 'outcome',
    unit: 'count',
    label: { en: 'Recycled', 'pt-BR': 'Reciclados' },
    definition: { en: 'Leads sent back to marketing nurture in the period.', 'pt-BR': 'Leads devolvidos à nutrição de marketing no período.' },
    base: 'closing_events',
    measure: { kind: 'count', count: "count(*) FILTER (WHERE stage = 'recycled')" },
  }),
  metric({
    id: 'outcome.disqualified_count',
    family: 'outcome',
    unit: 'count',
    label: { en: 'Disqualified', 'pt-BR': 'Desqualificados' },
    definition: { en: 'Leads disqualified in the period.', 'pt-BR': 'Leads desqualificados no período.' },
    base: 'closing_events',
    measure: { kind: 'count', count: "count(*) FILTER (WHERE stage = 'disqualified')" },
  }),
  metric({
    id: 'outcome.rejected_count',
    family: 'outcome',
    unit: 'count',
    label: { en: 'Rejected', 'pt-BR': 'Rejeitados' },
    definition: { en: 'Leads rejected by sales in the period.', 'pt-BR': 'Leads rejeitados por vendas no período.' },
    base: 'closing_events',
    measure: { kind: 'count', count: "count(*) FILTER (WHERE stage = 'rejected')" },
  }),
  metric({
    id: 'outcome.returned_count',
    family: 'outcome',
    unit: 'count',
    label: { en: 'Returned from nurture', 'pt-BR': 'Retornos da nutrição' },
    definition: { en: 'Handoffs of the period whose lead had been recycled before.', 'pt-BR': 'Passagens do período cujo lead já tinha sido reciclado antes.' },
    base: 'handoffs',
    measure: { kind: 'count', count: 'count(*) FILTER (WHERE returned)' },
  }),
] as const;
