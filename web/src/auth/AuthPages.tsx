// Sign-in, the forced password change after a one-time password, and first-run setup.
import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, post, request } from '../api/client';
import { useI18n } from '../i18n';
import { TextField } from '../components/Field';
import { ErrorBanner } from '../components/States';
import { LanguageSwitch } from '../components/Layout';
import { useSessionApi } from './session';
import { usePageTitle } from '../lib/usePageTitle';

function AuthFrame({ title, children }: { title: string; children: ReactNode }) {
  usePageTitle(title);
  return (
    <main className="auth-page" id="content">
      <div className="auth-card">
        <div className="auth-top"><span className="brand">Tertulia</span><LanguageSwitch /></div>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}

// A form's submit: busy while `action` runs, and the API's error (with its field messages) after.
function useSubmit(action: () => Promise<void>) {
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(failure instanceof ApiError ? failure : new ApiError(0, 'network', String(failure)));
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, submit };
}

export function LoginPage() {
  const { t } = useI18n();
  const { signIn } = useSessionApi();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { error, busy, submit } = useSubmit(() => signIn(email, password));

  const message = !error ? undefined
    : error.status === 401 ? t('login.failed')
    : error.status === 429 ? t('login.throttled', { seconds: error.retryAfter ?? 60 })
    : undefined;
  return (
    <AuthFrame title={t('login.title')}>
      <form onSubmit={submit} noValidate>
        {message && <p className="banner banner-error" role="alert">{message}</p>}
        {error && !message && <ErrorBanner error={error} />}
        <TextField label={t('login.email')} type="email" name="email" autoComplete="username" required
          value={email} onChange={(e) => setEmail(e.target.value)} error={error?.forField('email')} autoFocus />
        <TextField label={t('login.password')} type="password" name="password" autoComplete="current-password" required
          value={password} onChange={(e) => setPassword(e.target.value)} error={error?.forField('password')} />
        <button type="submit" className="primary" disabled={busy}>{busy ? t('login.submitting') : t('login.submit')}</button>
      </form>
      <p className="muted small">{t('login.firstRun')}</p>
    </AuthFrame>
  );
}

export function ChangePasswordPage() {
  const { t } = useI18n();
  const { refresh } = useSessionApi();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const { error, busy, submit } = useSubmit(async () => {
    if (next !== repeat) {
      throw new ApiError(400, '', t('password.mismatch'), 'invalid_argument',
                         [{ field: 'repeat', message: t('password.mismatch') }]);
    }
    await request('/api/v1/session/password', { method: 'PUT', json: { currentPassword: current, newPassword: next } });
    await refresh();
  });
  return (
    <AuthFrame title={t('password.title')}>
      <p>{t('password.explain')}</p>
      <form onSubmit={submit} noValidate>
        {error && !error.fieldErrors.length && <ErrorBanner error={error} />}
        <TextField label={t('password.current')} type="password" autoComplete="current-password" value={current}
          onChange={(e) => setCurrent(e.target.value)} error={error?.forField('currentPassword')} />
        <TextField label={t('password.new')} type="password" autoComplete="new-password" value={next}
          onChange={(e) => setNext(e.target.value)} error={error?.forField('newPassword')} />
        <TextField label={t('password.repeat')} type="password" autoComplete="new-password" value={repeat}
          onChange={(e) => setRepeat(e.target.value)} error={error?.forField('repeat')} />
        <button type="submit" className="primary" disabled={busy}>{t('password.submit')}</button>
      </form>
    </AuthFrame>
  );
}

export function SetupPage() {
  const { t } = useI18n();
  const { refresh } = useSessionApi();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { error, busy, submit } = useSubmit(async () => {
    await post('/api/v1/setup', { name, email, password });
    await refresh();
  });
  return (
    <AuthFrame title={t('setup.title')}>
      <p>{t('setup.explain')}</p>
      <form onSubmit={submit} noValidate>
        {error && !error.fieldErrors.length && <ErrorBanner error={error} />}
        <TextField label={t('setup.name')} value={name} onChange={(e) => setName(e.target.value)} error={error?.forField('name')} autoFocus />
        <TextField label={t('login.email')} type="email" autoComplete="username" value={email}
          onChange={(e) => setEmail(e.target.value)} error={error?.forField('email')} />
        <TextField label={t('password.new')} type="password" autoComplete="new-password" value={password}
          onChange={(e) => setPassword(e.target.value)} error={error?.forField('password')} />
        <button type="submit" className="primary" disabled={busy}>{t('setup.submit')}</button>
      </form>
    </AuthFrame>
  );
}
