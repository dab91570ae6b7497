import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { neutraliseFormula, toCsv } from '../../pipeline/csv.ts';

// A text cell must stay inert however a spreadsheet splits it: on opening (`,` in en Excel, `;` in
// pt-BR Excel) or through an import dialog (tab, `|`), and if quotes are ignored (line breaks).

const SPLIT = /[,;\t|\r\n]/;
const TRIGGER = /^[ \t\u00a0]*[=+\-@]/;

/** The pieces a spreadsheet could make a cell of, when it splits on any one split character. */
function pieces(text: string): string[] {
  return [text, ...text.split(SPLIT)];
}

describe('neutraliseFormula', () => {
  it('marks a formula after every split character, behind spaces, and leaves the rest of the text as it was', () => {
    expect(neutraliseFormula('Ana;=HYPERLINK("http://evil";"Reset")')).toBe(`Ana;'=HYPERLINK("http://evil";"Reset")`);
    expect(neutraliseFormula('Ana, =1+1')).toBe("Ana,' =1+1");
    expect(neutraliseFormula('a\t+cmd|b|@SUM(A1)')).toBe("a\t'+cmd|b|'@SUM(A1)");
    expect(neutraliseFormula('first\n-2+3\r=x')).toBe("first\n'-2+3\r'=x");
    expect(neutraliseFormula('  =1+1')).toBe("'  =1+1");
    expect(neutraliseFormula('\t=1')).toBe("'\t'=1");
    expect(neutraliseFormula('\rok')).toBe("'\rok");
    // No trigger where a cell could start: unchanged, byte for byte.
    for (const safe of ['São Paulo - SP', 'Ana Lima', '1,234.56', 'a;b', 'x = y', 'phone +55 11 9999-0000', 'e-mail@x.test', '']) {
      expect(neutraliseFormula(safe)).toBe(safe);
    }
  });

  it('leaves no piece of any text starting with a formula, and only ever inserts apostrophes', () => {
    const text = fc.string({ unit: fc.constantFrom('=', '+', '-', '@', ',', ';', '\t', '|', '\r', '\n', ' ', '\u00a0', 'a', '1', "'", '"') });
    fc.assert(
      fc.property(text, (value) => {
        const safe = neutraliseFormula(value);
        for (const piece of pieces(safe)) expect(TRIGGER.test(piece) || /^[\t\r]/.test(piece), JSON.stringify({ value, safe, piece })).toBe(false);
        // Deleting the inserted apostrophes gives the text back: nothing else was touched.
        let i = 0;
        let restored = '';
        for (const ch of safe) {
          if (ch === value[i]) {
            restored += ch;
            i++;
          } else expect(ch).toBe("'");
        }
        expect(restored).toBe(value);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('toCsv', () => {
  it('writes numbers as numbers and neutralised text, quoted where CSV needs it', () => {
    const csv = toCsv(['owner', 'mqls', 'delta'], [['Ana;=HYPERLINK("http://evil")', 12, -3], ['Bia, -1+1', 0.5, null]]);
    expect(csv).toBe(`owner,mqls,delta\n"Ana;'=HYPERLINK(""http://evil"")",12,-3\n"Bia,' -1+1",0.5,\n`);
    // Read back as CSV, the cells are the neutralised texts and the numbers unchanged.
    expect(Papa.parse<string[]>(csv.trimEnd()).data).toEqual([
      ['owner', 'mqls', 'delta'],
      [`Ana;'=HYPERLINK("http://evil")`, '12', '-3'],
      ["Bia,' -1+1", '0.5', ''],
    ]);
  });
});
