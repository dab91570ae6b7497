/** The dataset sizes `npm run sample -- --size` knows, with their default output folders. */
export interface SizeProfile {
  leads: number;
  out: string;
  /** Share of opportunities that also open an add-on deal. */
  addOnShare: number;
  progress: boolean;
}

export const DEFAULT_SEED = 20261031;

/**
 * The benchmark sizes keep the sample's funnel; more opportunities carry an add-on deal so they land
 * near the specified 0.2 deals per lead (the funnel alone yields ~0.15). The sample's lead count is
 * tuned to stay under 15 MB with ~150k activities.
 */
export const SIZES: Record<string, SizeProfile> = {
  sample: { leads: 15_300, out: 'data/sample', addOnShare: 0.03, progress: false },
  medium: { leads: 100_000, out: 'bench-data/medium', addOnShare: 0.45, progress: true },
  large: { leads: 1_000_000, out: 'bench-data/large', addOnShare: 0.45, progress: true },
};
