import { canonicalPreset } from './canonical.ts';
import { hubspotPreset } from './hubspot.ts';
import { pipedrivePreset } from './pipedrive.ts';
import type { Preset, PresetName } from './preset.ts';
import { rdstationPreset } from './rdstation.ts';
import { salesforcePreset } from './salesforce.ts';

export type { Case, HeaderRef, Preset, PresetFile, PresetName, RowRule, Source } from './preset.ts';

/** Every preset by the name `mapping.preset` gives it. */
export const PRESETS: Readonly<Record<PresetName, Preset>> = {
  canonical: canonicalPreset,
  hubspot: hubspotPreset,
  rdstation: rdstationPreset,
  pipedrive: pipedrivePreset,
  salesforce: salesforcePreset,
};
