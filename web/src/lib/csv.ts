// CSV files as the reader's spreadsheet opens them, with no cell that runs as a formula.
//
// Cells are typed: text (names, labels, anything a person typed) is made inert; numbers are
// written by this module in the reader's format. A locale with a decimal comma (es-ES) gets
// `;` between cells and "123,45", as Excel in that language expects; others get `,` and
// "123.45". Quoting, doubled quotes and CRLF line ends are papaparse's.
import Papa from 'papaparse';

// A number with exactly `digits` decimals (money in major units: fixed(123.45, 2)).
export interface FixedNumber {
  fixed: number;
  digits: number;
}

export type CsvCell = string | number | FixedNumber | null | undefined;

export function fixed(value: number, digits: number): FixedNumber {
  return { fixed: value, digits };
}

export interface CsvFormat {
  delimiter: ',' | ';';
  decimal: '.' | ',';
}

// The decimal mark as Intl formats 1.5 in `locale`; a comma means `;` between cells.
export function csvFormatFor(locale: string): CsvFormat {
  let decimal = '.';
  try {
    decimal = new Intl.NumberFormat(locale).formatToParts(1.5)
      .find((part) => part.type === 'decimal')?.value ?? '.';
  } catch {
    // an unknown locale: the English format
  }
  return decimal === ',' ? { delimiter: ';', decimal: ',' } : { delimiter: ',', decimal: '.' };
}

// What spreadsheets treat as the start of a formula (or of a DDE command): =, +, -, @, and a
// leading tab or carriage return. Anchored only at the start, so a cell with a line break is
// caught too (papaparse's own default, /^[=+\-@\t\r].*$/, misses "=cmd\nmore").
const kFormulaStart = /^[=+\-@\t\r]/;

// A cell as inertText leaves it when it escaped it.
const kEscaped = /^'[=+\-@\t\r]/;

// A leading apostrophe makes the text a literal in Excel, LibreOffice and Google Sheets.
// Papaparse's escapeFormulae does the same, but to every string cell, and in a decimal-comma
// locale numbers can only be strings ("-12,50"): so text is escaped here, by its type, and
// toCsv quotes it as escapeFormulae would.
export function inertText(text: string): string {
  return kFormulaStart.test(text) ? `'${text}` : text;
}

// ASCII digits, a hyphen-minus and no grouping, whatever the locale (some write U+2212 or
// Arabic digits, which spreadsheets do not read as numbers); only the decimal mark is local.
// A plain number is written in its shortest exact form (0.1 + 0.2 stays 0.30000000000000004),
// spelled out where JavaScript would use an exponent (1e21, 1e-7).
const kNoExponent = new Intl.NumberFormat('en', { useGrouping: false, maximumFractionDigits: 20 });
const fixedFormats = new Map<number, Intl.NumberFormat>();

function fixedFormat(digits: number): Intl.NumberFormat {
  let format = fixedFormats.get(digits);
  if (!format) {
    format = new Intl.NumberFormat('en', {
      useGrouping: false, minimumFractionDigits: digits, maximumFractionDigits: digits,
      signDisplay: 'negative',  // -0.001 to 2 digits is "0.00", not "-0.00"
    });
    fixedFormats.set(digits, format);
  }
  return format;
}

function numberText(value: number, digits: number | undefined, format: CsvFormat): string {
  if (!Number.isFinite(value)) return '';
  let text: string;
  if (digits !== undefined) {
    text = fixedFormat(digits).format(value);
  } else {
    text = String(value);
    if (text.includes('e')) text = kNoExponent.format(value);
  }
  return format.decimal === '.' ? text : text.replace('.', format.decimal);
}

function cellText(cell: CsvCell, format: CsvFormat): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return numberText(cell, undefined, format);
  if (typeof cell === 'string') return inertText(cell);
  return numberText(cell.fixed, cell.digits, format);
}

// The file's text: CRLF after every row, a cell quoted when it holds the delimiter, a quote, a
// line break or a leading or trailing space, or when it was escaped. No BOM (downloadCsv adds it).
export function toCsv(rows: CsvCell[][], format: CsvFormat): string {
  if (rows.length === 0) return '';
  const text = rows.map((row) => row.map((cell) => cellText(cell, format)));
  return Papa.unparse(text, {
    delimiter: format.delimiter, newline: '\r\n', quoteChar: '"',
    quotes: (value: unknown) => typeof value === 'string' && kEscaped.test(value),
  }) + '\r\n';
}

// Saves the rows as `fileName`, with a BOM so Excel reads the file as UTF-8 (accents).
export function downloadCsv(fileName: string, rows: CsvCell[][], format: CsvFormat): void {
  const blob = new Blob(['\ufeff', toCsv(rows, format)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
