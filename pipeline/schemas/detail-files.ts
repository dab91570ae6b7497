import type { z } from 'zod';
import { contributorsFileSchema } from './contributors.ts';
import { distributionsFileSchema } from './distributions.ts';
import { funnelFileSchema } from './funnel.ts';
import { ownersFileSchema } from './owners.ts';
import { planActualFileSchema } from './plan-actual.ts';
import { planFileSchema } from './plan.ts';
import { reasonsFileSchema } from './reasons.ts';
import { scorecardFileSchema } from './scorecard.ts';

/**
 * The richer JSON files of a snapshot, beside metrics.json, each with its schema. Every one is
 * listed with its sha256 in the manifest's `files`; none holds a lead's name, contact or id.
 */
export const DETAIL_FILE_SCHEMAS = {
  'contributors.json': contributorsFileSchema,
  'distributions.json': distributionsFileSchema,
  'funnel.json': funnelFileSchema,
  'owners.json': ownersFileSchema,
  'plan.json': planFileSchema,
  'plan-actual.json': planActualFileSchema,
  'reasons.json': reasonsFileSchema,
  'scorecard.json': scorecardFileSchema,
} as const;

/** The name of a detail file. */
export type DetailFileName = keyof typeof DETAIL_FILE_SCHEMAS;

/** The content of each detail file of one period. */
export type DetailFiles = { [K in DetailFileName]: z.infer<(typeof DETAIL_FILE_SCHEMAS)[K]> };
