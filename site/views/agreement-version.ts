import { clauseName, SCORECARD_CLAUSE_IDS } from '../i18n/glossary.ts';
import { contractVersions, periodPromiseChanges, versionLabel, versionOf } from '../lib/contract-history.ts';
import { AGREEMENT_PAGE, hrefTo } from '../lib/paths.ts';
import type { PeriodSnapshot, SiteData } from '../lib/snapshots.ts';

// Which version of the agreement a period was measured under, as its pages name it, and the
// clauses whose promise moved since the period before (so a status is read against its own promise).

/** The agreement version of a period, for its page head. */
export interface AgreementVersionLine {
  /** "Acordo v2 (desde Out 2026)". */
  label: string;
  /** Relative link from `page` to the agreement page's history. */
  href: string;
  /** The previous period's short label when promises changed since it, else null. */
  changedSince: string | null;
  /** Per clause whose promise changed: its name and what changed, scorecard order. */
  promises: Array<{ clause: string; name: string; changes: string[] }>;
}

/** The agreement line of `snapshot` on the page in folder `page`. */
export function agreementVersionLine(site: SiteData, snapshot: PeriodSnapshot, page: string): AgreementVersionLine {
  const locale = site.locale;
  const version = versionOf(contractVersions(site.periods), snapshot.period);
  if (!version) throw new Error(`period ${snapshot.period} is not among the site's periods`);
  const changed = periodPromiseChanges(site.periods, snapshot.period, locale);
  const index = site.periods.findIndex((p) => p.period === snapshot.period);
  const previous = site.periods[index - 1];
  // The contract's scorecard has exactly the catalogue's clauses, so these are all that can change.
  const promises = SCORECARD_CLAUSE_IDS.flatMap((id) => {
    const changes = changed.get(id);
    return changes ? [{ clause: id, name: clauseName(id, locale), changes }] : [];
  });
  return {
    label: versionLabel(version, locale),
    href: `${hrefTo(page, AGREEMENT_PAGE)}#history`,
    changedSince: promises.length > 0 && previous ? previous.period : null,
    promises,
  };
}
