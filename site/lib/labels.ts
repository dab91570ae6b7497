import type { Contract } from '../../pipeline/contract/schema.ts';
import type { SegmentKind } from '../../pipeline/schemas/snapshot.ts';

// How a breakdown value reads on the site: the contract's `labels:` name for it, else a code
// (`paid_search`) made readable (`Paid search`), else the value as written (a rep's name).

const CODE = /^[a-z0-9]+(_[a-z0-9]+)*$/;

/** A source, segment or owner value as the site shows it; tiers and other kinds keep their own names. */
export function valueLabel(labels: Contract['labels'] | undefined, kind: SegmentKind | undefined, value: string): string {
  if (kind !== 'source' && kind !== 'segment' && kind !== 'owner') return value;
  const named = labels?.[kind][value];
  if (named !== undefined) return named;
  if (!CODE.test(value)) return value;
  const spaced = value.replace(/_/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}
