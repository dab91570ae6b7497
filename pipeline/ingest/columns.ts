import type { InputKind } from '../contract/schema.ts';
import { ACTIVITY_TYPES, CONVERSION_KINDS, DEAL_STATUSES, DIRECTIONS, OUTCOMES, STAGES } from './enums.ts';
import type { ValueType } from './value-sql.ts';

/** The canonical columns of one input kind (SPEC section 2) and how each is typed. */
export interface KindColumns {
  file: string;
  required: readonly string[];
  columns: Readonly<Record<string, ValueType>>;
  /** The column whose value identifies a row; a repeated value means the last row wins. */
  id: string | null;
  /** Whether rows point at a lead that may be unknown (counted as orphans, still loaded). */
  leadRef: boolean;
  /** Text columns whose values are nearly all distinct (ids, a person's contact details); staging stores them with FSST. */
  distinct: readonly string[];
}

const text: ValueType = { kind: 'text' };
const ts: ValueType = { kind: 'timestamp' };

/** Canonical files and columns, in SPEC order. */
export const KIND_COLUMNS: Record<InputKind, KindColumns> = {
  leads: {
    file: 'leads.csv',
    required: ['lead_id', 'created_at'],
    columns: {
      lead_id: text, created_at: ts, email: text, name: text, company: text, phone: text, source: text, campaign: text,
      segment: text, company_size: { kind: 'number', min: 0 }, state: text, country: text, job_title: text,
      score: { kind: 'number' }, owner: text, mql_at: ts, sal_at: ts, sql_at: ts, opportunity_at: ts, rejected_at: ts,
      rejection_reason: text, recycled_at: ts, recycle_reason: text, disqualified_at: ts, disqualification_reason: text,
      // The column sla.yaml's `mql.at` names when it is not a canonical one, typed like any date.
      mql_rule_at: ts,
    },
    id: 'lead_id',
    leadRef: false,
    distinct: ['lead_id', 'email', 'name', 'phone'],
  },
  lead_events: {
    file: 'lead_events.csv',
    required: ['lead_id', 'stage', 'at'],
    columns: { lead_id: text, stage: { kind: 'enum', synonyms: STAGES }, at: ts, reason: text },
    id: null,
    leadRef: true,
    distinct: [],
  },
  activities: {
    file: 'activities.csv',
    required: ['activity_id', 'lead_id', 'occurred_at', 'type'],
    columns: {
      activity_id: text, lead_id: text, occurred_at: ts, type: { kind: 'enum', synonyms: ACTIVITY_TYPES },
      direction: { kind: 'enum', synonyms: DIRECTIONS, fallback: 'outbound' }, outcome: { kind: 'enum', synonyms: OUTCOMES }, owner: text,
    },
    id: 'activity_id',
    leadRef: true,
    distinct: ['activity_id'],
  },
  deals: {
    file: 'deals.csv',
    // A deal without a creation date (HubSpot's default deals view exports none) still closes:
    // it counts as won or lost by its close date and opens no opportunity.
    required: ['deal_id'],
    columns: {
      deal_id: text, lead_id: text, created_at: ts, closed_at: ts, status: { kind: 'enum', synonyms: DEAL_STATUSES, fallback: 'open' },
      amount: { kind: 'number', min: 0 }, currency: text, lost_reason: text, owner: text,
    },
    id: 'deal_id',
    leadRef: true,
    distinct: ['deal_id'],
  },
  conversions: {
    file: 'conversions.csv',
    required: ['lead_id', 'at'],
    columns: { lead_id: text, at: ts, kind: { kind: 'enum', synonyms: CONVERSION_KINDS, fallback: 'other' }, detail: text },
    id: null,
    leadRef: true,
    distinct: [],
  },
};
