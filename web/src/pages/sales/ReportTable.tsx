// A report's table, shown next to its chart, with an "Export CSV" of exactly its rows, in the
// format of the reader's locale (lib/csv.ts); the button's tooltip says which.
import { useId, type ReactNode } from 'react';
import { useI18n } from '../../i18n';
import { csvFormatFor, downloadCsv, type CsvCell } from '../../lib/csv';

export interface Column<R> {
  label: string;
  num?: boolean;
  cell: (row: R) => ReactNode;
  // Text is made inert; numbers are written in the locale's format (fixed() for set decimals).
  csv: (row: R) => CsvCell;
}

export function ReportTable<R>({ caption, columns, rows, footer, fileName, testId }: {
  caption: string;
  columns: Column<R>[];
  rows: R[];
  footer?: R;
  fileName: string;
  testId?: string;
}) {
  const { t, locale } = useI18n();
  const captionId = useId();
  const format = csvFormatFor(locale);
  const exportCsv = () => {
    const table: CsvCell[][] = [columns.map((c) => c.label), ...rows.map((r) => columns.map((c) => c.csv(r)))];
    if (footer) table.push(columns.map((c) => c.csv(footer)));
    downloadCsv(fileName, table, format);
  };
  return (
    <div className="report-table" data-testid={testId}>
      <div className="section-header">
        <h3 id={captionId}>{caption}</h3>
        <button type="button" onClick={exportCsv} disabled={rows.length === 0}
          title={t(format.delimiter === ';' ? 'common.csvSemicolons' : 'common.csvCommas')}
          aria-label={t('sales.reports.exportLabel', { table: caption })}>{t('common.exportCsv')}</button>
      </div>
      <div className="table-wrap">
        <table aria-labelledby={captionId}>
          <thead>
            <tr>{columns.map((c, i) => <th key={i} scope="col" className={c.num ? 'num' : undefined}>{c.label}</th>)}</tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr><td colSpan={columns.length} className="muted">{t('sales.reports.noRows')}</td></tr>
            )}
            {rows.map((row, r) => (
              <tr key={r}>
                {columns.map((c, i) => (i === 0
                  ? <th key={i} scope="row" className={c.num ? 'num' : undefined}>{c.cell(row)}</th>
                  : <td key={i} className={c.num ? 'num' : undefined}>{c.cell(row)}</td>))}
              </tr>
            ))}
          </tbody>
          {footer && rows.length > 0 && (
            <tfoot>
              <tr>{columns.map((c, i) => <td key={i} className={c.num ? 'num' : undefined}>{c.cell(footer)}</td>)}</tr>
            </tfoot>
          )}
        </table>
      </div>
    </div>
  );
}
