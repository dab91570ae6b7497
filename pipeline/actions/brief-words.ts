import type { Contract } from '../contract/schema.ts';

// The words of a rep's brief in each language of the contract, and its number and date forms.
// Dates arrive already as local wall time (`yyyy-mm-dd HH:MM` in the contract's zone), so
// formatting them needs no time zone here.

/** The contract's language. */
export type BriefLocale = Contract['locale'];

/** Every phrase a brief uses, in one language. */
export interface BriefWords {
  tier: string;
  score: string;
  owner: string;
  noOwner: string;
  handoff: (no: number) => string;
  mqlAt: (at: string) => string;
  respondBy: (at: string) => string;
  origin: string;
  source: string;
  campaign: string;
  conversions: string;
  first: string;
  latest: string;
  conversionsTotal: (n: string) => string;
  noConversion: string;
  conversionKinds: Record<string, string>;
  why: (tier: string) => string;
  icp: string;
  noIcp: string;
  tierRule: (tier: string) => string;
  lastTier: (tier: string) => string;
  allOf: string;
  anyOf: string;
  notRule: string;
  fitsIcp: string;
  isValue: (field: string, value: string) => string;
  isOneOf: (field: string, values: string) => string;
  isNoneOf: (field: string, values: string) => string;
  isEmpty: (field: string) => string;
  isFilled: (field: string) => string;
  and: string;
  yes: string;
  no: string;
  empty: string;
  missing: string;
  noneMissing: string;
  touches: string;
  noTouches: string;
  touchCount: (n: number, channels: string) => string;
  lastTouch: (at: string, what: string) => string;
  daysSince: (days: number) => string;
  activityTypes: Record<string, string>;
  outcomes: Record<string, string>;
  inbound: string;
  earlier: string;
  noEarlier: string;
  touchesShort: (n: number) => string;
  closed: Record<string, string>;
  /** A worklist row's `why`, with `{slot}`s the worklist's SQL fills (numbers written the local way). */
  worklistWhy: { breached: string; dueSoon: string; underPace: string; gaveUp: string; newPriority: string };
  rejected: string;
  cameBack: (at: string) => string;
}

const EN: BriefWords = {
  tier: 'Tier',
  score: 'score',
  owner: 'owner',
  noOwner: 'no owner',
  handoff: (no) => `handoff ${no}`,
  mqlAt: (at) => `MQL ${at}`,
  respondBy: (at) => `respond by ${at}`,
  origin: 'Where from',
  source: 'Source',
  campaign: 'Campaign',
  conversions: 'Conversions',
  first: 'First',
  latest: 'Latest',
  conversionsTotal: (n) => `${n} ${n === '1' ? 'conversion' : 'conversions'} in all`,
  noConversion: 'No conversion recorded.',
  conversionKinds: { form: 'form', content: 'content download', event: 'event', page: 'page visit', other: 'other' },
  why: (tier) => `Why tier ${tier}`,
  icp: 'ICP',
  noIcp: 'The agreement defines no ICP.',
  tierRule: (tier) => `Tier ${tier}`,
  lastTier: (tier) => `Tier ${tier}: no earlier tier's rule matched`,
  allOf: 'all of',
  anyOf: 'any of',
  notRule: 'not',
  fitsIcp: 'fits the ICP',
  isValue: (field, value) => `${field} is ${value}`,
  isOneOf: (field, values) => `${field} is one of ${values}`,
  isNoneOf: (field, values) => `${field} is none of ${values}`,
  isEmpty: (field) => `${field} is empty`,
  isFilled: (field) => `${field} is filled`,
  and: 'and',
  yes: 'yes',
  no: 'no',
  empty: 'empty',
  missing: 'Missing fields',
  noneMissing: 'None: every handoff field is filled.',
  touches: 'Touches so far',
  noTouches: 'No touches yet.',
  touchCount: (n, channels) => `${n} ${n === 1 ? 'touch' : 'touches'}: ${channels}`,
  lastTouch: (at, what) => `Last: ${at}, ${what}`,
  daysSince: (days) => (days === 0 ? 'Same business day as now' : `${days} business ${days === 1 ? 'day' : 'days'} since then`),
  activityTypes: { call: 'call', email: 'e-mail', whatsapp: 'WhatsApp', meeting: 'meeting', linkedin: 'LinkedIn', other: 'other' },
  outcomes: { connected: 'connected', no_answer: 'no answer', voicemail: 'voicemail', replied: 'replied', bounced: 'bounced', meeting_booked: 'meeting booked', other: 'other' },
  inbound: 'inbound',
  earlier: 'Earlier handoffs',
  noEarlier: "None: this is the lead's first handoff.",
  touchesShort: (n) => `${n} ${n === 1 ? 'touch' : 'touches'}`,
  closed: { recycled: 'recycled', disqualified: 'disqualified' },
  worklistWhy: {
    breached: 'no attempt; deadline passed {minutes} business minutes ago',
    dueSoon: 'no attempt yet; deadline in {minutes} business minutes',
    underPace: 'in cadence: {attempts} attempts where the pace to {min} asks for {expected} by now',
    gaveUp: 'closed as {closed} after {attempts} of {min} attempts',
    newPriority: 'new tier {tier} MQL',
  },
  rejected: 'rejected',
  cameBack: (at) => `came back ${at}`,
};

const PT_BR: BriefWords = {
  tier: 'Nível',
  score: 'pontuação',
  owner: 'responsável',
  noOwner: 'sem responsável',
  handoff: (no) => `passagem ${no}`,
  mqlAt: (at) => `MQL ${at}`,
  respondBy: (at) => `responder até ${at}`,
  origin: 'De onde veio',
  source: 'Origem',
  campaign: 'Campanha',
  conversions: 'Conversões',
  first: 'Primeira',
  latest: 'Última',
  conversionsTotal: (n) => `${n} ${n === '1' ? 'conversão' : 'conversões'} no total`,
  noConversion: 'Nenhuma conversão registrada.',
  conversionKinds: { form: 'formulário', content: 'download de conteúdo', event: 'evento', page: 'visita à página', other: 'outra' },
  why: (tier) => `Por que nível ${tier}`,
  icp: 'ICP',
  noIcp: 'O acordo não define um ICP.',
  tierRule: (tier) => `Nível ${tier}`,
  lastTier: (tier) => `Nível ${tier}: nenhuma regra de nível anterior se aplicou`,
  allOf: 'todas',
  anyOf: 'qualquer uma',
  notRule: 'não',
  fitsIcp: 'está no ICP',
  isValue: (field, value) => `${field} é ${value}`,
  isOneOf: (field, values) => `${field} é um de ${values}`,
  isNoneOf: (field, values) => `${field} não é nenhum de ${values}`,
  isEmpty: (field) => `${field} está vazio`,
  isFilled: (field) => `${field} está preenchido`,
  and: 'e',
  yes: 'sim',
  no: 'não',
  empty: 'vazio',
  missing: 'Campos faltando',
  noneMissing: 'Nenhum: todos os campos da passagem estão preenchidos.',
  touches: 'Contatos até agora',
  noTouches: 'Nenhum contato ainda.',
  touchCount: (n, channels) => `${n} ${n === 1 ? 'contato' : 'contatos'}: ${channels}`,
  lastTouch: (at, what) => `Último: ${at}, ${what}`,
  daysSince: (days) => (days === 0 ? 'No mesmo dia útil de agora' : `${days} ${days === 1 ? 'dia útil' : 'dias úteis'} desde então`),
  activityTypes: { call: 'ligação', email: 'e-mail', whatsapp: 'WhatsApp', meeting: 'reunião', linkedin: 'LinkedIn', other: 'outro' },
  outcomes: { connected: 'atendeu', no_answer: 'sem resposta', voicemail: 'caixa postal', replied: 'respondeu', bounced: 'e-mail devolvido', meeting_booked: 'reunião marcada', other: 'outro' },
  inbound: 'recebido',
  earlier: 'Passagens anteriores',
  noEarlier: 'Nenhuma: esta é a primeira passagem do lead.',
  touchesShort: (n) => `${n} ${n === 1 ? 'contato' : 'contatos'}`,
  closed: { recycled: 'reciclado', disqualified: 'desqualificado' },
  worklistWhy: {
    breached: 'nenhuma tentativa; prazo vencido há {minutes} minutos úteis',
    dueSoon: 'nenhuma tentativa ainda; prazo em {minutes} minutos úteis',
    underPace: 'em cadência: {attempts} tentativas onde o ritmo para {min} pede {expected} até agora',
    gaveUp: 'encerrado como {closed} após {attempts} de {min} tentativas',
    newPriority: 'novo MQL do nível {tier}',
  },
  rejected: 'rejeitado',
  cameBack: (at) => `voltou ${at}`,
};

/** The phrases of a brief in the contract's language. */
export function briefWords(locale: BriefLocale): BriefWords {
  return locale === 'pt-BR' ? PT_BR : EN;
}

/** Formats numbers as the locale writes them (`1,234.5` / `1.234,5`). */
export function formatNumber(locale: BriefLocale, value: number): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value);
}

/** Formats a local wall time `yyyy-mm-dd HH:MM` as the locale writes dates (`10/14/2026 11:00`, `14/10/2026 11:00`). */
export function formatLocalTime(locale: BriefLocale, local: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}:\d{2})$/.exec(local);
  if (!match) throw new Error(`not a local time yyyy-mm-dd HH:MM: ${local}`);
  const [, y, m, d, time] = match;
  return `${locale === 'pt-BR' ? `${d}/${m}/${y}` : `${m}/${d}/${y}`} ${time}`;
}
