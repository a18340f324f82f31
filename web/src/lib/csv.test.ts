import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvFormatFor, fixed, inertText, toCsv, type CsvCell } from './csv';

const en = csvFormatFor('en-GB');
const es = csvFormatFor('es-ES');

// The cells of a file as a spreadsheet would split them (papaparse's reader, RFC 4180).
function cells(text: string, delimiter: string): string[][] {
  const parsed = Papa.parse<string[]>(text, { delimiter, newline: '\r\n', skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

describe('text that a spreadsheet would run', () => {
  const formulas = ['=HYPERLINK("http://x","y")', '+1', '-cmd', '@SUM(A1:A9)', '\tlead', '\rlead',
    '=cmd|\' /C calc\'!A0', '-2+3+cmd|\' /C calc\'!A0', '=1+1\nsecond line'];

  it('is escaped with a leading apostrophe and quoted, in both formats', () => {
    for (const format of [en, es]) {
      const rows = cells(toCsv([formulas], format), format.delimiter);
      expect(rows).toEqual([formulas.map((f) => `'${f}`)]);
    }
    expect(toCsv([['=1+1', '+1', '@A1']], en)).toBe(`"'=1+1","'+1","'@A1"\r\n`);
    expect(toCsv([['=HYPERLINK("http://x","y")']], es)).toBe(`"'=HYPERLINK(""http://x"",""y"")"\r\n`);
  });

  it('is written as papaparse escapeFormulae writes it, line breaks included', () => {
    const row = ['=1+1', '-cmd', 'plain', 'a;b', '=a\nb'];
    const theirs = Papa.unparse([row], { delimiter: ';', newline: '\r\n', escapeFormulae: /^[=+\-@\t\r]/ });
    expect(toCsv([row], es)).toBe(`${theirs}\r\n`);
    // Papaparse's default pattern (.*$ without the s flag) would leave this one live:
    expect(Papa.unparse([['=a\nb']], { escapeFormulae: true })).toBe('"=a\nb"');
    expect(toCsv([['=a\nb']], en)).toBe(`"'=a\nb"\r\n`);
  });

  it('is left alone when it only contains those characters further on', () => {
    expect(inertText('Negotiation - final')).toBe('Negotiation - final');
    expect(inertText('a=b')).toBe('a=b');
    expect(inertText("'quoted")).toBe("'quoted");
    expect(inertText('')).toBe('');
    expect(toCsv([['Lead', 'x@y.es', ' padded ']], en)).toBe('Lead,x@y.es," padded "\r\n');
  });
});

describe('numbers', () => {
  const row: CsvCell[] = [-12.5, fixed(-12.5, 2), fixed(123.45, 2), 0, fixed(-0.001, 2), 42, fixed(7, 1)];

  it('are never escaped, negative ones included, and use a decimal point in English', () => {
    expect(toCsv([row], en)).toBe('-12.5,-12.50,123.45,0,0.00,42,7.0\r\n');
  });

  it('use a decimal comma with ; between cells in Spanish, unquoted', () => {
    expect(toCsv([row], es)).toBe('-12,5;-12,50;123,45;0;0,00;42;7,0\r\n');
  });

  it('keep ASCII digits and no grouping or exponent, whatever the locale', () => {
    expect(toCsv([[1234567.89, 1e21, 1e-7, fixed(1234567, 2)]], es))
      .toBe('1234567,89;1000000000000000000000;0,0000001;1234567,00\r\n');
    expect(toCsv([[-1234.5]], csvFormatFor('ar-EG'))).toBe('-1234.5\r\n');
    expect(toCsv([[-1234.5]], csvFormatFor('sv-SE'))).toBe('-1234,5\r\n');
  });

  it('leave a cell empty when there is no value', () => {
    expect(toCsv([[null, undefined, Number.NaN, Infinity, '']], en)).toBe(',,,,\r\n');
  });
});

describe('quoting', () => {
  it('quotes cells holding the delimiter, quotes or line breaks, and doubles the quotes', () => {
    const row = ['Informe "C", con comillas', 'two\nlines', 'a;b', 'a,b', 'crlf\r\nend'];
    expect(toCsv([row], en)).toBe('"Informe ""C"", con comillas","two\nlines",a;b,"a,b","crlf\r\nend"\r\n');
    expect(toCsv([row], es)).toBe('"Informe ""C"", con comillas";"two\nlines";"a;b";a,b;"crlf\r\nend"\r\n');
    for (const format of [en, es]) expect(cells(toCsv([row], format), format.delimiter)).toEqual([row]);
  });

  it('ends every row with CRLF and keeps accents as they are', () => {
    expect(toCsv([['Etapa', 'Año'], ['Propuesta', fixed(2500.5, 2)]], es)).toBe('Etapa;Año\r\nPropuesta;2500,50\r\n');
    expect(toCsv([], en)).toBe('');
  });
});

describe('the format of a locale', () => {
  it('follows its decimal mark as Intl knows it', () => {
    expect(csvFormatFor('es-ES')).toEqual({ delimiter: ';', decimal: ',' });
    expect(csvFormatFor('de-DE')).toEqual({ delimiter: ';', decimal: ',' });
    expect(csvFormatFor('en-GB')).toEqual({ delimiter: ',', decimal: '.' });
    expect(csvFormatFor('en-US')).toEqual({ delimiter: ',', decimal: '.' });
    expect(csvFormatFor('es-MX')).toEqual({ delimiter: ',', decimal: '.' });
  });

  it('falls back to the English format for a tag Intl refuses', () => {
    expect(csvFormatFor('not a locale!')).toEqual({ delimiter: ',', decimal: '.' });
  });
});
