import { BOOLEANS, DEAL_STATUSES, wordsFor } from '../enums.ts';
import { h, type Preset } from './preset.ts';

// Pipedrive's spreadsheet exports (People, Deals, Activities → Export), whose headers are
// `<Object> - <Field>`, in English or Portuguese (`Negócio - Valor`). Timestamps come as
// `2026-10-01 13:45:00` in the exporting user's time zone. Where each header name comes from:
// SOURCES.md beside this file.
//
// MQL: Pipedrive has no MQL date. A people export carries the labels and custom fields a team
// qualifies with; `init` proposes `mql.when` over the column that looks like a status or label.

const person = h('Person - ID', 'Pessoa - ID');
// A deals export names the person as `Deal - Contact person ID` (and `Person - ID` when person
// fields are exported beside the deal's).
const dealPerson = h('Deal - Contact person ID', 'Person - ID', 'Pessoa - ID');
const status = h('Deal - Status', 'Negócio - Status');

/** Pipedrive: people → leads, deals → deals, activities → activities. */
export const pipedrivePreset: Preset = {
  name: 'pipedrive',
  files: {
    leads: {
      paths: ['people.csv', 'persons.csv', 'pessoas.csv'],
      columns: {
        lead_id: person,
        created_at: h('Person - Person created', 'Person - Add time', 'Pessoa - Pessoa criada', 'Pessoa - Data de criação'),
        name: h('Person - Name', 'Pessoa - Nome'),
        email: h('Person - Email', 'Person - Email - Work', 'Pessoa - E-mail', 'Pessoa - E-mail - Trabalho'),
        phone: h('Person - Phone', 'Person - Phone - Work', 'Person - Phone - Mobile', 'Pessoa - Telefone', 'Pessoa - Telefone - Trabalho', 'Pessoa - Telefone - Celular'),
        company: h('Person - Organization', 'Pessoa - Organização'),
        job_title: h('Person - Job title', 'Pessoa - Cargo'),
        owner: h('Person - Owner', 'Pessoa - Proprietário'),
      },
    },
    deals: {
      paths: ['negocios.csv'],
      columns: {
        deal_id: h('Deal - ID', 'Negócio - ID'),
        lead_id: dealPerson,
        created_at: h('Deal - Deal created', 'Negócio - Negócio criado em', 'Negócio - Data de criação do negócio', 'Negócio - Negócio criado'),
        status,
        // Won and lost times live in two columns; a reopened deal may keep the old one, so the
        // status picks which is the closing.
        closed_at: {
          cases: [
            { when: status, in: wordsFor(DEAL_STATUSES, 'won'), then: h('Deal - Won time', 'Negócio - Ganho em', 'Negócio - Data de ganho') },
            { when: status, in: wordsFor(DEAL_STATUSES, 'lost'), then: h('Deal - Lost time', 'Negócio - Data de perda') },
          ],
        },
        amount: h('Deal - Value', 'Negócio - Valor', 'Negócio - Valor do negócio'),
        currency: h('Deal - Currency of Value', 'Deal - Currency', 'Negócio - Moeda de Valor', 'Negócio - Moeda'),
        lost_reason: h('Deal - Lost reason', 'Negócio - Motivo da perda'),
        owner: h('Deal - Owner', 'Negócio - Proprietário'),
      },
      // Some deals exports name the contact person without the person's id.
      linkByName: { name: h('Deal - Contact person', 'Negócio - Pessoa de contato'), organization: h('Deal - Organization', 'Negócio - Organização') },
    },
    activities: {
      paths: ['atividades.csv'],
      columns: {
        activity_id: h('Activity - ID', 'Atividade - ID'),
        lead_id: person,
        type: h('Activity - Type', 'Atividade - Tipo', 'Type', 'Tipo'),
        // Pipedrive keeps the day and the time of an activity apart; an all-day activity has no time
        // and counts at local midnight. `Marked as done time` serves exports without a due date.
        occurred_at: {
          firstOf: [
            { concat: [h('Activity - Due date', 'Atividade - Data de vencimento', 'Due date', 'Data de vencimento'), h('Activity - Due time', 'Atividade - Hora de vencimento', 'Due time', 'Hora de vencimento')], separator: ' ' },
            h('Activity - Marked as done time', 'Atividade - Marcada como feita em'),
          ],
        },
        owner: h('Activity - Assigned to user', 'Atividade - Atribuído ao usuário'),
      },
      quarantine: [
        {
          when: h('Activity - Done', 'Atividade - Feito', 'Atividade - Concluído', 'Atividade - Concluída', 'Done', 'Feito'),
          in: wordsFor(BOOLEANS, 'false'),
          reason: 'the activity is planned, not done, so it is no contact attempt',
        },
      ],
    },
  },
};
