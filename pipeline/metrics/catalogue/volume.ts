import { metric } from './types.ts';

/** `mql.*`: handoffs of the period against the plan's MQL target. */
export const VOLUME = [
  metric({
    id: 'mql.count',
    family: 'mql',
    unit: 'count',
    label: { en: 'MQLs handed to sales', 'pt-BR': 'MQLs entregues a vendas' },
    definition: {
      en: 'Handoffs from marketing to sales (MQL events) whose MQL time falls in the period.',
      'pt-BR': 'Passagens de marketing para vendas (eventos de MQL) cujo momento de MQL cai no período.',
    },
    base: 'handoffs',
    measure: { kind: 'count', count: 'count(*)' },
  }),
  metric({
    id: 'mql.target',
    family: 'mql',
    unit: 'count',
    label: { en: 'MQL target', 'pt-BR': 'Meta de MQLs' },
    definition: {
      en: 'MQLs needed in the period, from the reverse-funnel plan (plan.mqls_needed).',
      'pt-BR': 'MQLs necessários no período, segundo o plano de funil reverso (plan.mqls_needed).',
    },
    base: 'plan',
    measure: { kind: 'code', by: 'pipeline/metrics/volume.ts' },
  }),
  metric({
    id: 'mql.pacing_pct',
    family: 'mql',
    unit: 'pct',
    label: { en: 'MQL pacing', 'pt-BR': 'Ritmo de MQLs' },
    definition: {
      en: 'MQLs so far ÷ (MQL target × share of the period’s business time already elapsed); 100% means on track.',
      'pt-BR': 'MQLs até agora ÷ (meta de MQLs × fração do tempo útil do período já decorrida); 100% significa no ritmo.',
    },
    base: 'plan',
    measure: { kind: 'code', by: 'pipeline/metrics/volume.ts' },
  }),
] as const;
