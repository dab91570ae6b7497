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
  // HubSpot engagement types (INCOMING_EMAIL, FORWARDED_EMAIL) are e-mails too.
  email: ['e_mail', 'mail', 'correio', 'incoming_email', 'forwarded_email'],
  whatsapp: ['wpp', 'zap', 'whats', 'whats_app', 'whatsapp_message'],
  // Pipedrive's default types include Lunch (Almoço): a meeting with the lead.
  meeting: ['reuniao', 'encontro', 'visita', 'demo', 'meeting_booked', 'lunch', 'almoco'],
  linkedin: ['linked_in', 'inmail', 'linkedin_message'],
  // Pipedrive's Deadline (Prazo) and Task (Tarefa) are reminders, not contact attempts.
  other: ['outro', 'outros', 'tarefa', 'task', 'sms', 'nota', 'note', 'deadline', 'prazo'],
};

export const DIRECTIONS: Synonyms = {
  outbound: ['out', 'saida', 'enviado', 'enviada', 'ativo', 'ativa', 'outgoing'],
  inbound: ['in', 'entrada', 'recebido', 'recebida', 'receptivo', 'receptiva', 'incoming'],
};

export const OUTCOMES: Synonyms = {
  connected: ['conectado', 'atendeu', 'atendida', 'atendido', 'contato_feito', 'answered'],
  no_answer: ['sem_resposta', 'nao_atendeu', 'nao_atendida', 'no_response', 'busy', 'ocupado'],
  voicemail: ['caixa_postal', 'left_voicemail', 'recado'],
  replied: ['respondeu', 'resposta', 'reply'],
  // A wrong number is an unusable contact, like a bounced e-mail (HubSpot's "Wrong number").
  bounced: ['bounce', 'retornou', 'invalido', 'email_invalido', 'wrong_number', 'numero_errado'],
  meeting_booked: ['reuniao_agendada', 'agendado', 'agendada', 'meeting_scheduled'],
  // HubSpot's "Left live message": someone answered, but not the lead.
  other: ['outro', 'outros', 'left_live_message'],
};

export const DEAL_STATUSES: Synonyms = {
  open: ['aberto', 'aberta', 'em_aberto', 'em_andamento', 'andamento'],
  // `closedwon` / `closedlost` are HubSpot's internal stage values, `Closed Won` its labels.
  won: ['ganho', 'ganha', 'vendido', 'vendida', 'closed_won', 'closedwon', 'fechado_ganho'],
  lost: ['perdido', 'perdida', 'closed_lost', 'closedlost', 'fechado_perdido'],
};

export const STAGES: Synonyms = {
  // HubSpot lifecycle stages, as labels (`Marketing Qualified Lead`) or internal values (`marketingqualifiedlead`).
  lead: ['lead', 'subscriber', 'visitante', 'contato', 'assinante'],
  mql: ['marketing_qualified_lead', 'lead_qualificado', 'marketingqualifiedlead'],
  sal: ['sales_accepted_lead', 'salesacceptedlead', 'aceito', 'aceita', 'accepted'],
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

/**
 * Yes/no columns of real exports (HubSpot `Is Closed Won`, Pipedrive `Done`), for preset rules;
 * not a canonical column type.
 */
export const BOOLEANS: Synonyms = {
  true: ['yes', 'sim', 'y', 's', '1', 'verdadeiro', 'done', 'feito', 'feita', 'concluido', 'concluida'],
  // Pipedrive's activity exports and imports write `Done` / `Undone` (`Not done` in some views).
  false: ['no', 'nao', 'n', '0', 'falso', 'not_done', 'undone', 'nao_feito', 'nao_feita', 'nao_concluido', 'nao_concluida', 'to_do', 'a_fazer', 'pendente'],
};

/**
 * A yes/no value as real exports write it (`true`, `TRUE`, `Sim`, `Não`, `Yes`, `0`, `Done`), or
 * null when the text is no such word. The one boolean parser: presets test the same words in SQL
 * (`wordsFor(BOOLEANS, …)`), and contract rules through `booleanSql`, which folds the same way.
 */
export function booleanOf(value: string): boolean | null {
  const folded = fold(value);
  if (wordsFor(BOOLEANS, 'true').includes(folded)) return true;
  if (wordsFor(BOOLEANS, 'false').includes(folded)) return false;
  return null;
}

/** Every folded word that means `canonical` in `synonyms`, the canonical value included. */
export function wordsFor(synonyms: Synonyms, canonical: string): string[] {
  return [fold(canonical), ...(synonyms[canonical] ?? [])];
}

/** Folded synonym → canonical value, for a CASE expression or a JS lookup. */
export function synonymPairs(synonyms: Synonyms): Array<[string, string]> {
  const pairs = new Map<string, string>();
  for (const [canonical, words] of Object.entries(synonyms)) {
    pairs.set(fold(canonical), canonical);
    for (const w of words) if (!pairs.has(w)) pairs.set(w, canonical);
  }
  return [...pairs].sort(([a], [b]) => a.localeCompare(b));
}
