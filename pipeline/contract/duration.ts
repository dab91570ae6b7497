/** A business-time duration in whole minutes, parsed once from `15m`, `1h`, `1h30m`. */
export type Minutes = number;

const DURATION = /^\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?\s*$/i;

/** Parses `15m`, `1h`, `4h`, `1h30m`, `90m` into minutes; null when the text is not such a duration. */
export function parseDuration(text: string): Minutes | null {
  const match = DURATION.exec(text);
  if (!match || (match[1] === undefined && match[2] === undefined)) return null;
  const minutes = Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
  return minutes > 0 ? minutes : null;
}

/** Writes minutes back in the contract's own notation (`90` → `1h30m`). */
export function formatDuration(minutes: Minutes): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m}m`;
  return m === 0 ? `${h}h` : `${h}h${m}m`;
}
