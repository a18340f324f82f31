// The documents of a contact, company or opportunity: upload (button or drop) with a progress
// bar, download, soft delete with undo. Used by the contact, company and opportunity pages.
import { useId, useRef, useState, type DragEvent } from 'react';
import { ApiError, del, get, post, upload, type Page } from '../../api/client';
import { useSignedIn } from '../../auth/session';
import { ErrorBanner, Loading } from '../../components/States';
import { useI18n } from '../../i18n';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { useAsync } from '../../lib/useAsync';
import type { DocumentRecord } from './salesTypes';
import './sales.css';

export type RecordType = 'contact' | 'company' | 'opportunity';

interface Transfer {
  key: number;
  name: string;
  size: number;
  fraction: number;
  error?: string;
}

// 1.2 MB, 340 kB, 12 bytes: in the locale's digits.
export function formatBytes(size: number, locale: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = size;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return formatNumber(value, locale, {
    style: 'unit', unit: units[unit], unitDisplay: unit === 0 ? 'long' : 'short',
    maximumFractionDigits: unit === 0 || value >= 100 ? 0 : 1,
  });
}

// The server names its limit in the 413 detail ("larger than N bytes"); the request-level limit
// also counts 64 KiB for the form around the file.
function limitFrom(error: ApiError): number | undefined {
  const match = /(\d+) bytes/.exec(error.message);
  if (!match) return undefined;
  const bytes = Number(match[1]);
  return /request body/.test(error.message) ? Math.max(0, bytes - 64 * 1024) : bytes;
}

export function DocumentsPanel({ recordType, recordId }: { recordType: RecordType; recordId: string }) {
  const { t, locale } = useI18n();
  const { canWrite, userName } = useSignedIn();
  const inputId = useId();
  const headingId = useId();
  const input = useRef<HTMLInputElement>(null);
  const nextKey = useRef(1);
  const [transfers, setTransfers] = useState<Transfer[]>([]);
  const [dragging, setDragging] = useState(false);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [deleted, setDeleted] = useState<DocumentRecord | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [announcement, setAnnouncement] = useState('');

  const list = useAsync((signal) => get<Page<DocumentRecord>>('/api/v1/documents', { recordType, recordId }, signal),
                        [recordType, recordId]);

  const describeUploadError = (error: unknown, file: File): string => {
    if (error instanceof ApiError) {
      if (error.status === 413) {
        const limit = limitFrom(error);
        return limit !== undefined
          ? t('documents.tooLarge', { name: file.name, size: formatBytes(file.size, locale), limit: formatBytes(limit, locale) })
          : t('documents.tooLargeNoLimit', { name: file.name, size: formatBytes(file.size, locale) });
      }
      if (error.status === 0) return t('documents.uploadNetwork', { name: file.name });
      if (error.status === 403) return t('error.forbidden');
      const field = error.forField('file');
      if (field) return t('documents.uploadRefused', { name: file.name, reason: field });
      return t('documents.uploadRefused', { name: file.name, reason: error.message || error.title });
    }
    return String(error);
  };

  const send = async (files: File[]) => {
    if (!files.length) return;
    setActionError(null);
    let uploaded = 0;
    for (const file of files) {
      const key = nextKey.current++;
      setTransfers((all) => [...all, { key, name: file.name, size: file.size, fraction: 0 }]);
      const form = new FormData();
      form.append('recordType', recordType);
      form.append('recordId', recordId);
      form.append('file', file, file.name);
      try {
        await upload<DocumentRecord>('/api/v1/documents', form, (fraction) =>
          setTransfers((all) => all.map((x) => (x.key === key ? { ...x, fraction } : x))));
        uploaded += 1;
        setTransfers((all) => all.filter((x) => x.key !== key));
      } catch (error) {
        const message = describeUploadError(error, file);
        setTransfers((all) => all.map((x) => (x.key === key ? { ...x, error: message } : x)));
      }
    }
    if (uploaded) {
      setAnnouncement(t('documents.uploaded', { count: uploaded }));
      list.reload();
    }
    if (input.current) input.current.value = '';
  };

  const onDrop = (event: DragEvent<HTMLElement>) => {
    if (!event.dataTransfer.types.includes('Files')) return;
    event.preventDefault();
    setDragging(false);
    if (canWrite) void send(Array.from(event.dataTransfer.files));
  };

  const remove = async (doc: DocumentRecord) => {
    setConfirming(null);
    setActionError(null);
    try {
      await del(`/api/v1/documents/${doc.id}`, doc.version);
      setDeleted(doc);
      setAnnouncement(t('documents.deleted', { name: doc.fileName }));
      list.reload();
    } catch (error) {
      setActionError(error);
      list.reload();
    }
  };

  const restore = async (doc: DocumentRecord) => {
    setActionError(null);
    try {
      await post(`/api/v1/documents/${doc.id}/restore`);
      setDeleted(null);
      setAnnouncement(t('documents.restored', { name: doc.fileName }));
      list.reload();
    } catch (error) {
      setActionError(error);
    }
  };

  const docs = list.data?.items ?? [];
  return (
    <section className={`card documents-panel${dragging ? ' drop-active' : ''}`} aria-labelledby={headingId}
      onDragOver={(e) => { if (canWrite && e.dataTransfer.types.includes('Files')) { e.preventDefault(); setDragging(true); } }}
      onDragLeave={(e) => { if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false); }}
      onDrop={onDrop}>
      <div className="section-header">
        <h2 id={headingId}>{t('documents.title')}</h2>
        {canWrite && (
          <div className="upload-control">
            <input ref={input} id={inputId} type="file" multiple className="visually-hidden-file"
              onChange={(e) => void send(Array.from(e.target.files ?? []))} />
            <label htmlFor={inputId} className="button">{t('documents.upload')}</label>
          </div>
        )}
      </div>
      {canWrite && <p className="muted small">{t('documents.dropHint')}</p>}
      <p className="visually-hidden" role="status" aria-live="polite">{announcement}</p>

      {transfers.length > 0 && (
        <ul className="transfers" aria-label={t('documents.transfers')}>
          {transfers.map((x) => (
            <li key={x.key} className={x.error ? 'transfer transfer-failed' : 'transfer'}>
              {x.error ? (
                <div className="banner banner-error" role="alert">
                  <p>{x.error}</p>
                  <button type="button" className="link-button"
                    onClick={() => setTransfers((all) => all.filter((y) => y.key !== x.key))}>{t('common.close')}</button>
                </div>
              ) : (
                <>
                  <span className="transfer-name">{t('documents.uploading', { name: x.name, size: formatBytes(x.size, locale) })}</span>
                  <progress max={1} value={x.fraction} aria-label={t('documents.progress', { name: x.name })} />
                  <span className="transfer-percent">{formatNumber(x.fraction, locale, { style: 'percent', maximumFractionDigits: 0 })}</span>
                </>
              )}
            </li>
          ))}
        </ul>
      )}

      {deleted && (
        <div className="banner banner-ok row" role="status">
          <p>{t('documents.deleted', { name: deleted.fileName })}</p>
          <button type="button" onClick={() => void restore(deleted)}>{t('documents.undo')}</button>
        </div>
      )}
      <ErrorBanner error={actionError} />
      {list.loading && !list.data && <Loading />}
      {list.error ? <ErrorBanner error={list.error} onRetry={list.reload} /> : null}
      {list.data && docs.length === 0 && <p className="muted">{t('documents.empty')}</p>}
      {docs.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('documents.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('documents.name')}</th>
                <th scope="col" className="num">{t('documents.size')}</th>
                <th scope="col">{t('documents.uploadedAt')}</th>
                <th scope="col">{t('documents.uploadedBy')}</th>
                {canWrite && <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>}
              </tr>
            </thead>
            <tbody>
              {docs.map((doc) => (
                <tr key={doc.id}>
                  <td className="doc-name">
                    <a href={`/api/v1/documents/${doc.id}/content`} download={doc.fileName}
                      aria-label={t('documents.downloadName', { name: doc.fileName })}>{doc.fileName}</a>
                    <div className="muted small">{doc.contentType}</div>
                  </td>
                  <td className="num">{formatBytes(doc.size, locale)}</td>
                  <td>{formatDateTime(doc.createdAt, locale)}</td>
                  <td>{userName(doc.createdBy)}</td>
                  {canWrite && (
                    <td className="doc-actions">
                      {confirming === doc.id ? (
                        <span className="row">
                          <span>{t('documents.confirmDelete', { name: doc.fileName })}</span>
                          <button type="button" className="danger" onClick={() => void remove(doc)}>{t('common.delete')}</button>
                          <button type="button" onClick={() => setConfirming(null)}>{t('common.cancel')}</button>
                        </span>
                      ) : (
                        <button type="button" className="danger" onClick={() => setConfirming(doc.id)}
                          aria-label={t('documents.deleteName', { name: doc.fileName })}>{t('common.delete')}</button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export default DocumentsPanel;
