import type { Preset } from './preset.ts';

/**
 * handoff's own column names (SPEC section 2). It maps nothing: every canonical column is found
 * by a header of the same name (`lead_id`, `Lead ID`, `LEAD_ID`).
 */
export const canonicalPreset: Preset = { name: 'canonical', files: {} };
