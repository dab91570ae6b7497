import { dayIndex } from './calendar.ts';
import { Weighted } from './random.ts';
import type { Segment } from './vocabulary.ts';

export const SOURCE_NAMES = [
  'organic',
  'paid_search',
  'paid_social',
  'referral',
  'events',
  'outbound_list',
  'partners',
] as const;
export type SourceName = (typeof SOURCE_NAMES)[number];

/** How leads of a source reach the CRM: a steady flow of form fills, event imports, or weekly list uploads. */
export type Arrival = 'flow' | 'event_import' | 'list_upload';

export interface SourceProfile {
  name: SourceName;
  /** Share of all leads. */
  share: number;
  arrival: Arrival;
  campaigns: Weighted<string>;
  segments: Weighted<Segment>;
  /** Median company size in employees. */
  sizeMedian: number;
  scoreMean: number;
  /** Leads that ask to talk to sales when they sign up: an MQL on the spot. */
  handRaisers: number;
  missing: { name: number; company: number; phone: number; email: number };
  /** Leads who sign up with a personal address rather than a company one. */
  personalEmail: number;
  /** Chance that one sales touch gets an answer, before channel and speed effects. */
  responsiveness: number;
  /** Leads whose phone and e-mail are both wrong (typos, fake data). */
  badContact: number;
}

const segments = (w: [number, number, number, number, number, number, number]): Weighted<Segment> =>
  new Weighted<Segment>([
    ['saas', w[0]],
    ['fintech', w[1]],
    ['varejo', w[2]],
    ['industria', w[3]],
    ['saude', w[4]],
    ['educacao', w[5]],
    ['servicos', w[6]],
  ]);

export const SOURCES: readonly SourceProfile[] = [
  {
    name: 'organic',
    share: 0.24,
    arrival: 'flow',
    campaigns: new Weighted([
      ['blog-seo', 35],
      ['site-direto', 22],
      ['ebook-funil-de-vendas', 18],
      ['webinar-gestao-comercial', 15],
      ['newsletter', 10],
    ]),
    segments: segments([22, 12, 16, 14, 10, 10, 16]),
    sizeMedian: 35,
    scoreMean: 50,
    handRaisers: 0.16,
    missing: { name: 0.01, company: 0.1, phone: 0.18, email: 0 },
    personalEmail: 0.18,
    responsiveness: 0.2,
    badContact: 0.04,
  },
  {
    name: 'paid_search',
    share: 0.22,
    arrival: 'flow',
    campaigns: new Weighted([
      ['google-crm-b2b', 40],
      ['google-marca', 28],
      ['google-concorrentes', 20],
      ['bing-generico', 12],
    ]),
    segments: segments([24, 14, 18, 12, 10, 8, 14]),
    sizeMedian: 40,
    scoreMean: 53,
    handRaisers: 0.2,
    missing: { name: 0.01, company: 0.07, phone: 0.12, email: 0 },
    personalEmail: 0.14,
    responsiveness: 0.21,
    badContact: 0.04,
  },
  {
    name: 'paid_social',
    share: 0.19,
    arrival: 'flow',
    campaigns: new Weighted([
      ['meta-leadads-ebook', 40],
      ['linkedin-ads-decisores', 28],
      ['meta-retargeting', 20],
      ['instagram-awareness', 12],
    ]),
    segments: segments([16, 10, 22, 12, 12, 14, 14]),
    sizeMedian: 22,
    scoreMean: 44,
    handRaisers: 0.06,
    missing: { name: 0.05, company: 0.22, phone: 0.2, email: 0 },
    personalEmail: 0.35,
    responsiveness: 0.14,
    badContact: 0.1,
  },
  {
    name: 'referral',
    share: 0.06,
    arrival: 'flow',
    campaigns: new Weighted([
      ['indicacao-clientes', 70],
      ['programa-embaixadores', 30],
    ]),
    segments: segments([28, 16, 16, 10, 8, 8, 14]),
    sizeMedian: 70,
    scoreMean: 62,
    handRaisers: 0.42,
    missing: { name: 0, company: 0.02, phone: 0.05, email: 0.03 },
    personalEmail: 0.05,
    responsiveness: 0.33,
    badContact: 0.01,
  },
  {
    name: 'events',
    share: 0.09,
    arrival: 'event_import',
    campaigns: new Weighted([['(evento)', 1]]),
    segments: segments([24, 14, 24, 12, 8, 6, 12]),
    sizeMedian: 60,
    scoreMean: 47,
    handRaisers: 0.12,
    missing: { name: 0.01, company: 0.03, phone: 0.1, email: 0.04 },
    personalEmail: 0.08,
    responsiveness: 0.18,
    badContact: 0.05,
  },
  {
    name: 'outbound_list',
    share: 0.13,
    arrival: 'list_upload',
    campaigns: new Weighted([['(lista)', 1]]),
    segments: segments([34, 26, 22, 8, 4, 2, 4]),
    sizeMedian: 140,
    scoreMean: 38,
    handRaisers: 0,
    missing: { name: 0.02, company: 0, phone: 0.3, email: 0.12 },
    personalEmail: 0,
    responsiveness: 0.12,
    badContact: 0.06,
  },
  {
    name: 'partners',
    share: 0.07,
    arrival: 'flow',
    campaigns: new Weighted([
      ['parceiro-contabil-pro', 40],
      ['parceiro-integra-erp', 35],
      ['marketplace-apps', 25],
    ]),
    segments: segments([20, 18, 14, 18, 8, 6, 16]),
    sizeMedian: 55,
    scoreMean: 58,
    handRaisers: 0.32,
    missing: { name: 0, company: 0.01, phone: 0.06, email: 0.02 },
    personalEmail: 0.04,
    responsiveness: 0.27,
    badContact: 0.02,
  },
];

export interface EventImport {
  campaign: string;
  /** The day the badge scans are imported (a business day after the event). */
  importDay: number;
  weight: number;
}

/** Fictional events; their leads arrive as one batch a day or two after each event. */
export const EVENT_IMPORTS: readonly EventImport[] = [
  { campaign: 'acme-day-2025', importDay: dayIndex('2025-06-18'), weight: 1.0 },
  { campaign: 'summit-vendas-b2b-2025', importDay: dayIndex('2025-09-26'), weight: 1.6 },
  { campaign: 'meetup-revops-sp-2025', importDay: dayIndex('2025-11-13'), weight: 0.5 },
  { campaign: 'feira-varejo-digital-2026', importDay: dayIndex('2026-03-20'), weight: 1.2 },
  { campaign: 'roadshow-sul-2026', importDay: dayIndex('2026-05-22'), weight: 0.7 },
  { campaign: 'acme-day-2026', importDay: dayIndex('2026-08-26'), weight: 1.3 },
  { campaign: 'summit-vendas-b2b-2026', importDay: dayIndex('2026-09-25'), weight: 1.8 },
];

/** Outbound lists rotate through the ICP segments; the quarter in the name is when the list was bought. */
export const LIST_THEMES = ['lista-saas-sp', 'lista-fintechs', 'lista-varejo-sul', 'abm-enterprise'] as const;
