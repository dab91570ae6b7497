import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Rule } from '../../pipeline/contract/schema.ts';
import { Db } from '../../pipeline/db.ts';
import { closestFirst, fieldResolver, ruleSql, UnknownFieldError } from '../../pipeline/model/rules-sql.ts';

// Contract rules compiled to SQL, on a four-lead `stg_leads` written by hand:
//   L1 segment "SaaS", company_size 80, score 90, extra column "Região" = "Sul"
//   L2 segment "retail", company_size 10, score NULL, Região = "Norte"
//   L3 segment NULL, company_size NULL, score 50, Região NULL
//   L4 segment "fintech", company_size 50, score 79.5, Região = "Sul"

let db: Db;
beforeAll(async () => {
  db = await Db.open(':memory:');
  await db.run(`CREATE TABLE stg_leads AS SELECT * FROM (VALUES
    (1, 'L1', 'SaaS', 80.0, 90.0, '{"Região":"Sul"}'::JSON),
    (2, 'L2', 'retail', 10.0, NULL, '{"Região":"Norte"}'::JSON),
    (3, 'L3', NULL, NULL, 50.0, '{"Região":null}'::JSON),
    (4, 'L4', 'fintech', 50.0, 79.5, '{"Região":"Sul"}'::JSON)
  ) AS t(source_line, lead_id, segment, company_size, score, attributes)`);
});
afterAll(() => db.close());

async function matching(rule: Rule): Promise<string[]> {
  const fields = await fieldResolver(db, 'l');
  const rows = await db.all<{ lead_id: string }>(`SELECT lead_id FROM stg_leads l WHERE ${ruleSql(rule, fields, 'icp', 'false')} ORDER BY lead_id`);
  return rows.map((r) => r.lead_id);
}

describe('contract rules in SQL', () => {
  it('compares text ignoring case and surrounding spaces', async () => {
    expect(await matching({ field: 'segment', in: ['saas', ' Fintech '] })).toEqual(['L1', 'L4']);
    expect(await matching({ field: 'segment', eq: 'RETAIL' })).toEqual(['L2']);
  });
  it('lets an empty value fail every test but `empty` and `not_in`', async () => {
    expect(await matching({ field: 'segment', not_in: ['saas'] })).toEqual(['L2', 'L3', 'L4']);
    expect(await matching({ field: 'company_size', empty: true })).toEqual(['L3']);
    expect(await matching({ field: 'company_size', lt: 1000 })).toEqual(['L1', 'L2', 'L4']);
    expect(await matching({ not: { field: 'score', gte: 80 } })).toEqual(['L2', 'L3', 'L4']);
  });
  it('compares numbers as numbers and combines tests in one rule', async () => {
    // 50 ≤ size < 80: L4 (50) only; score ≥ 79.5 and ≤ 90: L1 (90), L4 (79.5).
    expect(await matching({ field: 'company_size', gte: 50, lt: 80 })).toEqual(['L4']);
    expect(await matching({ any: [{ field: 'score', gte: 79.5, lte: 90 }, { field: 'company_size', eq: 10 }] })).toEqual(['L1', 'L2', 'L4']);
  });
  it('reads extra columns by name, ignoring case and accents', async () => {
    expect(await matching({ all: [{ field: 'região', eq: 'sul' }, { field: 'company_size', gte: 60 }] })).toEqual(['L1']);
    expect(await matching({ field: 'REGIAO', empty: false })).toEqual(['L1', 'L2', 'L4']);
  });
  it('says which setting names an unknown field', async () => {
    const fields = await fieldResolver(db, 'l');
    expect(() => ruleSql({ all: [{ field: 'segment', eq: 'x' }, { field: 'employees', gte: 5 }] }, fields, 'icp', 'false')).toThrow(UnknownFieldError);
    expect(() => ruleSql({ all: [{ field: 'segment', eq: 'x' }, { field: 'employees', gte: 5 }] }, fields, 'icp', 'false')).toThrow(
      /icp\.all\[1\]\.field names the field "employees", but the leads export has no such column\. Its columns, closest first: .*\bRegião\b/,
    );
    // A typo finds its column first, whether canonical or extra.
    expect(() => ruleSql({ field: 'sgment', eq: 'x' }, fields, 'tiers[0].when', 'false')).toThrow(/tiers\[0\]\.when\.field .* closest first: segment, /);
    expect(() => ruleSql({ field: 'regio', eq: 'x' }, fields, 'icp', 'false')).toThrow(/closest first: Região, /);
  });
  it('lists columns containing the name first, then by edit distance, ties in order', () => {
    // score ⊂ score_total, scores; source and state are 3 edits away (source listed first), email 5.
    expect(closestFirst('score', ['email', 'source', 'score_total', 'state', 'scores'])).toEqual(['score_total', 'scores', 'source', 'state', 'email']);
  });
});
