import type { BusinessCalendar } from '../calendar/calendar.ts';
import { localDate } from '../calendar/zone.ts';
import type { Contract } from '../contract/schema.ts';
import type { Db } from '../db.ts';
import { ACTIVITY_TYPES } from '../ingest/enums.ts';
import { businessCalendar, leadRules, localDates, optionalInputs } from './code-models.ts';
import { readCodeModelDocs, readModelFiles } from './model-files.ts';
import { periodsBetween, type Period } from './periods.ts';
import { modelVariables, orderModels, runModels, type ModelStep, type RanStep } from './run-models.ts';

export { calendarRange, latestInputTimestamp } from './input-range.ts';

// The model layer: staged inputs → `events` → handoffs, their events, activities and attempts, on
// the business calendar. The layers are the `.sql` files of pipeline/model/sql (README "The
// warehouse model"), run in the order their `depends_on` lines give, with the few steps code
// writes (code-models.ts). Each relation carries its grain as a COMMENT in the warehouse.

/** Relations that exist before the model runs: the staged leads (the other inputs are optional, see `input_<kind>`). */
export const MODEL_SOURCES = ['stg_leads'] as const;

/** The model's steps in run order, with `onCalendar` receiving the business calendar once built. */
export function modelSteps(onCalendar: (calendar: BusinessCalendar) => void = () => {}): ModelStep[] {
  const docs = readCodeModelDocs();
  const code = [optionalInputs, localDates, leadRules, businessCalendar(onCalendar)].map((c) => ({ kind: 'code' as const, code: c, docs: docs.filter((d) => c.relations.includes(d.name)) }));
  const files = readModelFiles().map((f) => ({ kind: 'file' as const, file: f }));
  return orderModels([...code, ...files], MODEL_SOURCES);
}

/** The variables of the model files for a contract and a cut-off (activity types in code-point order). */
export function runVariables(contract: Contract, asOf: string): Record<string, string> {
  return modelVariables(contract, asOf, Object.keys(ACTIVITY_TYPES).sort());
}

/**
 * Builds the model from the staged inputs, ignoring anything after `asOf` (UTC ISO): `zone_offsets`,
 * `events`, the business calendar tables, `handoffs`, and the views `handoff_events`,
 * `handoff_activities` and `attempts`, each followed by its data tests. Returns the business
 * calendar it wrote. `record` receives each step's statements (for `pipeline sql`).
 */
export async function buildModel(db: Db, contract: Contract, asOf: string, record?: (step: RanStep) => void): Promise<BusinessCalendar> {
  let built: BusinessCalendar | null = null;
  await runModels({ db, contract, asOf }, modelSteps((c) => (built = c)), runVariables(contract, asOf), record);
  if (built === null) throw new Error('the model ran without building its calendar');
  return built;
}

/** Every period from the first handoff's to as_of's (none when there is no handoff). Needs `handoffs`. */
export async function reportingPeriods(db: Db, contract: Contract, asOf: string): Promise<Period[]> {
  const first = (await db.rows(db.query.selectFrom('handoffs').select((eb) => eb.fn.min('mql_at').as('first'))))[0]?.first ?? null;
  if (first === null) return [];
  const tz = contract.timezone;
  return periodsBetween(contract.period, localDate(tz, Date.parse(first)), localDate(tz, Date.parse(asOf)));
}
