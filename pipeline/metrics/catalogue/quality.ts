import { literal } from '../../db.ts';
import { metric, type TemplateEntry } from './types.ts';

const HANDOFFS = 'count(*)';

/** `quality.missing_pct.<field>`: one metric per field of the contract's `handoff_fields`. */
export const MISSING_FIELD: TemplateEntry<`quality.missing_pct.${string}`> = {
  id: 'quality.missing_pct.<field>',
  over: 'handoff_fields',
  family: 'quality',
  unit: 'pct',
  label: (field) => ({ en: `Missing ${field.en}`, 'pt-BR': `Sem ${field['pt-BR']}` }),
  definition: (field) => ({ en: `Handoffs whose lead lacks ${field.en} ÷ handoffs.`, 'pt-BR': `Passagens cujo lead não tem ${field['pt-BR']} ÷ passagens.` }),
  base: 'handoffs',
  measure: (field) => ({ kind: 'pct', numerator: `count(*) FILTER (WHERE list_contains(missing_fields, ${literal(field)}))`, denominator: HANDOFFS }),
};

/** `quality.*`: what marketing hands over: complete, and fitting the ideal customer profile. */
export const QUALITY = [
  metric({
    id: 'quality.complete_pct',
    family: 'quality',
    unit: 'pct',
    label: { en: 'Complete handoffs', 'pt-BR': 'Passagens completas' },
    definition: {
      en: 'Handoffs whose lead has every required handoff field filled ÷ handoffs.',
      'pt-BR': 'Passagens cujo lead tem todos os campos obrigatórios preenchidos ÷ passagens.',
    },
    base: 'handoffs',
    measure: { kind: 'pct', numerator: 'count(*) FILTER (WHERE complete)', denominator: HANDOFFS },
  }),
  MISSING_FIELD,
  metric({
    id: 'quality.icp_fit_pct',
    family: 'quality',
    unit: 'pct',
    label: { en: 'ICP fit', 'pt-BR': 'Aderência ao ICP' },
    definition: {
      en: 'Handoffs whose lead matches the ideal customer profile ÷ handoffs; n/a when the agreement defines no ICP.',
      'pt-BR': 'Passagens cujo lead atende ao perfil de cliente ideal ÷ passagens; sem valor quando o acordo não define o ICP.',
    },
    base: 'handoffs',
    measure: { kind: 'pct', numerator: 'count(*) FILTER (WHERE icp_fit)', denominator: HANDOFFS },
    needs: 'icp',
  }),
] as const;
