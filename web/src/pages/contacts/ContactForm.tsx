// Create or edit a contact. The API's field errors appear next to their controls; the rest above.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, get, newIdempotencyKey, patch, post } from '../../api/client';
import { useSignedIn } from '../../auth/session';
import { SelectField, TextField } from '../../components/Field';
import { useI18n } from '../../i18n';
import { FormErrors } from './FormErrors';
import { CustomFieldInputs, customPatch, type CustomDraft } from './CustomFieldInputs';
import { RecordPicker, type Picked } from './RecordPicker';
import { customFields, lifecycleStages, leadStatuses, recordName, rememberName, socialNetworks, splitTags,
         type Contact, type ContactEmail, type ContactPhone, type CustomField, type SocialProfile } from './shared';

interface Draft {
  firstName: string;
  lastName: string;
  title: string;
  emails: ContactEmail[];
  phones: ContactPhone[];
  company: Picked | null;
  ownerId: string;
  country: string;
  city: string;
  lifecycleStage: string;
  leadStatus: string;
  socialProfiles: SocialProfile[];
  tags: string;
  custom: CustomDraft;
}

function draftOf(contact: Contact | undefined, me: string, company: Picked | null): Draft {
  return {
    firstName: contact?.firstName ?? '',
    lastName: contact?.lastName ?? '',
    title: contact?.title ?? '',
    emails: contact?.emails.length ? contact.emails.map((e) => ({ ...e })) : [{ address: '', primary: true, label: '' }],
    phones: contact?.phones.map((p) => ({ ...p })) ?? [],
    company,
    ownerId: contact ? contact.ownerId ?? '' : me,
    country: contact?.country ?? '',
    city: contact?.city ?? '',
    lifecycleStage: contact?.lifecycleStage ?? 'lead',
    leadStatus: contact?.leadStatus ?? '',
    socialProfiles: contact?.socialProfiles.map((s) => ({ ...s })) ?? [],
    tags: contact?.tags.join(', ') ?? '',
    custom: Object.fromEntries(Object.entries(contact?.customFields ?? {}).map(([k, v]) => [k, v === null ? '' : String(v)])),
  };
}

const shownFields = ['firstName', 'lastName', 'title', 'emails', 'phones', 'companyId', 'ownerId', 'country', 'city',
  'lifecycleStage', 'leadStatus', 'socialProfiles', 'tags', 'customFields'];

export function ContactForm({ contact: initial, presetCompany, onSaved, onCancel, onConflict }: {
  contact?: Contact;
  onConflict?: (latest: Contact) => void;
  presetCompany?: Picked | null;
  onSaved: (contact: Contact) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const { user, users } = useSignedIn();
  const [contact, setContact] = useState(initial);
  const [draft, setDraft] = useState<Draft>(() => draftOf(contact, user.id, presetCompany ?? null));
  const [fields, setFields] = useState<CustomField[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const key = useRef(newIdempotencyKey());
  const first = useRef<HTMLInputElement>(null);

  useEffect(() => { first.current?.focus(); }, []);
  useEffect(() => { void customFields('contact').then(setFields); }, []);
  useEffect(() => {
    if (contact?.companyId && !draft.company) {
      const id = contact.companyId;
      void recordName('company', id).then((name) => setDraft((d) => (d.company ? d : { ...d, company: { id, name: name ?? id } })));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [contact?.companyId]);

  const api = error instanceof ApiError ? error : null;
  const fe = (field: string) => api?.forField(field);
  const exact = (field: string) => api?.fieldErrors.find((e) => e.field === field)?.message;
  const set = <K extends keyof Draft>(name: K, value: Draft[K]) => setDraft((d) => ({ ...d, [name]: value }));

  const body = () => {
    const emails = draft.emails.filter((e) => e.address.trim())
      .map((e) => ({ address: e.address.trim(), primary: !!e.primary, label: e.label?.trim() || null }));
    if (emails.length && !emails.some((e) => e.primary)) emails[0].primary = true;
    const phones = draft.phones.filter((p) => p.number.trim())
      .map((p) => ({ number: p.number.trim(), primary: !!p.primary, label: p.label?.trim() || null }));
    if (phones.length && !phones.some((p) => p.primary)) phones[0].primary = true;
    return {
      firstName: draft.firstName.trim() || null,
      lastName: draft.lastName.trim() || null,
      title: draft.title.trim() || null,
      emails, phones,
      companyId: draft.company?.id ?? null,
      ownerId: draft.ownerId || null,
      country: draft.country.trim().toUpperCase() || null,
      city: draft.city.trim() || null,
      lifecycleStage: draft.lifecycleStage,
      leadStatus: draft.leadStatus || null,
      socialProfiles: draft.socialProfiles.filter((s) => s.handle.trim() || s.url?.trim())
        .map((s) => ({ network: s.network, handle: s.handle.trim(), url: s.url?.trim() || null })),
      tags: splitTags(draft.tags),
      customFields: customPatch(fields, draft.custom, contact?.customFields),
    };
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const saved = contact
        ? await patch<Contact>(`/api/v1/contacts/${contact.id}`, body(), contact.version)
        : await post<Contact>('/api/v1/contacts', body(), { idempotencyKey: key.current });
      rememberName('contact', saved.id, saved.displayName);
      onSaved(saved);
    } catch (failure) {
      // A changed body must not replay the first attempt's answer.
      key.current = newIdempotencyKey();
      setError(failure);
      setSaving(false);
      // Someone else saved first: show their version; the person applies the change again.
      if (contact && failure instanceof ApiError && failure.status === 412) {
        const latest = await get<Contact>(`/api/v1/contacts/${contact.id}`).catch(() => null);
        if (latest) {
          setContact(latest);
          setDraft(draftOf(latest, user.id, draft.company));
          onConflict?.(latest);
        }
      }
    }
  };

  const setEmail = (i: number, change: Partial<ContactEmail>) =>
    set('emails', draft.emails.map((e, j) => (j === i ? { ...e, ...change } : change.primary ? { ...e, primary: false } : e)));
  const setPhone = (i: number, change: Partial<ContactPhone>) =>
    set('phones', draft.phones.map((p, j) => (j === i ? { ...p, ...change } : change.primary ? { ...p, primary: false } : p)));
  const setProfile = (i: number, change: Partial<SocialProfile>) =>
    set('socialProfiles', draft.socialProfiles.map((s, j) => (j === i ? { ...s, ...change } : s)));

  return (
    <form onSubmit={submit} noValidate className="ct-form">
      <FormErrors error={error} shown={shownFields} />
      <div className="form-grid">
        <div className="field">
          <label htmlFor="ct-first-name">{t('contacts.field.firstName')}</label>
          <input id="ct-first-name" ref={first} value={draft.firstName} autoComplete="off"
            aria-invalid={fe('firstName') ? true : undefined} aria-describedby={fe('firstName') ? 'ct-first-name-error' : undefined}
            onChange={(e) => set('firstName', e.target.value)} />
          {fe('firstName') && <small className="field-error" id="ct-first-name-error" role="alert">{fe('firstName')}</small>}
        </div>
        <TextField label={t('contacts.field.lastName')} value={draft.lastName} error={fe('lastName')} autoComplete="off"
          onChange={(e) => set('lastName', e.target.value)} />
        <TextField label={t('contacts.field.title')} value={draft.title} error={fe('title')}
          onChange={(e) => set('title', e.target.value)} />
        <RecordPicker kind="company" label={t('contacts.field.company')} value={draft.company} error={fe('companyId')}
          onChange={(value) => set('company', value)} />
      </div>

      <fieldset className="ct-fieldset">
        <legend>{t('contacts.field.emails')}</legend>
        {exact('emails') && <small className="field-error" role="alert">{exact('emails')}</small>}
        {draft.emails.map((email, i) => {
          const err = fe(`emails[${i}]`);
          return (
            <div className="ct-repeat" key={i}>
              <TextField label={t('contacts.field.emailAddress', { n: i + 1 })} type="email" value={email.address}
                error={err} onChange={(e) => setEmail(i, { address: e.target.value })} />
              <TextField label={t('contacts.field.label')} value={email.label ?? ''} placeholder={t('contacts.field.labelHint')}
                onChange={(e) => setEmail(i, { label: e.target.value })} />
              <label className="ct-inline">
                <input type="radio" name="ct-primary-email" checked={!!email.primary} onChange={() => setEmail(i, { primary: true })} />
                {t('contacts.field.primary')}
              </label>
              <button type="button" className="link-button" onClick={() => set('emails', draft.emails.filter((_, j) => j !== i))}
                aria-label={t('contacts.field.removeEmail', { n: i + 1 })}>{t('common.remove')}</button>
            </div>
          );
        })}
        <button type="button" onClick={() => set('emails', [...draft.emails, { address: '', primary: draft.emails.length === 0, label: '' }])}>
          {t('contacts.field.addEmail')}
        </button>
      </fieldset>

      <fieldset className="ct-fieldset">
        <legend>{t('contacts.field.phones')}</legend>
        {exact('phones') && <small className="field-error" role="alert">{exact('phones')}</small>}
        {draft.phones.map((phone, i) => (
          <div className="ct-repeat" key={i}>
            <TextField label={t('contacts.field.phoneNumber', { n: i + 1 })} type="tel" value={phone.number}
              error={fe(`phones[${i}]`)} hint={i === 0 ? t('contacts.field.phoneHint') : undefined}
              onChange={(e) => setPhone(i, { number: e.target.value })} />
            <TextField label={t('contacts.field.label')} value={phone.label ?? ''} placeholder={t('contacts.field.phoneLabelHint')}
              onChange={(e) => setPhone(i, { label: e.target.value })} />
            <label className="ct-inline">
              <input type="radio" name="ct-primary-phone" checked={!!phone.primary} onChange={() => setPhone(i, { primary: true })} />
              {t('contacts.field.primary')}
            </label>
            <button type="button" className="link-button" onClick={() => set('phones', draft.phones.filter((_, j) => j !== i))}
              aria-label={t('contacts.field.removePhone', { n: i + 1 })}>{t('common.remove')}</button>
          </div>
        ))}
        <button type="button" onClick={() => set('phones', [...draft.phones, { number: '', primary: draft.phones.length === 0, label: '' }])}>
          {t('contacts.field.addPhone')}
        </button>
      </fieldset>

      <div className="form-grid">
        <SelectField label={t('common.owner')} value={draft.ownerId} error={fe('ownerId')}
          onChange={(e) => set('ownerId', e.target.value)}
          options={[{ value: '', label: t('contacts.noOwner') }, ...users.map((u) => ({ value: u.id, label: u.name || u.email }))]} />
        <SelectField label={t('contacts.field.lifecycleStage')} value={draft.lifecycleStage} error={fe('lifecycleStage')}
          onChange={(e) => set('lifecycleStage', e.target.value)}
          options={lifecycleStages.map((s) => ({ value: s, label: t(`contacts.stage.${s}`) }))} />
        <SelectField label={t('contacts.field.leadStatus')} value={draft.leadStatus} error={fe('leadStatus')}
          onChange={(e) => set('leadStatus', e.target.value)}
          options={[{ value: '', label: t('common.none') }, ...leadStatuses.map((s) => ({ value: s, label: t(`contacts.leadStatus.${s}`) }))]} />
        <TextField label={t('contacts.field.country')} value={draft.country} error={fe('country')} maxLength={2}
          hint={t('contacts.field.countryHint')} onChange={(e) => set('country', e.target.value)} />
        <TextField label={t('contacts.field.city')} value={draft.city} error={fe('city')}
          onChange={(e) => set('city', e.target.value)} />
        <TextField label={t('common.tags')} value={draft.tags} error={fe('tags')} hint={t('contacts.field.tagsHint')}
          onChange={(e) => set('tags', e.target.value)} />
      </div>

      <fieldset className="ct-fieldset">
        <legend>{t('contacts.field.socialProfiles')}</legend>
        {exact('socialProfiles') && <small className="field-error" role="alert">{exact('socialProfiles')}</small>}
        {draft.socialProfiles.map((profile, i) => (
          <div className="ct-repeat" key={i}>
            <SelectField label={t('contacts.field.network')} value={profile.network}
              onChange={(e) => setProfile(i, { network: e.target.value })}
              options={socialNetworks.map((n) => ({ value: n, label: t(`contacts.network.${n}`) }))} />
            <TextField label={t('contacts.field.handle')} value={profile.handle} error={fe(`socialProfiles[${i}].handle`)}
              onChange={(e) => setProfile(i, { handle: e.target.value })} />
            <TextField label={t('contacts.field.url')} type="url" value={profile.url ?? ''} error={fe(`socialProfiles[${i}].url`)}
              placeholder="https://" onChange={(e) => setProfile(i, { url: e.target.value })} />
            <button type="button" className="link-button"
              onClick={() => set('socialProfiles', draft.socialProfiles.filter((_, j) => j !== i))}
              aria-label={t('contacts.field.removeProfile', { n: i + 1 })}>{t('common.remove')}</button>
          </div>
        ))}
        <button type="button" onClick={() => set('socialProfiles', [...draft.socialProfiles, { network: 'linkedin', handle: '', url: '' }])}>
          {t('contacts.field.addProfile')}
        </button>
      </fieldset>

      <CustomFieldInputs fields={fields} values={draft.custom} onChange={(custom) => set('custom', custom)}
        errorFor={(k) => fe(`customFields.${k}`)} />

      <div className="form-actions">
        <button type="button" onClick={onCancel}>{t('common.cancel')}</button>
        <button type="submit" className="primary" disabled={saving}>
          {saving ? t('common.saving') : contact ? t('common.save') : t('contacts.create')}
        </button>
      </div>
    </form>
  );
}
