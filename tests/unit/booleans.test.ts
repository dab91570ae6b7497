import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Db, literal } from '../../pipeline/db.ts';
import { booleanOf } from '../../pipeline/ingest/enums.ts';
import { booleanSql } from '../../pipeline/ingest/value-sql.ts';
import { fieldResolver, ruleSql } from '../../pipeline/model/rules-sql.ts';

// One boolean parser for every yes/no column a preset or a rule reads: the forms real exports
// write (true/false, TRUE/FALSE, Sim/Não, Yes/No, 1/0, Pipedrive's Done/Undone), in any case, with
// or without accents and surrounding spaces, read the same in JS and in SQL.

const PAIRS: Array<[string, string]> = [
  ['true', 'false'], ['TRUE', 'FALSE'], ['Sim', 'Não'], ['Yes', 'No'], ['1', '0'], ['S', 'N'],
  ['Verdadeiro', 'Falso'], ['Done', 'Undone'], ['Feito', 'Não feito'], ['Concluído', 'Não concluído'],
];

/** A word as an export may write it: any case per letter, accents kept or not, spaces around. */
const written = (word: string) =>
  fc.tuple(fc.array(fc.boolean(), { minLength: word.length, maxLength: word.length }), fc.boolean(), fc.constantFrom('', ' ', '  ')).map(([upper, plain, pad]) => {
    const base = plain ? word.normalize('NFD').replace(/[\u0300-\u036f]/g, '') : word;
    return pad + [...base].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join('') + pad;
  });

const forms = fc.constantFrom(...PAIRS).chain(([yes, no]) => fc.oneof(written(yes).map((v) => [v, true] as const), written(no).map((v) => [v, false] as const)));

let db: Db;
beforeAll(async () => {
  db = await Db.open(':memory:');
});
afterAll(() => db.close());

describe('booleans', () => {
  it('reads every yes/no form, in any case, accents or not', () => {
    fc.assert(fc.property(forms, ([value, meaning]) => booleanOf(value) === meaning), { seed: 14, numRuns: 500 });
  });

  it('reads text that is no yes/no word as neither', () => {
    for (const v of ['talvez', 'maybe', '2', 'yess', '', 'não sei']) expect(booleanOf(v)).toBeNull();
  });

  it('reads the same in SQL as in JS, for the forms and for any other text', async () => {
    const values = fc.sample(fc.oneof(forms.map(([v]) => v), fc.string({ maxLength: 6 })), { seed: 14, numRuns: 400 });
    const rows = await db.all<{ i: number; b: boolean | null }>(
      `SELECT i, ${booleanSql('v')} AS b FROM (VALUES ${values.map((v, i) => `(${i}, ${literal(v)})`).join(', ')}) t(i, v) ORDER BY i`,
    );
    expect(rows.map((r) => r.b)).toEqual(values.map(booleanOf));
  });

  it('lets a contract rule test a yes/no column with eq: true / false', async () => {
    // An extra column "Aceita contato" on five leads: Verdadeiro, TRUE, Não, talvez, (empty).
    await db.run(`CREATE TABLE stg_leads AS SELECT * FROM (VALUES
      (1, 'L1', '{"Aceita contato":"Verdadeiro"}'::JSON), (2, 'L2', '{"Aceita contato":"TRUE"}'::JSON),
      (3, 'L3', '{"Aceita contato":"Não"}'::JSON), (4, 'L4', '{"Aceita contato":"talvez"}'::JSON),
      (5, 'L5', '{"Aceita contato":""}'::JSON)) AS t(source_line, lead_id, attributes)`);
    const fields = await fieldResolver(db, 'l');
    const matching = async (eq: boolean) =>
      (await db.all<{ lead_id: string }>(`SELECT lead_id FROM stg_leads l WHERE ${ruleSql({ field: 'Aceita contato', eq }, fields, 'icp', 'false')} ORDER BY lead_id`)).map((r) => r.lead_id);
    expect(await matching(true)).toEqual(['L1', 'L2']);
    expect(await matching(false)).toEqual(['L3']);
  });
});
