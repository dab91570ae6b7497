// The published quarantine reasons are built from a column's label and one of a fixed set of
// problem texts (stage.ts, value-sql.ts, read-raw.ts). The snapshots keep them in English, as
// written; this names each form with a code and its parameters, so the site can say it in the
// contract's language without matching free text. A new problem text needs a form here: the unit
// test feeds every text the pipeline writes through `publishedReasonForm`.

/** A published reason's form: a code and the parts that fill its template. */
export interface ReasonForm {
  code: 'not_timestamp' | 'not_number' | 'not_one_of' | 'below' | 'future' | 'empty' | 'field_count' | 'preset_rule';
  /** The column's label (as the export names it), when the reason is about one column. */
  column?: string;
  /** The form's other parts: the date order, the number form, the allowed values, the bound, the clock, the counts, the rule's reason. */
  values: string[];
}

const FORMS: Array<{ code: ReasonForm['code']; pattern: RegExp; column: boolean }> = [
  { code: 'not_timestamp', column: true, pattern: /^(.+): "…" is not a valid date or timestamp \(expected ISO 8601, (dd\/mm\/yyyy|mm\/dd\/yyyy) \[HH:MM\[:SS\]\] or yyyy-mm-dd HH:MM:SS\)$/ },
  { code: 'not_number', column: true, pattern: /^(.+): "…" is not a number \(expected a form such as (1\.234,56|1,234\.56)\)$/ },
  { code: 'not_one_of', column: true, pattern: /^(.+): "…" is not one of (.+)$/ },
  { code: 'below', column: true, pattern: /^(.+): "…" is below (-?[\d.]+)$/ },
  { code: 'future', column: true, pattern: /^(.+): "…" is in the future \(more than a day after this run's clock, (\S+)\)$/ },
  { code: 'field_count', column: false, pattern: /^the row has (\d+) fields? where the header has (\d+)$/ },
  { code: 'preset_rule', column: true, pattern: /^(.+): "…": (.+)$/ },
  { code: 'empty', column: true, pattern: /^(.+) is empty$/ },
];

/** The form of a published reason, or null for a text no form matches (shown as written). */
export function publishedReasonForm(reason: string): ReasonForm | null {
  for (const form of FORMS) {
    const match = form.pattern.exec(reason);
    if (!match) continue;
    const parts = match.slice(1);
    return form.column ? { code: form.code, column: parts[0]!, values: parts.slice(1) } : { code: form.code, values: parts };
  }
  return null;
}
