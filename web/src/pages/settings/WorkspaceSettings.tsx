// The workspace: its name, the currency reports convert into, and who sees whose records.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { ApiError, patch } from '../../api/client';
import type { Workspace } from '../../api/types';
import { useSignedIn } from '../../auth/session';
import { TextField } from '../../components/Field';
import { ErrorBanner } from '../../components/States';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { AdminOnlyNotice, Flash, SectionHeader, asApiError, useFlash } from './shared';

export function currencyCodes(): string[] {
  try {
    return (Intl as unknown as { supportedValuesOf: (k: string) => string[] }).supportedValuesOf('currency');
  } catch {
    return ['EUR', 'USD', 'GBP', 'MXN', 'ARS', 'COP', 'CLP', 'PEN', 'BRL', 'CHF', 'JPY'];
  }
}

export function CurrencyList({ id }: { id: string }) {
  const { locale } = useI18n();
  let names: Intl.DisplayNames | undefined;
  try { names = new Intl.DisplayNames([locale], { type: 'currency' }); } catch { names = undefined; }
  return (
    <datalist id={id}>
      {currencyCodes().map((code) => <option key={code} value={code}>{names?.of(code) ?? code}</option>)}
    </datalist>
  );
}

export default function WorkspaceSettings() {
  const { t, locale } = useI18n();
  const { workspace, isAdmin, role, reloadWorkspace } = useSignedIn();
  const [name, setName] = useState(workspace.name);
  const [currency, setCurrency] = useState(workspace.currency);
  const [visibility, setVisibility] = useState<'all' | 'team'>(workspace.visibility ?? 'all');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [flash, setFlash] = useFlash();
  const listId = useId();
  const radioName = useId();

  // A reload (after saving, or a conflict) shows the stored values.
  useEffect(() => {
    setName(workspace.name);
    setCurrency(workspace.currency);
    setVisibility(workspace.visibility ?? 'all');
  }, [workspace]);

  const dirty = name !== workspace.name || currency !== workspace.currency ||
    visibility !== (workspace.visibility ?? 'all');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const body: Record<string, string> = {};
    if (name !== workspace.name) body.name = name.trim();
    if (currency !== workspace.currency) body.currency = currency.trim().toUpperCase();
    if (visibility !== (workspace.visibility ?? 'all')) body.visibility = visibility;
    try {
      await patch<Workspace>('/api/v1/workspace', body, workspace.version);
      await reloadWorkspace();
      setFlash(t('common.saved'));
    } catch (failure) {
      const apiError = asApiError(failure);
      setError(apiError);
      if (apiError.status === 412 || apiError.status === 409) await reloadWorkspace();
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="settings-workspace">
      <SectionHeader id="settings-workspace" title={t('settings.workspace.title')} intro={t('settings.workspace.intro')} />
      {!isAdmin && <AdminOnlyNotice role={role} what={t('settings.workspace.what')} />}
      <form className="card settings-form" onSubmit={submit} noValidate>
        <fieldset disabled={!isAdmin || busy}>
          <legend className="visually-hidden">{t('settings.workspace.title')}</legend>
          {error && <ErrorBanner error={error.fieldErrors.length && !error.otherThan(['name', 'currency', 'visibility']).length ? null : error} />}
          <div className="form-grid">
            <TextField label={t('settings.workspace.name')} value={name} maxLength={200} required
              onChange={(e) => setName(e.target.value)} error={error?.forField('name')} />
            <TextField label={t('settings.workspace.currency')} value={currency} maxLength={3}
              list={listId} autoComplete="off" spellCheck={false}
              onChange={(e) => setCurrency(e.target.value.toUpperCase())} error={error?.forField('currency')}
              hint={t('settings.workspace.currencyHint')} />
            <CurrencyList id={listId} />
          </div>
          <fieldset className="radio-group" aria-describedby={error?.forField('visibility') ? `${radioName}-err` : undefined}>
            <legend>{t('settings.workspace.visibility')}</legend>
            <label className="radio-card">
              <input type="radio" name={radioName} value="all" checked={visibility === 'all'}
                onChange={() => setVisibility('all')} />
              <span><strong>{t('settings.workspace.visibility.all')}</strong>
                <small className="muted">{t('settings.workspace.visibility.allHint')}</small></span>
            </label>
            <label className="radio-card">
              <input type="radio" name={radioName} value="team" checked={visibility === 'team'}
                onChange={() => setVisibility('team')} />
              <span><strong>{t('settings.workspace.visibility.team')}</strong>
                <small className="muted">{t('settings.workspace.visibility.teamHint')}</small></span>
            </label>
            {error?.forField('visibility') && <small id={`${radioName}-err`} className="field-error" role="alert">{error.forField('visibility')}</small>}
          </fieldset>
          <div className="form-actions">
            <Flash message={flash} />
            <button type="button" onClick={() => { setName(workspace.name); setCurrency(workspace.currency); setVisibility(workspace.visibility ?? 'all'); setError(null); }}
              disabled={!dirty}>{t('settings.common.discard')}</button>
            <button type="submit" className="primary" disabled={!dirty}>{busy ? t('common.saving') : t('common.save')}</button>
          </div>
        </fieldset>
      </form>
      <dl className="facts card">
        <dt>{t('settings.workspace.slug')}</dt><dd><code>{workspace.slug}</code></dd>
        <dt>{t('settings.workspace.version')}</dt><dd>{workspace.version}</dd>
        {(workspace as Workspace & { updatedAt?: string }).updatedAt && <>
          <dt>{t('common.updated')}</dt>
          <dd>{formatDateTime((workspace as Workspace & { updatedAt?: string }).updatedAt, locale)}</dd>
        </>}
      </dl>
    </section>
  );
}
