import type { ConversionHeaders } from './conversion-headers.ts';
import { h, type Preset } from './preset.ts';

// RD Station Marketing's lead export (Contatos → Exportar): UTF-16 with its byte-order mark,
// tab-separated, Portuguese headers, dates as `2026-10-01 09:15:00 -0300` (SOURCES.md). Files
// re-saved from a spreadsheet come as UTF-8 or Windows-1252 with `01/10/2026 13:45`: both read.
// It carries no lead id and no stage dates, so:
// - the e-mail is the lead's id (RD itself keys leads by e-mail);
// - a lead is created at its first conversion;
// - `Estágio no funil` = Lead Qualificado (or Cliente, which passed through it) makes the lead an
//   MQL at its last conversion when the export has that column, else at its first. RD qualifies a
//   lead when a conversion (typically the hand-raise form) or its score crosses the line, and the
//   latest conversion is the best dated trace of that moment the export offers.

const qualifiedStages = ['Lead Qualificado', 'Qualified Lead', 'Cliente', 'Customer'];
const lastOrFirstConversion = { firstOf: [h('Data da última conversão'), h('Data da primeira conversão')] };

/** RD Station Marketing: leads only (its CRM's deals export maps through `mapping.files.deals`). */
export const rdstationPreset: Preset = {
  name: 'rdstation',
  files: {
    leads: {
      paths: [],
      columns: {
        lead_id: h('Email', 'E-mail'),
        email: h('Email', 'E-mail'),
        created_at: h('Data da primeira conversão'),
        source: h('Origem da primeira conversão'),
        name: h('Nome'),
        // Brazilian sales teams call and message the mobile first.
        phone: { firstOf: [h('Celular'), h('Telefone')] },
        job_title: h('Cargo'),
        company: h('Empresa'),
        state: h('Estado'),
        country: h('País'),
        owner: h('Dono do Lead'),
        // `Lead Scoring - Interesse` is RD's numeric engagement score; `Lead Scoring - Perfil`
        // (a grade, A–D) stays an attribute for ICP rules.
        score: h('Lead Scoring - Interesse'),
        mql_at: { cases: [{ when: h('Estágio no funil'), in: qualifiedStages, then: lastOrFirstConversion }] },
        // RD marks a lead as an opportunity apart from its funnel stage and dates the latest mark.
        opportunity_at: h('Data da última oportunidade'),
      },
    },
  },
};

/**
 * RD Station's conversion columns: the first conversion also dates and sources the lead, the last
 * one dates a qualified lead's MQL, and `Origem da última conversão` and `Total de conversões`
 * stay attributes; the rep's brief tells all five when there is no conversions.csv.
 */
export const rdstationConversionHeaders: ConversionHeaders = {
  firstAt: h('Data da primeira conversão'),
  firstWhat: h('Origem da primeira conversão'),
  lastAt: h('Data da última conversão'),
  lastWhat: h('Origem da última conversão'),
  total: h('Total de conversões'),
};
