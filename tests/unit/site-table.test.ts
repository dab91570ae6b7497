import { describe, expect, it } from 'vitest';
import { csvFile, siteTable, spreadsheetFile, tableCsv, tableSpreadsheetCsv, textCell, type SiteTable } from '../../site/lib/table.ts';

const table = (rows: SiteTable['rows'], more?: SiteTable['rows']): SiteTable => ({
  id: 'by-source',
  caption: 'By source',
  columns: [
    { key: 'source', label: 'Source' },
    { key: 'mql.count', label: 'MQLs', numeric: true, metric: 'mql.count' },
  ],
  rows,
  ...(more ? { more } : {}),
});

describe('site tables and their CSV downloads', () => {
  it('writes raw values under the column keys, not the formatted page text', () => {
    const csv = tableCsv(table([{ key: 'paid', cells: [textCell('paid'), { value: 1234.5, text: '1.234,5' }] }]));
    expect(csv).toBe('source,mql.count\npaid,1234.5\n');
    expect(csvFile({ id: 'by-source' })).toBe('by-source.csv');
  });

  it('neutralises text a spreadsheet would run as a formula, but not negative numbers', () => {
    const csv = tableCsv(
      table([
        { key: '1', cells: [textCell('=HYPERLINK("http://x","y")'), { value: -5, text: '-5' }] },
        { key: '2', cells: [textCell('+55 11 5555'), { value: null, text: 'n/a' }] },
        { key: '3', cells: [textCell('-2'), { value: 0, text: '0' }] },
        { key: '4', cells: [textCell('@SUM(A1)'), { value: 1, text: '1' }] },
      ]),
    );
    expect(csv.split('\n')).toEqual(['source,mql.count', `"'=HYPERLINK(""http://x"",""y"")",-5`, "'+55 11 5555,", "'-2,0", "'@SUM(A1),1", '']);
  });

  it('puts the rows the page leaves out at the end of the download', () => {
    const csv = tableCsv(
      table([{ key: 'a', cells: [textCell('a'), { value: 1, text: '1' }] }], [{ key: 'b', cells: [textCell('b'), { value: 2, text: '2' }] }]),
    );
    expect(csv).toBe('source,mql.count\na,1\nb,2\n');
  });

  it('refuses an id that cannot name a file and a row of the wrong width', () => {
    expect(() => siteTable({ ...table([]), id: 'By Source' })).toThrow(/lowercase/);
    expect(() => siteTable(table([], [{ key: 'b', cells: [textCell('b')] }]))).toThrow('table by-source: row b has 1 cells for 2 columns');
  });
});

describe('the spreadsheet form of a download (pt-BR sites)', () => {
  it('heads with labels, writes page text and rounded numbers with decimal commas, ; separated, after a BOM', () => {
    const csv = tableSpreadsheetCsv(
      table([
        { key: 'paid', cells: [{ value: 'paid_search', text: 'Busca paga' }, { value: 1234.5678, text: '1.234,6' }] },
        { key: 'none', cells: [{ value: 'x;y', text: 'São Paulo; SP' }, { value: null, text: 'n/d' }] },
        { key: 'neg', cells: [textCell('=1+1'), { value: -3.905, text: '-3,9' }] },
      ]),
    );
    // 1234.5678 → 1234,57; -3.905 → -3,9 (rounded to 2 places: -390.5 rounds to -390); a ; inside text is quoted.
    expect(csv).toBe('\ufeffSource;MQLs\nBusca paga;1234,57\n"São Paulo; SP";\n\'=1+1;-3,9\n');
    expect(spreadsheetFile({ id: 'by-source' })).toBe('by-source-planilha.csv');
    expect(() => siteTable({ ...table([]), id: 'by-source-planilha' })).toThrow(/not ending in -planilha/);
  });
});
