import type { MetricChange } from './snapshot/write-snapshot.ts';

// What the command line prints about a run in a few lines a person reads: times in the
// agreement's own zone (as the site shows them) and drift summarised, not dumped.

/** An instant in the agreement's zone with the zone named: "2026-10-31 18:00 America/Sao_Paulo (UTC-03:00)". */
export function localInstant(iso: string, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'longOffset' })
      .formatToParts(new Date(iso))
      .map((part) => [part.type, part.value]),
  );
  const offset = parts.timeZoneName === 'GMT' ? 'UTC+00:00' : String(parts.timeZoneName).replace('GMT', 'UTC');
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${timeZone} (${offset})`;
}

/** A frozen period whose numbers would change (or changed, restated) and the files that differ. */
export interface DriftSummaryInput {
  period: string;
  changes: readonly MetricChange[];
  files: readonly string[];
}

/** How many periods the drift summary names, and how many changed rows of each it shows. */
export const DRIFT_PERIODS_SHOWN = 3;
export const DRIFT_CHANGES_SHOWN = 3;

function rounded(value: number | null): string {
  if (value === null) return 'n/a';
  return String(Math.round(value * 100) / 100);
}

/**
 * The drift of frozen periods as at most DRIFT_PERIODS_SHOWN + 1 lines: each named period with
 * its count of changed rows and the first few, values rounded to 2 decimals; then "and N more
 * periods (M metric rows)". Empty without drift.
 */
export function driftLines(drift: readonly DriftSummaryInput[], restated: boolean): string[] {
  const verb = restated ? 'restated' : 'would change if restated';
  const lines = drift.slice(0, DRIFT_PERIODS_SHOWN).map(({ period, changes, files }) => {
    const shown = changes
      .slice(0, DRIFT_CHANGES_SHOWN)
      .map((c) => `${c.metric}${c.segment_kind === 'all' ? '' : ` [${c.segment_kind}=${c.segment}]`} ${rounded(c.old)} → ${rounded(c.new)}`)
      .join('; ');
    const more = changes.length > DRIFT_CHANGES_SHOWN ? `; and ${changes.length - DRIFT_CHANGES_SHOWN} more` : '';
    const rows = changes.length > 0 ? `${changes.length} metric row${changes.length === 1 ? '' : 's'} (${shown}${more}); ` : '';
    return `frozen period ${period} ${verb}: ${rows}${files.length} file${files.length === 1 ? '' : 's'} (${files.join(', ')}).`;
  });
  const rest = drift.slice(DRIFT_PERIODS_SHOWN);
  if (rest.length > 0) {
    const rows = rest.reduce((n, d) => n + d.changes.length, 0);
    lines.push(`and ${rest.length} more frozen period${rest.length === 1 ? '' : 's'} (${rest.length === 1 ? rest[0]!.period : `${rest[0]!.period} … ${rest.at(-1)!.period}`}; ${rows} metric rows) ${verb}.`);
  }
  return lines;
}
