import { localInstant } from '../../pipeline/summary.ts';
import type { SiteData } from './snapshots.ts';

// The closing lines of `npm run build` (scripts/build-site.ts): what the site holds and where to
// open it, short enough to read after the pipeline's own summary.

/** The summary of a built site: its periods, the latest period's clauses, rows quarantined, as_of in the agreement's zone, and where to open it. */
export function buildSummary(site: SiteData, index: string): string[] {
  const { periods, latest } = site;
  const first = periods[0]!.period;
  const span = periods.length === 1 ? first : `${first} … ${latest.period}`;
  const clauses = latest.details['scorecard.json']?.clauses ?? [];
  const count = (status: string) => clauses.filter((c) => c.status === status).length;
  const statuses = clauses.length === 0
    ? 'no scorecard'
    : [`${count('met')} met`, `${count('at_risk')} at risk`, `${count('missed')} missed`, ...(count('no_data') > 0 ? [`${count('no_data')} without data`] : [])].join(', ');
  const missed = clauses.filter((c) => c.status === 'missed').map((c) => c.id);
  const inputs = Object.entries(latest.manifest.inputs).filter(([, stats]) => stats !== undefined);
  const quarantined = inputs.reduce((n, [, stats]) => n + stats!.rows_quarantined, 0);
  const byKind = inputs.filter(([, stats]) => stats!.rows_quarantined > 0).map(([kind, stats]) => `${kind} ${stats!.rows_quarantined}`);
  return [
    `site: ${periods.length} period${periods.length === 1 ? '' : 's'} (${span}); as_of ${localInstant(latest.manifest.as_of, latest.contract.timezone)}`,
    `${latest.period} (${latest.manifest.closed ? 'closed' : 'open'}): ${clauses.length} clauses: ${statuses}${missed.length > 0 ? ` (missed: ${missed.join(', ')})` : ''}`,
    `rows quarantined: ${quarantined}${byKind.length > 0 ? ` (${byKind.join(', ')}; see the Data page)` : ''}`,
    `open ${index} in a browser, or run \`npm run preview\``,
  ];
}
