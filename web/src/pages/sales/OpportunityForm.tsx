// Creates or edits an opportunity: name, amount and currency, pipeline and stage (on create),
// company, contacts with their roles, expected close, owner and the attribution fields.
// The API's field errors show next to their controls; an edit sends If-Match.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { ApiError, get, newIdempotencyKey, request, type Page } from '../../api/client';
import { useSignedIn } from '../../auth/session';
import { SelectField, TextField } from '../../components/Field';
import { useI18n } from '../../i18n';
import { minorDigits, toMajor, toMinor } from '../../i18n/format';
import { RecordPicker, type Picked } from './RecordPicker';
import { isConflict, rememberName, useRecordNames, type Hit } from './salesApi';
import { contactRoles, type ContactRole, type Opportunity, type Pipeline } from './salesTypes';

interface ContactRow {
  key: number;
  contact: Picked | null;
  role: ContactRole | '';
}

const knownFields = ['name', 'amount', 'pipelineId', 'stageId', 'companyId', 'contacts', 'expectedCloseDate',
  'ownerId', 'source', 'segment', 'campaignId'];

let rowKeys = 1;

export function OpportunityForm({ initial, pipelines, pipelineId: defaultPipeline, onSaved, onCancel, onConflict }: {
  initial?: Opportunity;
  pipelines: Pipeline[];
  pipelineId?: string;
  onSaved: (opportunity: Opportunity) => void;
  onCancel: () => void;
  onConflict?: () => void;       // edit only: the record changed meanwhile; the caller reloads it
}) {
  const { t } = useI18n();
  const { workspace, users, user } = useSignedIn();
  const editing = !!initial;
  const [idempotencyKey] = useState(newIdempotencyKey);
  const [name, setName] = useState(initial?.name ?? '');
  const [amount, setAmount] = useState(initial?.amount ? String(toMajor(initial.amount)) : '');
  const [currency, setCurrency] = useState(initial?.amount?.currency ?? workspace.currency);
  const [pipelineId, setPipelineId] = useState(initial?.pipelineId ?? defaultPipeline ?? pipelines[0]?.id ?? '');
  const pipeline = pipelines.find((p) => p.id === pipelineId);
  const openStages = useMemo(() => (pipeline?.stages ?? []).filter((s) => (s.kind ?? 'open') === 'open'), [pipeline]);
  const [stageId, setStageId] = useState(initial?.stageId ?? '');
  const [company, setCompany] = useState<Picked | null>(initial?.companyId ? { id: initial.companyId, name: '' } : null);
  const [rows, setRows] = useState<ContactRow[]>(() =>
    (initial?.contacts ?? []).map((c) => ({ key: rowKeys++, contact: { id: c.contactId, name: '' }, role: c.role ?? '' })));
  const [closeDate, setCloseDate] = useState(initial?.expectedCloseDate ?? '');
  const [ownerId, setOwnerId] = useState(initial ? initial.ownerId ?? '' : user.id);
  const [source, setSource] = useState(initial?.source ?? '');
  const [segment, setSegment] = useState(initial?.segment ?? '');
  const [campaignId, setCampaignId] = useState(initial?.campaignId ?? '');
  const [error, setError] = useState<ApiError | null>(null);
  const [other, setOther] = useState<unknown>(null);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [rates, setRates] = useState<string[]>([]);
  const [companyContacts, setCompanyContacts] = useState<Hit[]>([]);

  // Names of the company and contacts the record already has.
  const companyNames = useRecordNames('companies', [initial?.companyId]);
  const contactNames = useRecordNames('contacts', (initial?.contacts ?? []).map((c) => c.contactId));
  useEffect(() => {
    setCompany((c) => (c && !c.name && companyNames[c.id] ? { ...c, name: companyNames[c.id] } : c));
  }, [companyNames]);
  useEffect(() => {
    setRows((all) => all.map((r) => (r.contact && !r.contact.name && contactNames[r.contact.id]
      ? { ...r, contact: { ...r.contact, name: contactNames[r.contact.id] } } : r)));
  }, [contactNames]);

  useEffect(() => {
    get<{ items: { currency: string }[] }>('/api/v1/exchange-rates').then(
      (r) => setRates(r.items.map((x) => x.currency)), () => undefined);
  }, []);

  // The picked company's people come first when adding contacts.
  useEffect(() => {
    if (!company) { setCompanyContacts([]); return; }
    const controller = new AbortController();
    get<Page<{ id: string; displayName: string; title?: string | null }>>('/api/v1/contacts',
      { companyId: company.id, limit: 50 }, controller.signal)
      .then((page) => setCompanyContacts(page.items.map((c) => ({ id: c.id, title: c.displayName, snippet: c.title ?? undefined }))),
            () => undefined);
    return () => controller.abort();
  }, [company]);

  useEffect(() => {
    if (!editing && !openStages.some((s) => s.id === stageId)) setStageId(openStages[0]?.id ?? '');
  }, [editing, openStages, stageId]);

  const currencies = Array.from(new Set([workspace.currency, ...rates, currency].filter(Boolean))).sort();

  // A field's message goes away once the person changes that field.
  const [edited, setEdited] = useState<Set<string>>(new Set());
  const touch = (field: string) => {
    if (!edited.has(field)) setEdited((all) => new Set(all).add(field));
    if (local[field]) setLocal(({ [field]: _gone, ...rest }) => rest);
  };
  const fieldError = (field: string): string | undefined =>
    local[field] ?? (edited.has(field) ? undefined : error?.forField(field));
  const amountError = local.amount ?? (edited.has('amount') ? undefined
    : error?.fieldErrors.find((e) => e.field === 'amount' || e.field === 'amount.value')?.message);
  const currencyError = local.currency ?? (edited.has('currency') ? undefined : error?.forField('amount.currency'));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!name.trim()) problems.name = t('sales.form.nameRequired');
    const major = amount.trim() === '' ? null : Number(amount.replace(',', '.'));
    if (major !== null && (!Number.isFinite(major) || major < 0)) problems.amount = t('sales.form.amountInvalid');
    if (major !== null && !/^[A-Z]{3}$/.test(currency.trim().toUpperCase())) problems.currency = t('sales.form.currencyInvalid');
    rows.forEach((r, i) => { if (!r.contact) problems[`contacts[${i}]`] = t('sales.form.contactMissing'); });
    setLocal(problems);
    setEdited(new Set());
    if (Object.keys(problems).length) return;

    const body: Record<string, unknown> = {
      name: name.trim(),
      expectedCloseDate: closeDate || null,
      companyId: company?.id ?? null,
      contacts: rows.filter((r) => r.contact).map((r) => ({ contactId: r.contact!.id, role: r.role || null })),
      ownerId: ownerId || null,
      source: source.trim() || null,
      segment: segment.trim() || null,
      campaignId: campaignId.trim() || null,
    };
    const code = currency.trim().toUpperCase();
    if (major !== null) body.amount = { value: toMinor(major, code), currency: code };
    if (!editing) {
      if (pipelineId) body.pipelineId = pipelineId;
      if (stageId) body.stageId = stageId;
    }
    setSaving(true);
    setError(null);
    setOther(null);
    try {
      const response = editing
        ? await request<Opportunity>(`/api/v1/opportunities/${initial!.id}`, { method: 'PATCH', json: body, ifMatch: initial!.version })
        : await request<Opportunity>('/api/v1/opportunities', { method: 'POST', json: body, idempotencyKey });
      if (company) rememberName('companies', company.id, company.name);
      onSaved(response.data);
    } catch (failure) {
      if (editing && isConflict(failure)) {
        setOther(failure);
        onConflict?.();
      } else if (failure instanceof ApiError && failure.fieldErrors.length) {
        setError(failure);
        setOther(failure.otherThan(knownFields).length ? failure : null);
      } else {
        setOther(failure);
      }
    } finally {
      setSaving(false);
    }
  };

  const otherFields = error ? error.otherThan(knownFields) : [];
  const step = 1 / 10 ** minorDigits(currency.length === 3 ? currency.toUpperCase() : workspace.currency);
  const rateListId = 'sales-currencies';

  return (
    <form onSubmit={submit} noValidate className="opportunity-form">
      {(other || otherFields.length > 0) && (
        <div className="banner banner-error" role="alert">
          <p>{other && isConflict(other) ? t('sales.form.conflict')
            : other instanceof ApiError ? (other.status === 403 ? t('error.forbidden') : other.message || other.title)
            : other ? String(other) : t('error.fields')}</p>
          {otherFields.length > 0 && <ul>{otherFields.map((f) => <li key={f.field}><code>{f.field}</code>: {f.message}</li>)}</ul>}
        </div>
      )}
      <div className="form-grid">
        <TextField label={t('sales.field.name')} value={name} required maxLength={300} autoFocus
          error={fieldError('name')} onChange={(e) => { setName(e.target.value); touch('name'); }} />
        <div className="money-field">
          <TextField label={t('sales.field.amount')} type="number" inputMode="decimal" min={0} step={step}
            value={amount} error={amountError} onChange={(e) => { setAmount(e.target.value); touch('amount'); }} />
          <TextField label={t('sales.field.currency')} value={currency} maxLength={3} list={rateListId}
            error={currencyError} onChange={(e) => { setCurrency(e.target.value.toUpperCase()); touch('currency'); }}
            hint={currency && currency !== workspace.currency && !rates.includes(currency) ? t('sales.form.noRate', { currency: workspace.currency }) : undefined} />
          <datalist id={rateListId}>{currencies.map((c) => <option key={c} value={c} />)}</datalist>
        </div>
        {!editing && pipelines.length > 1 && (
          <SelectField label={t('sales.field.pipeline')} value={pipelineId} error={fieldError('pipelineId')}
            onChange={(e) => { setPipelineId(e.target.value); touch('pipelineId'); }}
            options={pipelines.map((p) => ({ value: p.id, label: p.name }))} />
        )}
        {!editing && (
          <SelectField label={t('sales.field.stage')} value={stageId} error={fieldError('stageId')}
            onChange={(e) => { setStageId(e.target.value); touch('stageId'); }}
            options={openStages.map((s) => ({ value: s.id, label: s.name }))} />
        )}
        <TextField label={t('sales.field.expectedClose')} type="date" value={closeDate}
          error={fieldError('expectedCloseDate')} onChange={(e) => { setCloseDate(e.target.value); touch('expectedCloseDate'); }} />
        <SelectField label={t('sales.field.owner')} value={ownerId} error={fieldError('ownerId')}
          onChange={(e) => { setOwnerId(e.target.value); touch('ownerId'); }}
          options={[{ value: '', label: t('sales.field.noOwner') },
            ...users.map((u) => ({ value: u.id, label: u.name || u.email }))]} />
        <RecordPicker kind="company" label={t('sales.field.company')} value={company} onChange={(c) => { setCompany(c); touch('companyId'); }}
          error={fieldError('companyId')} />
      </div>

      <fieldset className="contacts-fieldset">
        <legend>{t('sales.field.contacts')}</legend>
        {rows.length === 0 && <p className="muted small">{t('sales.form.noContacts')}</p>}
        <ul className="contact-roles">
          {rows.map((row, i) => (
            <li key={row.key}>
              <RecordPicker kind="contact" label={t('sales.form.contactN', { n: i + 1 })} value={row.contact}
                suggestions={companyContacts}
                exclude={rows.filter((r) => r.contact).map((r) => r.contact!.id)}
                error={fieldError(`contacts[${i}]`)}
                onChange={(contact) => { setRows((all) => all.map((r) => (r.key === row.key ? { ...r, contact } : r))); touch(`contacts[${i}]`); }} />
              <SelectField label={t('sales.form.roleN', { n: i + 1 })} value={row.role}
                onChange={(e) => setRows((all) => all.map((r) => (r.key === row.key ? { ...r, role: e.target.value as ContactRole | '' } : r)))}
                options={[{ value: '', label: t('sales.role.none') }, ...contactRoles.map((r) => ({ value: r, label: t(`sales.role.${r}`) }))]} />
              <div className="field">
                <span aria-hidden="true">&nbsp;</span>
                <button type="button" aria-label={t('sales.form.removeContact', { n: i + 1 })}
                  onClick={() => setRows((all) => all.filter((r) => r.key !== row.key))}>{t('common.remove')}</button>
              </div>
            </li>
          ))}
        </ul>
        <button type="button" onClick={() => setRows((all) => [...all, { key: rowKeys++, contact: null, role: '' }])}>
          {t('sales.form.addContact')}
        </button>
      </fieldset>

      <details className="more-fields" open={!!(source || segment || campaignId)}>
        <summary>{t('sales.form.more')}</summary>
        <div className="form-grid">
          <TextField label={t('sales.field.source')} value={source} maxLength={100} error={fieldError('source')}
            onChange={(e) => { setSource(e.target.value); touch('source'); }} />
          <TextField label={t('sales.field.segment')} value={segment} maxLength={100} error={fieldError('segment')}
            onChange={(e) => { setSegment(e.target.value); touch('segment'); }} />
          <TextField label={t('sales.field.campaign')} value={campaignId} maxLength={100} error={fieldError('campaignId')}
            onChange={(e) => { setCampaignId(e.target.value); touch('campaignId'); }} />
        </div>
      </details>

      <div className="form-actions">
        <button type="button" onClick={onCancel}>{t('common.cancel')}</button>
        <button type="submit" className="primary" disabled={saving}>
          {saving ? t('common.saving') : editing ? t('common.save') : t('sales.form.create')}
        </button>
      </div>
    </form>
  );
}
