import { capitalise, STAGE_NAME } from './terms.ts';
import { metric, type MetricEntry } from './types.ts';

/** Stage-to-stage rates of the reverse-funnel plan (`plan.rate.<rate>`), in funnel order. */
export const PLAN_RATES = ['lead_mql', 'mql_sal', 'sal_sql', 'sql_won'] as const;
/** A stage-to-stage rate of the plan. */
export type PlanRate = (typeof PLAN_RATES)[number];

const BY_PLAN = { kind: 'code', by: 'pipeline/metrics/plan.ts' } as const;

function rate<R extends PlanRate>(r: R): MetricEntry<`plan.rate.${R}`> {
  const [from, to] = r.split('_') as [keyof typeof STAGE_NAME, keyof typeof STAGE_NAME];
  const en = [STAGE_NAME[from].en, STAGE_NAME[to].en];
  const pt = [STAGE_NAME[from]['pt-BR'], STAGE_NAME[to]['pt-BR']];
  return metric({
    id: `plan.rate.${r}` as const,
    family: 'plan',
    unit: 'ratio',
    label: { en: `${capitalise(en[0]!)} → ${en[1]} rate (plan)`, 'pt-BR': `Taxa ${pt[0]} → ${pt[1]} (plano)` },
    definition: {
      en: `Share of the mature cohorts of the trailing window that went from ${en[0]} to ${en[1]}, or the agreement’s override.`,
      'pt-BR': `Fração das coortes maduras da janela de períodos anteriores que passou de ${pt[0]} a ${pt[1]}, ou o valor fixado no acordo.`,
    },
    base: 'plan',
    measure: BY_PLAN,
  });
}

/** `plan.*`: the reverse-funnel plan, from the revenue target back to the leads it takes. */
export const PLAN = [
  metric({
    id: 'plan.revenue_target',
    family: 'plan',
    unit: 'currency',
    label: { en: 'Revenue target', 'pt-BR': 'Meta de receita' },
    definition: {
      en: 'The revenue the plan works back from: the agreement’s figure for the period, or its growth over a base period.',
      'pt-BR': 'A receita da qual o plano parte: o valor do acordo para o período, ou o crescimento sobre um período base.',
    },
    base: 'plan',
    measure: BY_PLAN,
  }),
  metric({
    id: 'plan.avg_ticket',
    family: 'plan',
    unit: 'currency',
    label: { en: 'Average ticket (plan)', 'pt-BR': 'Ticket médio (plano)' },
    definition: {
      en: 'Mean amount of the deals won in the trailing window of periods, or the agreement’s override.',
      'pt-BR': 'Valor médio dos negócios ganhos na janela de períodos anteriores, ou o valor fixado no acordo.',
    },
    base: 'plan',
    measure: BY_PLAN,
  }),
  ...PLAN_RATES.map(rate),
  metric({
    id: 'plan.deals_needed',
    family: 'plan',
    unit: 'count',
    label: { en: 'Deals needed', 'pt-BR': 'Negócios necessários' },
    definition: { en: 'Revenue target ÷ average ticket, rounded up.', 'pt-BR': 'Meta de receita ÷ ticket médio, arredondado para cima.' },
    base: 'plan',
    measure: BY_PLAN,
  }),
  metric({
    id: 'plan.sqls_needed',
    family: 'plan',
    unit: 'count',
    label: { en: 'SQLs needed', 'pt-BR': 'SQLs necessários' },
    definition: { en: 'Deals needed ÷ SQL → won rate, rounded up.', 'pt-BR': 'Negócios necessários ÷ taxa SQL → ganho, arredondado para cima.' },
    base: 'plan',
    measure: BY_PLAN,
  }),
  metric({
    id: 'plan.mqls_needed',
    family: 'plan',
    unit: 'count',
    label: { en: 'MQLs needed', 'pt-BR': 'MQLs necessários' },
    definition: {
      en: 'SQLs needed ÷ (MQL → SAL rate × SAL → SQL rate), rounded up.',
      'pt-BR': 'SQLs necessários ÷ (taxa MQL → SAL × taxa SAL → SQL), arredondado para cima.',
    },
    base: 'plan',
    measure: BY_PLAN,
  }),
  metric({
    id: 'plan.leads_needed',
    family: 'plan',
    unit: 'count',
    label: { en: 'Leads needed', 'pt-BR': 'Leads necessários' },
    definition: { en: 'MQLs needed ÷ lead → MQL rate, rounded up.', 'pt-BR': 'MQLs necessários ÷ taxa lead → MQL, arredondado para cima.' },
    base: 'plan',
    measure: BY_PLAN,
  }),
] as const;
