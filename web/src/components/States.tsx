// Loading, empty and error states, so no screen is ever blank without saying why.
import type { ReactNode } from 'react';
import { ApiError } from '../api/client';
import { useI18n } from '../i18n';

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return <div className="loading" role="status" aria-live="polite"><span className="spinner" aria-hidden="true" />{label ?? t('common.loading')}</div>;
}

export function EmptyState({ message, action }: { message: string; action?: ReactNode }) {
  return (
    <div className="empty-state">
      <p>{message}</p>
      {action}
    </div>
  );
}

// The sentence a person understands for an API failure.
export function describeError(error: unknown, t: (key: string, params?: Record<string, string | number>) => string): string {
  if (error instanceof ApiError) {
    switch (error.status) {
      case 0: return t('error.network');
      case 403: return t('error.forbidden');
      case 404: return t('error.notFound');
      case 409:
      case 412: return t('error.conflict');
      case 429: return t('error.throttled');
      default:
        if (error.status >= 500) return t('error.server', { status: error.status });
        if (error.fieldErrors.length) return `${error.message}`;
        return error.message || error.title;
    }
  }
  return error instanceof Error ? error.message : String(error);
}

export function ErrorBanner({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  if (!error) return null;
  const fields = error instanceof ApiError ? error.fieldErrors : [];
  return (
    <div className="banner banner-error" role="alert">
      <p>{describeError(error, t)}</p>
      {fields.length > 0 && (
        <ul>{fields.map((f) => <li key={f.field}><code>{f.field}</code>: {f.message}</li>)}</ul>
      )}
      {onRetry && <button type="button" onClick={onRetry}>{t('common.retry')}</button>}
    </div>
  );
}
