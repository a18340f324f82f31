// Exchange rates into the workspace currency: reports convert other currencies with them.
import { useId, useState, type FormEvent } from 'react';
import { ApiError, get, put, request } from '../../api/client';
import { useSignedIn } from '../../auth/session';
import { TextField } from '../../components/Field';
import { EmptyState, ErrorBanner, Loading } from '../../components/States';
import { useI18n } from '../../i18n';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { useAsync } from '../../lib/useAsync';
import { AdminOnlyNotice, ConfirmDialog, Flash, SectionHeader, asApiError, useFlash } from './shared';
import { CurrencyList } from './WorkspaceSettings';

export interface ExchangeRate {
  currency: string;
  rate: number;
  updatedAt: string;
}

// "1,5" and "1.5" both mean one and a half.
function parseRate(text: string): number {
  const clean = text.trim().replace(/\s/g, '');
  const normalized = clean.includes(',') && !clean.includes('.') ? clean.replace(',', '.') : clean.replace(/,/g, '');
  return Number(normalized);
}

export default function ExchangeRatesSettings() {
  const { t, locale } = useI18n();
  const { isAdmin, role, workspace } = useSignedIn();
  const rates = useAsync((signal) => get<{ items: ExchangeRate[] }>('/api/v1/exchange-rates', undefined, signal), []);
  const [currency, setCurrency] = useState('');
  const [rate, setRate] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [removing, setRemoving] = useState<ExchangeRate | null>(null);
  const [flash, setFlash] = useFlash();
  const listId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const code = currency.trim().toUpperCase();
    const value = parseRate(rate);
    const errors = [];
    if (!/^[A-Z]{3}$/.test(code)) errors.push({ field: 'currency', message: t('settings.rates.badCurrency') });
    if (code === workspace.currency) errors.push({ field: 'currency', message: t('settings.rates.sameCurrency', { currency: code }) });
    if (!Number.isFinite(value) || value <= 0) errors.push({ field: 'rate', message: t('settings.rates.badRate') });
    if (errors.length) {
      setError(new ApiError(422, 'invalid', t('error.fields'), 'invalid_argument', errors));
      return;
    }
    setBusy(true);
    try {
      await put<ExchangeRate>(`/api/v1/exchange-rates/${encodeURIComponent(code)}`, { rate: value });
      setFlash(t('settings.rates.saved', { currency: code }));
      setCurrency('');
      setRate('');
      rates.reload();
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    const target = removing;
    setRemoving(null);
    if (!target) return;
    try {
      await request(`/api/v1/exchange-rates/${encodeURIComponent(target.currency)}`, { method: 'DELETE' });
      setFlash(t('settings.rates.removed', { currency: target.currency }));
      rates.reload();
    } catch (failure) {
      setError(asApiError(failure));
    }
  };

  const items = [...(rates.data?.items ?? [])].sort((a, b) => a.currency.localeCompare(b.currency));
  return (
    <section aria-labelledby="settings-rates">
      <SectionHeader id="settings-rates" title={t('settings.rates.title')}
        intro={t('settings.rates.intro', { currency: workspace.currency })} />
      {!isAdmin && <AdminOnlyNotice role={role} what={t('settings.rates.what')} />}
      <Flash message={flash} />
      {isAdmin && (
        <form className="card" onSubmit={submit} noValidate aria-labelledby="rate-form-title">
          <h2 id="rate-form-title">{t('settings.rates.setTitle')}</h2>
          {error && (error.fieldErrors.length === 0 || error.otherThan(['currency', 'rate']).length > 0) && <ErrorBanner error={error} />}
          <div className="form-grid">
            <TextField label={t('settings.rates.currency')} value={currency} maxLength={3} list={listId} autoComplete="off"
              spellCheck={false} onChange={(e) => setCurrency(e.target.value.toUpperCase())} error={error?.forField('currency')}
              hint={t('settings.rates.currencyHint')} />
            <CurrencyList id={listId} />
            <TextField label={t('settings.rates.rate', { currency: workspace.currency })} value={rate} inputMode="decimal"
              data-rate-input="" autoComplete="off"
              onChange={(e) => setRate(e.target.value)} error={error?.forField('rate')}
              hint={currency.length === 3 && Number.isFinite(parseRate(rate)) && parseRate(rate) > 0
                ? t('settings.rates.preview', { currency, rate: formatNumber(parseRate(rate), locale, { maximumFractionDigits: 6 }), base: workspace.currency })
                : t('settings.rates.rateHint', { base: workspace.currency })} />
          </div>
          <div className="form-actions">
            <button type="submit" className="primary" disabled={busy}>{busy ? t('common.saving') : t('settings.rates.set')}</button>
          </div>
        </form>
      )}
      {rates.error ? <ErrorBanner error={rates.error} onRetry={rates.reload} /> : null}
      {rates.loading && !rates.data ? <Loading /> : items.length === 0 ? (
        <EmptyState message={t('settings.rates.empty', { currency: workspace.currency })} />
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('settings.rates.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('settings.rates.currency')}</th>
                <th scope="col" className="num">{t('settings.rates.rateColumn')}</th>
                <th scope="col">{t('settings.rates.meaning')}</th>
                <th scope="col">{t('common.updated')}</th>
                {isAdmin && <th scope="col">{t('common.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.currency}>
                  <th scope="row"><code>{r.currency}</code></th>
                  <td className="num">{formatNumber(r.rate, locale, { maximumFractionDigits: 6 })}</td>
                  <td>{t('settings.rates.preview', { currency: r.currency, rate: formatNumber(r.rate, locale, { maximumFractionDigits: 6 }), base: workspace.currency })}</td>
                  <td>{formatDateTime(r.updatedAt, locale)}</td>
                  {isAdmin && (
                    <td className="actions-cell">
                      <button type="button" onClick={() => { setCurrency(r.currency); setRate(String(r.rate)); document.querySelector<HTMLInputElement>('[data-rate-input]')?.focus(); }}
                        aria-label={t('settings.rates.editNamed', { currency: r.currency })}>{t('common.edit')}</button>
                      <button type="button" className="danger" onClick={() => setRemoving(r)}
                        aria-label={t('settings.rates.removeNamed', { currency: r.currency })}>{t('common.remove')}</button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog open={removing !== null} danger title={t('settings.rates.removeTitle', { currency: removing?.currency ?? '' })}
        body={t('settings.rates.removeBody')} confirmLabel={t('common.remove')}
        onConfirm={() => void remove()} onCancel={() => setRemoving(null)} />
    </section>
  );
}
