import { ACCEPTANCE } from './acceptance.ts';
import { ATTEMPTS } from './attempts.ts';
import { FUNNEL } from './funnel.ts';
import { OUTCOMES } from './outcomes.ts';
import { PLAN } from './plan.ts';
import { QUALITY } from './quality.ts';
import { SPEED } from './speed.ts';
import type { MetricEntry } from './types.ts';
import { VOLUME } from './volume.ts';

/** Every metric but the scorecard's clauses, in glossary order. */
export const MEASURED = [...VOLUME, ...PLAN, ...SPEED, ...ATTEMPTS, ...ACCEPTANCE, ...FUNNEL, ...QUALITY, ...OUTCOMES] as const;

/** The id of a metric a scorecard clause can be measured with (a fixed one: a clause is one number). */
export type MeasuredId = Extract<(typeof MEASURED)[number], MetricEntry>['id'];
