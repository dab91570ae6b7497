import { BOOLEANS, DEAL_STATUSES, wordsFor } from '../enums.ts';
import type { ConversionHeaders } from './conversion-headers.ts';
import { dealClosing, h, type DealTests, type Preset } from './preset.ts';

// HubSpot CRM exports (Contacts and Deals → Export), with their English column labels and the
// Portuguese ones of a pt-BR portal where we know them. Dates come as `2026-10-01 13:45` in the
// portal's time zone, which the contract's `timezone` must match.
//
// MQL: `Became a Marketing Qualified Lead Date`; portals that never set it get, from `init`,
// `mql.when` over `Lifecycle Stage` (MQL and later stages), dated by created_at. The default
// deals view exports no `Create Date` and no contact: such deals close but open no opportunity.

const yes = wordsFor(BOOLEANS, 'true');
const stage = h('Deal Stage', 'Etapa do negócio');
// A deal is won when HubSpot says so (`Is Closed Won`, or a stage named Closed Won) and lost when
// closed otherwise; custom pipelines rename stages, so the flags are tried before the stage name.
const won: DealTests = [
  { when: h('Is Closed Won'), in: yes },
  { when: stage, in: wordsFor(DEAL_STATUSES, 'won') },
];
const lost: DealTests = [
  { when: stage, in: wordsFor(DEAL_STATUSES, 'lost') },
  { when: h('Is Closed Lost'), in: yes },
  { when: h('Is Deal Closed?', 'Is Closed'), in: yes },
];
const closeDate = h('Close Date', 'Data de fechamento');

/** HubSpot: contacts → leads, deals → deals. */
export const hubspotPreset: Preset = {
  name: 'hubspot',
  files: {
    leads: {
      paths: ['contacts.csv', 'contatos.csv'],
      columns: {
        lead_id: h('Record ID', 'Contact ID', 'ID do registro'),
        created_at: h('Create Date', 'Data de criação'),
        email: h('Email', 'E-mail'),
        name: { concat: [h('First Name', 'Nome'), h('Last Name', 'Sobrenome')], separator: ' ' },
        phone: { firstOf: [h('Phone Number', 'Número de telefone'), h('Mobile Phone Number', 'Número de celular')] },
        company: h('Company Name', 'Nome da empresa'),
        source: h('Original Source', 'Fonte original'),
        segment: h('Industry', 'Setor'),
        // On contacts `Number of Employees` is a range picked from a list (`25-50`, `1000+`): its
        // lower bound is what an ICP rule such as `company_size gte 50` can compare.
        company_size: { extract: h('Number of Employees', 'Número de funcionários'), pattern: '^(\\d+)\\s*[-–+]' },
        job_title: h('Job Title', 'Cargo'),
        state: h('State/Region', 'Estado/Região'),
        country: h('Country/Region', 'País/Região'),
        score: h('HubSpot Score', 'Pontuação do HubSpot'),
        owner: h('Contact owner', 'Proprietário do contato'),
        // `Became a Customer Date` has no lead column: a win comes from deals. It stays an attribute.
        mql_at: h('Became a Marketing Qualified Lead Date'),
        sql_at: h('Became a Sales Qualified Lead Date'),
        opportunity_at: h('Became an Opportunity Date'),
      },
    },
    deals: {
      paths: ['negocios.csv'],
      columns: {
        deal_id: h('Record ID', 'Deal ID', 'ID do registro'),
        // A deal may be associated with several contacts (`101;102`); the first is its lead.
        lead_id: { firstListItem: h('Associated Contact IDs', 'Associated Contact ID', 'IDs de contatos associados'), separator: ';' },
        created_at: h('Create Date', 'Data de criação'),
        // HubSpot fills Close Date on open deals with the expected date; only a closed deal's is a closing.
        ...dealClosing(won, lost, closeDate),
        amount: h('Amount', 'Valor'),
        currency: h('Currency', 'Moeda'),
        lost_reason: h('Closed Lost Reason', 'Motivo de perda'),
        owner: h('Deal owner', 'Proprietário do negócio'),
      },
    },
  },
};

/**
 * HubSpot's conversion properties on contacts (the form or page of the first and most recent
 * conversion, their dates, and the count of form submissions). No canonical column takes them:
 * they stay lead attributes, and the rep's brief tells them when there is no conversions.csv.
 */
export const hubspotConversionHeaders: ConversionHeaders = {
  firstAt: h('First Conversion Date'),
  firstWhat: h('First Conversion'),
  lastAt: h('Recent Conversion Date'),
  lastWhat: h('Recent Conversion'),
  total: h('Number of Form Submissions'),
};
