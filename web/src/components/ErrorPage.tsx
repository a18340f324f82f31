// The page shown when a screen cannot be shown: what went wrong and where to go next.
import { Link } from 'react-router-dom';
import { ApiError } from '../api/client';
import { useI18n } from '../i18n';
import { describeError } from './States';
import { usePageTitle } from '../lib/usePageTitle';

export function ErrorPage({ error, onRetry }: { error?: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const message = error ? describeError(error, t) : t('error.notFound');
  const detail = error instanceof ApiError && error.status >= 500 ? error.message : undefined;
  usePageTitle(t('error.title'));
  return (
    <section className="error-page" aria-labelledby="error-title">
      <h1 id="error-title">{t('error.title')}</h1>
      <p>{message}</p>
      {detail && <p className="muted">{t('error.detail', { detail })}</p>}
      <p className="row">
        {onRetry && <button type="button" onClick={onRetry}>{t('common.retry')}</button>}
        <Link to="/">{t('error.back')}</Link>
      </p>
    </section>
  );
}
