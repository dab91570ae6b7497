import type { Text } from './types.ts';

// Words the catalogue's texts are built from: funnel stages and lead fields, in both languages.

/** Funnel stages as they appear inside metric ids, in funnel order. */
export const STAGES = ['lead', 'mql', 'sal', 'sql', 'opportunity', 'won', 'lost'] as const;
/** A funnel stage. */
export type Stage = (typeof STAGES)[number];

/** A stage's name inside a sentence ("reached SAL", "chegaram a oportunidade"). */
export const STAGE_NAME: Record<Stage, Text> = {
  lead: { en: 'lead', 'pt-BR': 'lead' },
  mql: { en: 'MQL', 'pt-BR': 'MQL' },
  sal: { en: 'SAL', 'pt-BR': 'SAL' },
  sql: { en: 'SQL', 'pt-BR': 'SQL' },
  opportunity: { en: 'opportunity', 'pt-BR': 'oportunidade' },
  won: { en: 'won', 'pt-BR': 'ganho' },
  lost: { en: 'lost', 'pt-BR': 'perda' },
};

/** What the flow of a stage counts, in the plural ("SQLs", "Funnel wins"). */
export const FLOW_NOUN: Record<Stage, Text> = {
  lead: { en: 'Leads', 'pt-BR': 'Leads' },
  mql: { en: 'MQLs', 'pt-BR': 'MQLs' },
  sal: { en: 'SALs', 'pt-BR': 'SALs' },
  sql: { en: 'SQLs', 'pt-BR': 'SQLs' },
  opportunity: { en: 'Opportunities', 'pt-BR': 'Oportunidades' },
  won: { en: 'Funnel wins', 'pt-BR': 'Ganhos do funil' },
  lost: { en: 'Funnel losses', 'pt-BR': 'Perdas do funil' },
};

/** Lead fields' names for readers; a field not listed keeps its column name. */
export const FIELD_NAME: Readonly<Record<string, Text>> = {
  score: { en: 'score', 'pt-BR': 'pontuação' },
  name: { en: 'name', 'pt-BR': 'nome' },
  company: { en: 'company', 'pt-BR': 'empresa' },
  phone: { en: 'phone', 'pt-BR': 'telefone' },
  email: { en: 'e-mail', 'pt-BR': 'e-mail' },
  job_title: { en: 'job title', 'pt-BR': 'cargo' },
  company_size: { en: 'company size', 'pt-BR': 'porte da empresa' },
  segment: { en: 'segment', 'pt-BR': 'segmento' },
  source: { en: 'source', 'pt-BR': 'origem' },
  state: { en: 'state', 'pt-BR': 'estado' },
  country: { en: 'country', 'pt-BR': 'país' },
};

/** A lead field's name in both languages. */
export function fieldName(field: string): Text {
  return FIELD_NAME[field] ?? { en: field, 'pt-BR': field };
}

/** Upper-cases a text's first letter. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
