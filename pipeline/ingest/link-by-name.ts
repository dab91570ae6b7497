import type { Contract, InputKind } from '../contract/schema.ts';
import { ident, type Db } from '../db.ts';
import { headerColumn } from './mapping.ts';
import { PRESETS } from './presets/index.ts';
import type { RawFile } from './read-raw.ts';
import { cleanText, foldSql } from './value-sql.ts';

/** Rows linked to a lead by name and organisation, and the headers that said so. */
export interface NameLinks {
  rows: number;
  headers: string[];
}

/**
 * Fills an empty `lead_id` of `stg_<kind>` from the person's name and organisation the row writes
 * (the preset's `linkByName`), when exactly one lead has that name and company (both folded; an
 * empty organisation matches a lead without company). A last resort: an id always wins, and a
 * name shared by two leads links nothing.
 */
export async function linkByName(db: Db, kind: InputKind, raw: RawFile, contract: Contract): Promise<NameLinks> {
  const spec = PRESETS[contract.mapping.preset].files[kind]?.linkByName;
  if (spec === undefined) return { rows: 0, headers: [] };
  const find = headerColumn(raw.header);
  const name = find(spec.name);
  if (name === null) return { rows: 0, headers: [] };
  const organization = find(spec.organization);
  const folded = (sql: string) => `coalesce(${foldSql(sql)}, '')`;
  const orgSql = organization === null ? `''` : folded(cleanText(`r.${ident(organization)}`));
  const before = await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM stg_${kind} WHERE lead_id IS NULL`);
  await db.run(`
    UPDATE stg_${kind} SET lead_id = m.lead_id
    FROM (
      SELECT c.source_line, u.lead_id
      FROM (
        SELECT x.source_line, ${folded(cleanText(`r.${ident(name)}`))} AS n, ${orgSql} AS o
        FROM stg_${kind} x JOIN (${raw.rows({ lines: `SELECT source_line FROM stg_${kind} WHERE lead_id IS NULL` })}) r ON r._line = x.source_line
        WHERE x.lead_id IS NULL
      ) c
      JOIN (
        SELECT ${folded('name')} AS n, ${folded('company')} AS o, min(lead_id) AS lead_id
        FROM stg_leads WHERE name IS NOT NULL GROUP BY ALL HAVING count(*) = 1
      ) u ON u.n = c.n AND u.o = c.o
      WHERE c.n <> ''
    ) m
    WHERE stg_${kind}.source_line = m.source_line`);
  const after = await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM stg_${kind} WHERE lead_id IS NULL`);
  return { rows: before.n - after.n, headers: organization === null ? [name] : [name, organization] };
}
