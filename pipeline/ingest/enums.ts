// Enumerated values accepted in the inputs, with the synonyms real exports use. Lookups are made
// on a folded form (lower case, accents stripped, spaces/hyphens → `_`), so `Ligação`, `LIGACAO`
// and `ligacao` are one value.

/** Folds a raw value for synonym lookup; the same folding is done in SQL by `foldSql`. */
export function fold(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/** canonical value → accepted folded synonyms (the canonical value itself is always accepted). */
export type Synonyms = Record<string, readonly string[]>;

export const ACTIVITY_TYPES: Synonyms = {
  call: ['ligacao', 'telefone', 'telefonema', 'chamada', 'phone', 'phone_call', 'call_outbound'],
  email: ['e_mail', 'mail', 'correio'],
  whatsapp: ['wpp', 'zap', 'whats', 'whats_app'],
  meeting: ['reuniao', 'encontro', 'visita', 'demo', 'meeting_booked'],
  linkedin: ['linked_in', 'inmail'],
  other: ['outro', 'outros', 'tarefa', 'task', 'sms', 'nota', 'note'],
};

export const DIRECTIONS: Synonyms = {
  outbound: ['out', 'saida', 'enviado', 'enviada', 'ativo', 'ativa'],
  inbound: ['in', 'entrada', 'recebido', 'recebida', 'receptivo', 'receptiva'],
};

export const OUTCOMES: Synonyms = {
  connected: ['conectado', 'atendeu', 'atendida', 'atendido', 'contato_feito', 'answered'],
  no_answer: ['sem_resposta', 'nao_atendeu', 'nao_atendida', 'no_response', 'busy', 'ocupado'],
  voicemail: ['caixa_postal', 'left_voicemail', 'recado'],
  replied: ['respondeu', 'resposta', 'reply'],
  bounced: ['bounce', 'retornou', 'invalido', 'email_invalido'],
  meeting_booked: ['reuniao_agendada', 'agendado', 'agendada', 'meeting_scheduled'],
  other: ['outro', 'outros'],
};

export const DEAL_STATUSES: Synonyms = {
  open: ['aberto', 'aberta', 'em_andamento', 'andamento'],
  won: ['ganho', 'ganha', 'vendido', 'vendida', 'closed_won', 'fechado_ganho'],
  lost: ['perdido', 'perdida', 'closed_lost', 'fechado_perdido'],
};

export const STAGES: Synonyms = {
  lead: ['lead', 'subscriber', 'visitante', 'contato'],
  mql: ['marketing_qualified_lead', 'lead_qualificado', 'marketingqualifiedlead'],
  sal: ['sales_accepted_lead', 'aceito', 'aceita', 'accepted'],
  rejected: ['rejeitado', 'rejeitada', 'reject', 'recusado', 'recusada'],
  sql: ['sales_qualified_lead', 'salesqualifiedlead', 'oportunidade_qualificada'],
  opportunity: ['oportunidade', 'opportunity_created'],
  recycled: ['reciclado', 'reciclada', 'nurture', 'nutricao'],
  disqualified: ['desqualificado', 'desqualificada', 'descartado', 'descartada', 'unqualified'],
};

export const CONVERSION_KINDS: Synonyms = {
  form: ['formulario', 'form_submission'],
  content: ['conteudo', 'download', 'ebook', 'material'],
  event: ['evento', 'webinar'],
  page: ['pagina', 'landing_page', 'page_view'],
  other: ['outro', 'outros'],
};

/** Folded synonym → canonical value, for a CASE expression or a JS lookup. */
export function synonymPairs(synonyms: Synonyms): Array<[string, string]> {
  const pairs = new Map<string, string>();
  for (const [canonical, words] of Object.entries(synonyms)) {
    pairs.set(fold(canonical), canonical);
    for (const w of words) if (!pairs.has(w)) pairs.set(w, canonical);
  }
  return [...pairs].sort(([a], [b]) => a.localeCompare(b));
}
