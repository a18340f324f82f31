// Create or edit a company, with the API's field errors next to their controls.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, get, newIdempotencyKey, patch, post } from '../../api/client';
import { useSignedIn } from '../../auth/session';
import { SelectField, TextField } from '../../components/Field';
import { useI18n } from '../../i18n';
import { CustomFieldInputs, customPatch, type CustomDraft } from '../contacts/CustomFieldInputs';
import { FormErrors } from '../contacts/FormErrors';
import { customFields, rememberName, sizeBands, splitTags, type Company, type CustomField } from '../contacts/shared';

interface Draft {
  name: string; domain: string; industry: string; sizeBand: string; segment: string;
  country: string; city: string; tags: string; ownerId: string; custom: CustomDraft;
}

function draftOf(c: Company | undefined, me: string): Draft {
  return {
    name: c?.name ?? '', domain: c?.domain ?? '', industry: c?.industry ?? '', sizeBand: c?.sizeBand ?? '',
    segment: c?.segment ?? '', country: c?.country ?? '', city: c?.city ?? '', tags: c?.tags.join(', ') ?? '',
    ownerId: c ? c.ownerId ?? '' : me,
    custom: Object.fromEntries(Object.entries(c?.customFields ?? {}).map(([k, v]) => [k, v === null ? '' : String(v)])),
  };
}

const shown = ['name', 'domain', 'industry', 'sizeBand', 'segment', 'country', 'city', 'tags', 'ownerId', 'customFields'];

export function CompanyForm({ company: initial, onSaved, onCancel, onConflict }: {
  company?: Company; onSaved: (c: Company) => void; onCancel: () => void; onConflict?: (latest: Company) => void;
}) {
  const { t } = useI18n();
  const { user, users } = useSignedIn();
  const [company, setCompany] = useState(initial);
  const [draft, setDraft] = useState(() => draftOf(initial, user.id));
  const [fields, setFields] = useState<CustomField[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const key = useRef(newIdempotencyKey());
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => { first.current?.focus(); }, []);
  useEffect(() => { void customFields('company').then(setFields); }, []);

  const api = error instanceof ApiError ? error : null;
  const fe = (f: string) => api?.forField(f);
  const set = <K extends keyof Draft>(name: K, value: Draft[K]) => setDraft((d) => ({ ...d, [name]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    const body = {
      name: draft.name.trim(), domain: draft.domain.trim() || null, industry: draft.industry.trim() || null,
      sizeBand: draft.sizeBand || null, segment: draft.segment.trim() || null,
      country: draft.country.trim().toUpperCase() || null, city: draft.city.trim() || null,
      tags: splitTags(draft.tags), ownerId: draft.ownerId || null,
      customFields: customPatch(fields, draft.custom, company?.customFields),
    };
    try {
      const saved = company
        ? await patch<Company>(`/api/v1/companies/${company.id}`, body, company.version)
        : await post<Company>('/api/v1/companies', body, { idempotencyKey: key.current });
      rememberName('company', saved.id, saved.name);
      onSaved(saved);
    } catch (failure) {
      key.current = newIdempotencyKey();
      setError(failure);
      setSaving(false);
      if (company && failure instanceof ApiError && failure.status === 412) {
        const latest = await get<Company>(`/api/v1/companies/${company.id}`).catch(() => null);
        if (latest) { setCompany(latest); setDraft(draftOf(latest, user.id)); onConflict?.(latest); }
      }
    }
  };

  return (
    <form onSubmit={submit} noValidate className="ct-form">
      <FormErrors error={error} shown={shown} />
      <div className="form-grid">
        <div className={`field${fe('name') ? ' field-invalid' : ''}`}>
          <label htmlFor="co-name">{t('companies.field.name')}</label>
          <input id="co-name" ref={first} value={draft.name} required autoComplete="off"
            aria-invalid={fe('name') ? true : undefined} aria-describedby={fe('name') ? 'co-name-error' : undefined}
            onChange={(e) => set('name', e.target.value)} />
          {fe('name') && <small className="field-error" id="co-name-error" role="alert">{fe('name')}</small>}
        </div>
        <TextField label={t('companies.field.domain')} value={draft.domain} error={fe('domain')} placeholder="acme.es"
          onChange={(e) => set('domain', e.target.value)} />
        <TextField label={t('companies.field.industry')} value={draft.industry} error={fe('industry')}
          onChange={(e) => set('industry', e.target.value)} />
        <SelectField label={t('companies.field.sizeBand')} value={draft.sizeBand} error={fe('sizeBand')}
          onChange={(e) => set('sizeBand', e.target.value)}
          options={[{ value: '', label: t('common.unknown') }, ...sizeBands.map((b) => ({ value: b, label: t('companies.size', { band: b }) }))]} />
        <TextField label={t('companies.field.segment')} value={draft.segment} error={fe('segment')}
          onChange={(e) => set('segment', e.target.value)} />
        <SelectField label={t('common.owner')} value={draft.ownerId} error={fe('ownerId')} onChange={(e) => set('ownerId', e.target.value)}
          options={[{ value: '', label: t('contacts.noOwner') }, ...users.map((u) => ({ value: u.id, label: u.name || u.email }))]} />
        <TextField label={t('contacts.field.country')} value={draft.country} error={fe('country')} maxLength={2}
          hint={t('contacts.field.countryHint')} onChange={(e) => set('country', e.target.value)} />
        <TextField label={t('contacts.field.city')} value={draft.city} error={fe('city')} onChange={(e) => set('city', e.target.value)} />
        <TextField label={t('common.tags')} value={draft.tags} error={fe('tags')} hint={t('contacts.field.tagsHint')}
          onChange={(e) => set('tags', e.target.value)} />
      </div>
      <CustomFieldInputs fields={fields} values={draft.custom} onChange={(custom) => set('custom', custom)}
        errorFor={(k) => fe(`customFields.${k}`)} />
      <div className="form-actions">
        <button type="button" onClick={onCancel}>{t('common.cancel')}</button>
        <button type="submit" className="primary" disabled={saving}>
          {saving ? t('common.saving') : company ? t('common.save') : t('companies.create')}
        </button>
      </div>
    </form>
  );
}
