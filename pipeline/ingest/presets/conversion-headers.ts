import type { HeaderRef } from './preset.ts';

// A lead export that summarises the lead's conversions in its own columns (RD Station, HubSpot)
// tells the marketing side of a lead's story even without conversions.csv. Those columns stay on
// the lead (extra columns become attributes; the raw row keeps the ones a preset also maps), and
// the rep's brief reads them through these references.

/** Where a tool's lead export keeps the first and latest conversion and their count. */
export interface ConversionHeaders {
  /** When the lead first converted. */
  firstAt?: HeaderRef;
  /** What the first conversion was (a form, a page, an origin). */
  firstWhat?: HeaderRef;
  /** When the lead last converted. */
  lastAt?: HeaderRef;
  /** What the latest conversion was. */
  lastWhat?: HeaderRef;
  /** How many conversions the lead has. */
  total?: HeaderRef;
}
