import type { Locale } from './index.ts';

// The glossary of every metric id of SPEC section 4, in both languages. Pages show a metric's
// label with its definition on hover and list the definitions of what they show; the agreement
// page lists them all. Ids with a variable part (`funnel.flow.<stage>`) are templates, so a metric
// the pipeline adds within a known family is explained without touching this file.

/** A metric's name and definition for readers. */
export interface GlossaryEntry {
  id: string;
  label: string;
  definition: string;
}

/** Funnel stages as they appear inside metric ids. */
export const GLOSSARY_STAGES = ['lead', 'mql', 'sal', 'sql', 'opportunity', 'won', 'lost'] as const;
type Stage = (typeof GLOSSARY_STAGES)[number];

/** Stages a cohort can reach (`funnel.cohort.<stage>_pct`). */
export const COHORT_STAGES = ['sal', 'sql', 'opportunity', 'won'] as const;
/** Stage-to-stage rates of the reverse-funnel plan (`plan.rate.<rate>`). */
export const PLAN_RATES = ['lead_mql', 'mql_sal', 'sal_sql', 'sql_won'] as const;
/** Consecutive stage pairs whose median time `funnel.velocity.<a>_<b>_days` measures. */
export const VELOCITY_PAIRS = [
  ['lead', 'mql'],
  ['mql', 'sal'],
  ['sal', 'sql'],
  ['sql', 'opportunity'],
  ['opportunity', 'won'],
] as const satisfies ReadonlyArray<readonly [Stage, Stage]>;

interface Texts {
  stage: Record<Stage, string>;
  /** What the flow of a stage counts, in the plural ("SQLs", "Funnel wins"). */
  flowNoun: Record<Stage, string>;
  field: Record<string, string>;
  exact: Record<string, [label: string, definition: string]>;
  flow(noun: string, stage: string): [string, string];
  cohort(stage: string): [string, string];
  rate(from: string, to: string): [string, string];
  velocity(from: string, to: string): [string, string];
  missing(field: string): [string, string];
  clause(name: string): [string, string];
  /** Names of the scorecard's clauses (pipeline/metrics/scorecard.ts), by clause id. */
  clauseName: Record<string, string>;
}

const en: Texts = {
  stage: { lead: 'lead', mql: 'MQL', sal: 'SAL', sql: 'SQL', opportunity: 'opportunity', won: 'won', lost: 'lost' },
  flowNoun: { lead: 'Leads', mql: 'MQLs', sal: 'SALs', sql: 'SQLs', opportunity: 'Opportunities', won: 'Funnel wins', lost: 'Funnel losses' },
  field: {
    score: 'score',
    name: 'name',
    company: 'company',
    phone: 'phone',
    email: 'e-mail',
    job_title: 'job title',
    company_size: 'company size',
    segment: 'segment',
    source: 'source',
    state: 'state',
    country: 'country',
  },
  exact: {
    'mql.count': ['MQLs handed to sales', 'Handoffs from marketing to sales (MQL events) whose MQL time falls in the period.'],
    'mql.target': ['MQL target', 'MQLs needed in the period, from the reverse-funnel plan (plan.mqls_needed).'],
    'mql.pacing_pct': ['MQL pacing', 'MQLs so far ÷ (MQL target × share of the period’s business time already elapsed); 100% means on track.'],
    'plan.avg_ticket': ['Average ticket (plan)', 'Mean amount of the deals won in the trailing window of periods, or the agreement’s override.'],
    'plan.deals_needed': ['Deals needed', 'Revenue target ÷ average ticket, rounded up.'],
    'plan.sqls_needed': ['SQLs needed', 'Deals needed ÷ SQL → won rate, rounded up.'],
    'plan.mqls_needed': ['MQLs needed', 'SQLs needed ÷ (MQL → SAL rate × SAL → SQL rate), rounded up.'],
    'plan.leads_needed': ['Leads needed', 'MQLs needed ÷ lead → MQL rate, rounded up.'],
    'speed.median_minutes': [
      'Median speed to lead',
      'Median business time from the start of the clock to the first attempt, over handoffs that were contacted.',
    ],
    'speed.p90_minutes': ['Speed to lead, 90th percentile', 'Business time within which 90% of the contacted handoffs got their first attempt.'],
    'speed.within_sla_pct': [
      'Contacted within SLA',
      'Handoffs whose first attempt came within their tier’s response time ÷ handoffs due (first attempt made, or the deadline passed by the data cut-off).',
    ],
    'speed.not_contacted_pct': ['Not contacted', 'Due handoffs with no attempt by the data cut-off ÷ due handoffs.'],
    'speed.pending_count': ['Pending, not yet due', 'Handoffs with no attempt whose deadline is still ahead at the data cut-off; they are not breaches.'],
    'attempts.adherent_pct': [
      'Cadence followed',
      'Handoffs with at least the minimum attempts in their window, or a contact that ends the cadence, ÷ handoffs whose window has ended.',
    ],
    'attempts.gave_up_early_pct': [
      'Gave up early',
      'Handoffs recycled or disqualified with fewer than the minimum attempts and no contact that ends the cadence ÷ handoffs recycled or disqualified.',
    ],
    'attempts.too_aggressive_pct': [
      'Too aggressive',
      'Handoffs with a local day of more attempts than the daily maximum ÷ handoffs with at least one attempt.',
    ],
    'attempts.mean': ['Attempts per handoff', 'Mean number of attempts in the window, over handoffs whose window has ended.'],
    'acceptance.within_sla_pct': [
      'Decided within SLA',
      'Handoffs accepted or rejected by sales (first SAL, SQL, opportunity or rejection) within the acceptance window ÷ handoffs due for a decision.',
    ],
    'acceptance.rejected_pct': ['Rejected by sales', 'Handoffs whose decision was a rejection ÷ handoffs decided.'],
    'acceptance.rejection_reason_pct': ['Rejections with a reason', 'Rejected handoffs with a rejection reason recorded ÷ rejected handoffs.'],
    'acceptance.pending_count': [
      'Awaiting decision, not yet due',
      'Handoffs neither accepted nor rejected whose acceptance deadline is still ahead at the data cut-off; they are not breaches.',
    ],
    'funnel.cohort.age_days': [
      'Cohort age',
      'Calendar days from the end of the period to the data cut-off: how long its handoffs have had to move down the funnel.',
    ],
    'funnel.cohort.mature': [
      'Cohort mature',
      '1 when the period’s cohort is at least the agreement’s maturity age, 0 while it is younger and its rates are still growing.',
    ],
    'plan.revenue_target': ['Revenue target', 'The revenue the plan works back from: the agreement’s figure for the period, or its growth over a base period.'],
    'quality.complete_pct': ['Complete handoffs', 'Handoffs whose lead has every required handoff field filled ÷ handoffs.'],
    'quality.icp_fit_pct': ['ICP fit', 'Handoffs whose lead matches the ideal customer profile ÷ handoffs.'],
    'outcome.won_count': ['Deals won', 'Deals won with their close date in the period, with or without a lead.'],
    'outcome.won_revenue': ['Revenue won', 'Sum of the amounts of the deals won in the period.'],
    'outcome.avg_ticket': ['Average ticket', 'Mean amount of the deals won in the period.'],
    'outcome.lost_count': ['Deals lost', 'Deals lost with their close date in the period.'],
    'outcome.recycled_count': ['Recycled', 'Leads sent back to marketing nurture in the period.'],
    'outcome.disqualified_count': ['Disqualified', 'Leads disqualified in the period.'],
    'outcome.rejected_count': ['Rejected', 'Leads rejected by sales in the period.'],
    'outcome.returned_count': ['Returned from nurture', 'Handoffs of the period whose lead had been recycled before.'],
  },
  flow: (noun, stage) => [`${noun} in the period`, `Events of the ${stage} stage that happened inside the period, whatever period the lead entered in.`],
  cohort: (stage) => [
    `Cohort to ${stage}`,
    `Handoffs of the period that reached ${stage} by the data cut-off ÷ handoffs of the period. A cohort younger than the maturity age is still immature.`,
  ],
  rate: (from, to) => [
    `${capitalise(from)} → ${to} rate (plan)`,
    `Share of the mature cohorts of the trailing window that went from ${from} to ${to}, or the agreement’s override.`,
  ],
  velocity: (from, to) => [`${capitalise(from)} → ${to} time`, `Median business days from ${from} to ${to} for the period’s handoffs that reached both.`],
  missing: (field) => [`Missing ${field}`, `Handoffs whose lead lacks ${field} ÷ handoffs.`],
  clause: (name) => [
    `Clause: ${name}`,
    `The clause “${name}” of the agreement: what was promised, what was measured, whether it was met, at risk or missed, and which side owns it.`,
  ],
  clauseName: {
    mql_volume: 'MQL volume',
    icp_fit: 'ICP fit',
    completeness: 'complete handoffs',
    speed_within_sla: 'speed to lead',
    attempt_adherence: 'cadence',
    acceptance_within_sla: 'acceptance in time',
    rejection_reasons: 'rejection reasons',
  },
};

const ptBR: Texts = {
  stage: { lead: 'lead', mql: 'MQL', sal: 'SAL', sql: 'SQL', opportunity: 'oportunidade', won: 'ganho', lost: 'perda' },
  flowNoun: { lead: 'Leads', mql: 'MQLs', sal: 'SALs', sql: 'SQLs', opportunity: 'Oportunidades', won: 'Ganhos do funil', lost: 'Perdas do funil' },
  field: {
    score: 'pontuação',
    name: 'nome',
    company: 'empresa',
    phone: 'telefone',
    email: 'e-mail',
    job_title: 'cargo',
    company_size: 'porte da empresa',
    segment: 'segmento',
    source: 'origem',
    state: 'estado',
    country: 'país',
  },
  exact: {
    'mql.count': ['MQLs entregues a vendas', 'Passagens de marketing para vendas (eventos de MQL) cujo momento de MQL cai no período.'],
    'mql.target': ['Meta de MQLs', 'MQLs necessários no período, segundo o plano de funil reverso (plan.mqls_needed).'],
    'mql.pacing_pct': ['Ritmo de MQLs', 'MQLs até agora ÷ (meta de MQLs × fração do tempo útil do período já decorrida); 100% significa no ritmo.'],
    'plan.avg_ticket': ['Ticket médio (plano)', 'Valor médio dos negócios ganhos na janela de períodos anteriores, ou o valor fixado no acordo.'],
    'plan.deals_needed': ['Negócios necessários', 'Meta de receita ÷ ticket médio, arredondado para cima.'],
    'plan.sqls_needed': ['SQLs necessários', 'Negócios necessários ÷ taxa SQL → ganho, arredondado para cima.'],
    'plan.mqls_needed': ['MQLs necessários', 'SQLs necessários ÷ (taxa MQL → SAL × taxa SAL → SQL), arredondado para cima.'],
    'plan.leads_needed': ['Leads necessários', 'MQLs necessários ÷ taxa lead → MQL, arredondado para cima.'],
    'speed.median_minutes': [
      'Tempo de resposta mediano',
      'Tempo útil mediano entre o início do relógio e a primeira tentativa, entre as passagens contatadas.',
    ],
    'speed.p90_minutes': ['Tempo de resposta, percentil 90', 'Tempo útil dentro do qual 90% das passagens contatadas receberam a primeira tentativa.'],
    'speed.within_sla_pct': [
      'Contatados no prazo',
      'Passagens cuja primeira tentativa veio dentro do prazo de resposta do seu nível ÷ passagens vencidas (com primeira tentativa, ou com prazo esgotado até o corte dos dados).',
    ],
    'speed.not_contacted_pct': ['Não contatados', 'Passagens vencidas sem nenhuma tentativa até o corte dos dados ÷ passagens vencidas.'],
    'speed.pending_count': ['Pendentes, ainda no prazo', 'Passagens sem tentativa cujo prazo ainda não venceu no corte dos dados; não são descumprimentos.'],
    'attempts.adherent_pct': [
      'Cadência cumprida',
      'Passagens com pelo menos o mínimo de tentativas na janela, ou com um contato que encerra a cadência, ÷ passagens cuja janela terminou.',
    ],
    'attempts.gave_up_early_pct': [
      'Desistência precoce',
      'Passagens recicladas ou desqualificadas com menos tentativas que o mínimo e sem contato que encerre a cadência ÷ passagens recicladas ou desqualificadas.',
    ],
    'attempts.too_aggressive_pct': [
      'Insistência excessiva',
      'Passagens com um dia local de mais tentativas que o máximo diário ÷ passagens com pelo menos uma tentativa.',
    ],
    'attempts.mean': ['Tentativas por passagem', 'Média de tentativas na janela, entre as passagens cuja janela terminou.'],
    'acceptance.within_sla_pct': [
      'Decididos no prazo',
      'Passagens aceitas ou rejeitadas por vendas (primeiro SAL, SQL, oportunidade ou rejeição) dentro da janela de aceite ÷ passagens com decisão vencida.',
    ],
    'acceptance.rejected_pct': ['Rejeitados por vendas', 'Passagens cuja decisão foi rejeitar ÷ passagens decididas.'],
    'acceptance.rejection_reason_pct': ['Rejeições com motivo', 'Passagens rejeitadas com motivo registrado ÷ passagens rejeitadas.'],
    'acceptance.pending_count': [
      'Aguardando decisão, ainda no prazo',
      'Passagens nem aceitas nem rejeitadas cujo prazo de aceite ainda não venceu no corte dos dados; não são descumprimentos.',
    ],
    'funnel.cohort.age_days': [
      'Idade da coorte',
      'Dias corridos do fim do período até o corte dos dados: quanto tempo suas passagens tiveram para avançar no funil.',
    ],
    'funnel.cohort.mature': [
      'Coorte madura',
      '1 quando a coorte do período tem pelo menos a idade de maturidade do acordo, 0 enquanto é mais jovem e suas taxas ainda crescem.',
    ],
    'plan.revenue_target': ['Meta de receita', 'A receita da qual o plano parte: o valor do acordo para o período, ou o crescimento sobre um período base.'],
    'quality.complete_pct': ['Passagens completas', 'Passagens cujo lead tem todos os campos obrigatórios preenchidos ÷ passagens.'],
    'quality.icp_fit_pct': ['Aderência ao ICP', 'Passagens cujo lead atende ao perfil de cliente ideal ÷ passagens.'],
    'outcome.won_count': ['Negócios ganhos', 'Negócios ganhos com data de fechamento no período, com ou sem lead.'],
    'outcome.won_revenue': ['Receita ganha', 'Soma dos valores dos negócios ganhos no período.'],
    'outcome.avg_ticket': ['Ticket médio', 'Valor médio dos negócios ganhos no período.'],
    'outcome.lost_count': ['Negócios perdidos', 'Negócios perdidos com data de fechamento no período.'],
    'outcome.recycled_count': ['Reciclados', 'Leads devolvidos à nutrição de marketing no período.'],
    'outcome.disqualified_count': ['Desqualificados', 'Leads desqualificados no período.'],
    'outcome.rejected_count': ['Rejeitados', 'Leads rejeitados por vendas no período.'],
    'outcome.returned_count': ['Retornos da nutrição', 'Passagens do período cujo lead já tinha sido reciclado antes.'],
  },
  flow: (noun, stage) => [`${noun} no período`, `Eventos da etapa ${stage} ocorridos dentro do período, qualquer que seja o período de entrada do lead.`],
  cohort: (stage) => [
    `Coorte até ${stage}`,
    `Passagens do período que chegaram a ${stage} até o corte dos dados ÷ passagens do período. Uma coorte mais jovem que a idade de maturidade ainda está imatura.`,
  ],
  rate: (from, to) => [
    `Taxa ${from} → ${to} (plano)`,
    `Fração das coortes maduras da janela de períodos anteriores que passou de ${from} a ${to}, ou o valor fixado no acordo.`,
  ],
  velocity: (from, to) => [`Tempo ${from} → ${to}`, `Mediana de dias úteis entre ${from} e ${to} para as passagens do período que chegaram às duas etapas.`],
  missing: (field) => [`Sem ${field}`, `Passagens cujo lead não tem ${field} ÷ passagens.`],
  clause: (name) => [
    `Cláusula: ${name}`,
    `A cláusula “${name}” do acordo: o prometido, o medido, se foi cumprida, está em risco ou descumprida, e de qual lado é.`,
  ],
  clauseName: {
    mql_volume: 'volume de MQLs',
    icp_fit: 'aderência ao ICP',
    completeness: 'passagens completas',
    speed_within_sla: 'tempo de resposta',
    attempt_adherence: 'cadência',
    acceptance_within_sla: 'aceite no prazo',
    rejection_reasons: 'motivos de rejeição',
  },
};

const texts: Record<Locale, Texts> = { en, 'pt-BR': ptBR };

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function isStage(text: string | undefined): text is Stage {
  return (GLOSSARY_STAGES as readonly string[]).includes(text ?? '');
}

/** The name of a lead field for readers (`phone` → "telefone"); unknown fields keep their column name. */
export function fieldLabel(field: string, locale: Locale): string {
  return texts[locale].field[field] ?? field;
}

/** The glossary entry of a metric id, or null when the id belongs to no family of SPEC section 4. */
export function describeMetric(id: string, locale: Locale): GlossaryEntry | null {
  const t = texts[locale];
  const entry = (pair: [string, string]): GlossaryEntry => ({ id, label: pair[0], definition: pair[1] });
  const exact = t.exact[id];
  if (exact) return entry(exact);

  let match = /^funnel\.flow\.([a-z]+)$/.exec(id);
  if (match && isStage(match[1])) return entry(t.flow(t.flowNoun[match[1]], t.stage[match[1]]));
  match = /^funnel\.cohort\.([a-z]+)_pct$/.exec(id);
  if (match && isStage(match[1])) return entry(t.cohort(t.stage[match[1]]));
  match = /^funnel\.velocity\.([a-z]+)_([a-z]+)_days$/.exec(id);
  if (match && isStage(match[1]) && isStage(match[2])) return entry(t.velocity(t.stage[match[1]], t.stage[match[2]]));
  match = /^plan\.rate\.([a-z]+)_([a-z]+)$/.exec(id);
  if (match && isStage(match[1]) && isStage(match[2])) return entry(t.rate(t.stage[match[1]], t.stage[match[2]]));
  match = /^quality\.missing_pct\.(.+)$/.exec(id);
  if (match?.[1]) return entry(t.missing(fieldLabel(match[1], locale)));
  match = /^scorecard\.(.+)$/.exec(id);
  if (match?.[1]) {
    // A known clause has a name; one named after the metric it judges borrows that metric's name.
    const clause = match[1];
    const name = t.clauseName[clause] ?? describeMetric(clause, locale)?.label ?? clause.replace(/_/g, ' ');
    return entry(t.clause(name));
  }
  return null;
}

/** A metric's label, or its id when the glossary does not know it (a new family shows up unnamed, not hidden). */
export function metricLabel(id: string, locale: Locale): string {
  return describeMetric(id, locale)?.label ?? id;
}

/** A scorecard clause's name for readers ("speed to lead"), capitalised; an unknown clause borrows its metric's name. */
export function clauseName(clause: string, metric: string, locale: Locale): string {
  return capitalise(texts[locale].clauseName[clause] ?? describeMetric(metric, locale)?.label ?? clause.replace(/_/g, ' '));
}

/** The scorecard's clause ids, in the pipeline's order (marketing's first). */
export const SCORECARD_CLAUSE_IDS = Object.keys(en.clauseName);

/**
 * Every metric id SPEC section 4 defines, and those the pipeline adds beside them (cohort age,
 * pending decisions, the scorecard's clauses), with templates expanded for the agreement's
 * handoff fields, in glossary order.
 */
export function glossaryIds(handoffFields: readonly string[]): string[] {
  return [
    ...SCORECARD_CLAUSE_IDS.map((clause) => `scorecard.${clause}`),
    'mql.count',
    'mql.target',
    'mql.pacing_pct',
    'plan.revenue_target',
    'plan.avg_ticket',
    ...PLAN_RATES.map((rate) => `plan.rate.${rate}`),
    'plan.deals_needed',
    'plan.sqls_needed',
    'plan.mqls_needed',
    'plan.leads_needed',
    'speed.median_minutes',
    'speed.p90_minutes',
    'speed.within_sla_pct',
    'speed.not_contacted_pct',
    'speed.pending_count',
    'attempts.adherent_pct',
    'attempts.gave_up_early_pct',
    'attempts.too_aggressive_pct',
    'attempts.mean',
    'acceptance.within_sla_pct',
    'acceptance.rejected_pct',
    'acceptance.rejection_reason_pct',
    'acceptance.pending_count',
    ...COHORT_STAGES.map((stage) => `funnel.cohort.${stage}_pct`),
    'funnel.cohort.age_days',
    'funnel.cohort.mature',
    ...GLOSSARY_STAGES.map((stage) => `funnel.flow.${stage}`),
    ...VELOCITY_PAIRS.map(([a, b]) => `funnel.velocity.${a}_${b}_days`),
    'quality.complete_pct',
    ...handoffFields.map((field) => `quality.missing_pct.${field}`),
    'quality.icp_fit_pct',
    'outcome.won_count',
    'outcome.won_revenue',
    'outcome.avg_ticket',
    'outcome.lost_count',
    'outcome.recycled_count',
    'outcome.disqualified_count',
    'outcome.rejected_count',
    'outcome.returned_count',
  ];
}

/** Metric families in reading order, by id prefix; the trends page groups metrics by these. */
export const METRIC_FAMILIES = [
  'scorecard',
  'mql',
  'plan',
  'speed',
  'attempts',
  'acceptance',
  'funnel.cohort',
  'funnel.flow',
  'funnel.velocity',
  'quality',
  'outcome',
] as const;
/** A family of metrics, named by its id prefix. */
export type MetricFamily = (typeof METRIC_FAMILIES)[number] | 'other';

// Longest prefix first, so `funnel.flow.x` is not filed under a bare `funnel`.
const FAMILIES_LONGEST_FIRST = [...METRIC_FAMILIES].sort((a, b) => b.length - a.length);

/** The family a metric id belongs to. */
export function metricFamily(id: string): MetricFamily {
  for (const family of FAMILIES_LONGEST_FIRST) {
    if (id.startsWith(`${family}.`)) return family;
  }
  return 'other';
}

/** Glossary order for one set of handoff fields: each id's position, each family's first position, and the count. */
interface GlossaryOrder {
  index: Map<string, number>;
  familyStart: Map<MetricFamily, number>;
  length: number;
}

// Sorts call `glossaryRank` twice per comparison: the order is built once per set of handoff fields.
const glossaryOrders = new Map<string, GlossaryOrder>();

function glossaryOrder(handoffFields: readonly string[]): GlossaryOrder {
  const key = JSON.stringify(handoffFields);
  let order = glossaryOrders.get(key);
  if (!order) {
    const ids = glossaryIds(handoffFields);
    const index = new Map<string, number>();
    const familyStart = new Map<MetricFamily, number>();
    ids.forEach((id, i) => {
      if (!index.has(id)) index.set(id, i);
      const family = metricFamily(id);
      if (!familyStart.has(family)) familyStart.set(family, i);
    });
    order = { index, familyStart, length: ids.length };
    glossaryOrders.set(key, order);
  }
  return order;
}

/** The position of a metric id in glossary order, for sorting; unknown ids go last. */
export function glossaryRank(id: string, handoffFields: readonly string[] = []): number {
  const order = glossaryOrder(handoffFields);
  const index = order.index.get(id);
  if (index !== undefined) return index;
  const sibling = order.familyStart.get(metricFamily(id));
  return sibling !== undefined ? sibling + 0.5 : order.length;
}
