import type { MetricRow } from '../../pipeline/schemas/snapshot.ts';

// Sales reps appear on the site only as the agreement's `publish.owners` allows. The site's data
// is rewritten once, when the snapshots are loaded (site/lib/snapshots.ts), so no page or CSV
// download can show an owner any other way.

/** How owners are published: full names, initials, or not at all. */
export type OwnerMode = 'names' | 'initials' | 'hidden';

/** The segment a breakdown uses for rows without an owner; it names nobody and is always shown. */
export const NO_SEGMENT = '(none)';

// Portuguese and Spanish name particles are not initials: "Ana da Costa" is A.C.
const PARTICLES = new Set(['da', 'das', 'de', 'del', 'di', 'do', 'dos', 'du', 'e', 'la', 'le', 'van', 'von', 'y']);

/** "Ana Beatriz da Costa" → "A.B.C."; the initials of a one-word name are its first letter. */
export function initials(name: string): string {
  const words = name
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '');
  const kept = words.filter((word) => !PARTICLES.has(word.toLocaleLowerCase('pt-BR')));
  const letters = (kept.length > 0 ? kept : words).map((word) => Array.from(word)[0]?.toLocaleUpperCase('pt-BR') ?? '');
  return letters.map((letter) => `${letter}.`).join('');
}

/**
 * How each owner is shown under `mode`, or null when owners are hidden. Owners who share initials
 * are numbered in name order ("A.C. 1", "A.C. 2"), so their rows stay apart.
 */
export function ownerNames(owners: Iterable<string>, mode: OwnerMode): Map<string, string> | null {
  if (mode === 'hidden') return null;
  const unique = [...new Set(owners)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const shown = new Map<string, string>();
  if (mode === 'names') {
    for (const owner of unique) shown.set(owner, owner);
    return shown;
  }
  const byInitials = new Map<string, string[]>();
  for (const owner of unique) {
    if (owner === NO_SEGMENT) continue;
    const key = initials(owner);
    byInitials.set(key, [...(byInitials.get(key) ?? []), owner]);
  }
  for (const [key, group] of byInitials) {
    group.forEach((owner, i) => shown.set(owner, group.length === 1 ? key : `${key} ${i + 1}`));
  }
  if (unique.includes(NO_SEGMENT)) shown.set(NO_SEGMENT, NO_SEGMENT);
  return shown;
}

/** A row's owner segment as published: renamed by `names`, or null (drop the row) when owners are hidden. */
export function publishedOwner(owner: string, names: ReadonlyMap<string, string> | null): string | null {
  if (names === null) return null;
  return names.get(owner) ?? (owner === NO_SEGMENT ? owner : null);
}

/**
 * Metric rows as they may be published: owner rows renamed by `names` (from `ownerNames` over every
 * period, so a rep keeps one label site-wide), or dropped when owners are hidden.
 */
export function publishableRows(rows: readonly MetricRow[], names: ReadonlyMap<string, string> | null): MetricRow[] {
  return rows.flatMap((row) => {
    if (row.segment_kind !== 'owner') return [row];
    const owner = publishedOwner(row.segment, names);
    return owner === null ? [] : [{ ...row, segment: owner }];
  });
}
