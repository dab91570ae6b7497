import { capitalise, FLOW_NOUN, STAGE_NAME, type Stage } from './terms.ts';
import { metric, type MetricEntry } from './types.ts';

/** Stages counted by `funnel.flow.<stage>`, in funnel order. */
export const FLOW_STAGES = ['lead', 'mql', 'sal', 'sql', 'opportunity', 'won', 'lost'] as const satisfies readonly Stage[];

/** Stages of `funnel.cohort.<stage>_pct`, in funnel order; reaching one implies the ones before. */
export const COHORT_STAGES = ['sal', 'sql', 'opportunity', 'won'] as const satisfies readonly Stage[];

/** Consecutive stage pairs of `funnel.velocity.<a>_<b>_days` (columns `<a>_<b>_days` of `handoffs`). */
export const VELOCITY_PAIRS = [
  ['mql', 'sal'],
  ['sal', 'sql'],
  ['sql', 'opportunity'],
  ['opportunity', 'won'],
] as const satisfies ReadonlyArray<readonly [Stage, Stage]>;

type CohortStage = (typeof COHORT_STAGES)[number];
type FlowStage = (typeof FLOW_STAGES)[number];
type VelocityPair = (typeof VELOCITY_PAIRS)[number];

function cohort<S extends CohortStage>(stage: S): MetricEntry<`funnel.cohort.${S}_pct`> {
  const name = STAGE_NAME[stage];
  return metric({
    id: `funnel.cohort.${stage}_pct` as const,
    family: 'funnel.cohort',
    unit: 'pct',
    label: { en: `Cohort to ${name.en}`, 'pt-BR': `Coorte até ${name['pt-BR']}` },
    definition: {
      en: `Handoffs of the period that reached ${name.en} by the data cut-off ÷ handoffs of the period. A cohort younger than the maturity age is still immature.`,
      'pt-BR': `Passagens do período que chegaram a ${name['pt-BR']} até o corte dos dados ÷ passagens do período. Uma coorte mais jovem que a idade de maturidade ainda está imatura.`,
    },
    base: 'handoffs',
    measure: { kind: 'pct', numerator: `count(*) FILTER (WHERE reached_${stage})`, denominator: 'count(*)' },
  });
}

function flow<S extends FlowStage>(stage: S): MetricEntry<`funnel.flow.${S}`> {
  const name = STAGE_NAME[stage];
  const noun = FLOW_NOUN[stage];
  return metric({
    id: `funnel.flow.${stage}` as const,
    family: 'funnel.flow',
    unit: 'count',
    label: { en: `${noun.en} in the period`, 'pt-BR': `${noun['pt-BR']} no período` },
    definition: {
      en: `Events of the ${name.en} stage that happened inside the period, whatever period the lead entered in.`,
      'pt-BR': `Eventos da etapa ${name['pt-BR']} ocorridos dentro do período, qualquer que seja o período de entrada do lead.`,
    },
    base: 'funnel_events',
    measure: { kind: 'count', count: `count(*) FILTER (WHERE stage = '${stage}')` },
  });
}

function velocity<P extends VelocityPair>([a, b]: P): MetricEntry<`funnel.velocity.${P[0]}_${P[1]}_days`> {
  const [from, to] = [STAGE_NAME[a], STAGE_NAME[b]];
  return metric({
    id: `funnel.velocity.${a}_${b}_days` as `funnel.velocity.${P[0]}_${P[1]}_days`,
    family: 'funnel.velocity',
    unit: 'days',
    label: { en: `${capitalise(from.en)} → ${to.en} time`, 'pt-BR': `Tempo ${from['pt-BR']} → ${to['pt-BR']}` },
    definition: {
      en: `Median business days from ${from.en} to ${to.en} for the period’s handoffs that reached both.`,
      'pt-BR': `Mediana de dias úteis entre ${from['pt-BR']} e ${to['pt-BR']} para as passagens do período que chegaram às duas etapas.`,
    },
    base: 'handoffs',
    measure: { kind: 'value', value: `quantile_cont(${a}_${b}_days, 0.5)` },
  });
}

const BY_COHORT_AGE = { kind: 'code', by: 'pipeline/metrics/context.ts (cohortAge)' } as const;

/** `funnel.*`: the period's cohort down the funnel, the stage events inside the period, and the time between stages. */
export const FUNNEL = [
  ...COHORT_STAGES.map(cohort),
  metric({
    id: 'funnel.cohort.age_days',
    family: 'funnel.cohort',
    unit: 'days',
    label: { en: 'Cohort age', 'pt-BR': 'Idade da coorte' },
    definition: {
      en: 'Calendar days from the end of the period to the data cut-off: how long its handoffs have had to move down the funnel.',
      'pt-BR': 'Dias corridos do fim do período até o corte dos dados: quanto tempo suas passagens tiveram para avançar no funil.',
    },
    base: 'periods',
    measure: BY_COHORT_AGE,
  }),
  metric({
    id: 'funnel.cohort.mature',
    family: 'funnel.cohort',
    unit: 'count',
    label: { en: 'Cohort mature', 'pt-BR': 'Coorte madura' },
    definition: {
      en: '1 when the period’s cohort is at least the agreement’s maturity age, 0 while it is younger and its rates are still growing.',
      'pt-BR': '1 quando a coorte do período tem pelo menos a idade de maturidade do acordo, 0 enquanto é mais jovem e suas taxas ainda crescem.',
    },
    base: 'periods',
    measure: BY_COHORT_AGE,
  }),
  ...FLOW_STAGES.map(flow),
  ...VELOCITY_PAIRS.map(velocity),
] as const;
