import { MEASURED, type MeasuredId } from './measured.ts';
import type { ClauseId, MetricEntry, Text } from './types.ts';

/** A scorecard clause: one promise of the agreement, the side that made it and the metric that measures it. */
export interface ClauseEntry<C extends ClauseId = ClauseId> extends MetricEntry<`scorecard.${C}`> {
  clause: C;
  side: 'marketing' | 'sales';
  measures: MeasuredId;
  /** The clause's short name in a sentence ("speed to lead"). */
  name: Text;
}

function clause<const C extends ClauseId>(id: C, side: ClauseEntry['side'], measures: MeasuredId, name: Text): ClauseEntry<C> {
  const m = MEASURED.find((e) => e.id === measures) as MetricEntry;
  const who = side === 'marketing' ? { en: 'Marketing’s', 'pt-BR': 'de marketing' } : { en: 'Sales’', 'pt-BR': 'de vendas' };
  return {
    id: `scorecard.${id}`,
    family: 'scorecard',
    unit: 'pct',
    label: { en: `Clause: ${name.en}`, 'pt-BR': `Cláusula: ${name['pt-BR']}` },
    // What the clause measures is its metric's definition, so the two cannot say different things.
    definition: {
      en: `${who.en} promise “${name.en}”, measured by “${m.label.en}”: ${m.definition.en} Met at or above the promised level, at risk at or above the at-risk level, missed below.`,
      'pt-BR': `Promessa ${who['pt-BR']} “${name['pt-BR']}”, medida por “${m.label['pt-BR']}”: ${m.definition['pt-BR']} Cumprida a partir do nível prometido, em risco a partir do nível de alerta, descumprida abaixo.`,
    },
    base: 'metrics',
    measure: { kind: 'code', by: 'pipeline/metrics/scorecard.ts' },
    clause: id,
    side,
    measures,
    name,
  };
}

/** `scorecard.<clause>`: the measured value of each promise, marketing's first. */
export const SCORECARD = [
  clause('mql_volume', 'marketing', 'mql.pacing_pct', { en: 'MQL volume', 'pt-BR': 'volume de MQLs' }),
  clause('icp_fit', 'marketing', 'quality.icp_fit_pct', { en: 'ICP fit', 'pt-BR': 'aderência ao ICP' }),
  clause('completeness', 'marketing', 'quality.complete_pct', { en: 'complete handoffs', 'pt-BR': 'passagens completas' }),
  clause('speed_within_sla', 'sales', 'speed.within_sla_pct', { en: 'speed to lead', 'pt-BR': 'tempo de resposta' }),
  clause('attempt_adherence', 'sales', 'attempts.adherent_pct', { en: 'cadence', 'pt-BR': 'cadência' }),
  clause('acceptance_within_sla', 'sales', 'acceptance.within_sla_pct', { en: 'acceptance in time', 'pt-BR': 'aceite no prazo' }),
  clause('rejection_reasons', 'sales', 'acceptance.rejection_reason_pct', { en: 'rejection reasons', 'pt-BR': 'motivos de rejeição' }),
] as const;
