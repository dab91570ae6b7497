import type { Contract } from '../contract/schema.ts';
import type { ConversionHeaders } from './presets/conversion-headers.ts';
import { hubspotConversionHeaders } from './presets/hubspot.ts';
import { rdstationConversionHeaders } from './presets/rdstation.ts';

/**
 * Which tool's lead export summarises conversions in its columns, or null. Ingest keeps that
 * export as read (`raw_leads`) because the briefs read those columns from it.
 */
export function conversionHeaders(contract: Contract): ConversionHeaders | null {
  if (contract.mapping.preset === 'rdstation') return rdstationConversionHeaders;
  if (contract.mapping.preset === 'hubspot') return hubspotConversionHeaders;
  return null;
}
