// Custom fields per kind of record: key, label, type (enum with its options). Object, key and
// type never change once created; label, options and position do.
import { useMemo, useState, type FormEvent } from 'react';
import { ApiError, del, get, newIdempotencyKey, patch, post } from '../../api/client';
import type { RecordBase } from '../../api/types';
import { useSignedIn } from '../../auth/session';
import { SelectField, TextArea, TextField } from '../../components/Field';
import { EmptyState, ErrorBanner, Loading } from '../../components/States';
import { useI18n } from '../../i18n';
import { useAsync } from '../../lib/useAsync';
import { AdminOnlyNotice, ConfirmDialog, Flash, SectionHeader, asApiError, useFlash } from './shared';

export type FieldObject = 'contact' | 'company' | 'opportunity';
export type FieldType = 'text' | 'number' | 'date' | 'boolean' | 'enum' | 'url';
export interface CustomField extends RecordBase {
  object: FieldObject;
  key: string;
  label: string;
  type: FieldType;
  options: string[];
  position: number;
}

const objects: FieldObject[] = ['contact', 'company', 'opportunity'];
const types: FieldType[] = ['text', 'number', 'date', 'boolean', 'enum', 'url'];

// "Contract renewal date" -> "contractRenewalDate"
export function keyFromLabel(label: string): string {
  const words = label.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9]+/g, ' ').trim().split(' ').filter(Boolean);
  const key = words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0].toUpperCase() + w.slice(1).toLowerCase())).join('');
  return key.replace(/^[^a-z]+/, '').slice(0, 40);
}

function parseOptions(text: string): string[] {
  return text.split('\n').map((o) => o.trim()).filter(Boolean);
}

export default function CustomFieldsSettings() {
  const { t } = useI18n();
  const { isAdmin, role } = useSignedIn();
  const [object, setObject] = useState<FieldObject>('contact');
  const fields = useAsync((signal) => get<{ items: CustomField[] }>('/api/v1/custom-fields', undefined, signal), []);
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<CustomField | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [flash, setFlash] = useFlash();

  const all = fields.data?.items ?? [];
  const shown = useMemo(() => all.filter((f) => f.object === object)
    .sort((a, b) => a.position - b.position || a.label.localeCompare(b.label)), [all, object]);

  const remove = async () => {
    const field = deleting;
    setDeleting(null);
    if (!field) return;
    setError(null);
    try {
      await del(`/api/v1/custom-fields/${field.id}`, field.version);
      setFlash(t('settings.fields.deleted', { label: field.label }));
      fields.reload();
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <section aria-labelledby="settings-fields">
      <SectionHeader id="settings-fields" title={t('settings.fields.title')} intro={t('settings.fields.intro')} />
      {!isAdmin && <AdminOnlyNotice role={role} what={t('settings.fields.what')} />}
      <div className="segmented" role="group" aria-label={t('settings.fields.object')}>
        {objects.map((o) => (
          <button key={o} type="button" aria-pressed={object === o} className={object === o ? 'selected' : undefined}
            onClick={() => { setObject(o); setEditing(null); }}>
            {t(`settings.fields.object.${o}`)} <span className="muted small">({all.filter((f) => f.object === o).length})</span>
          </button>
        ))}
      </div>
      <Flash message={flash} />
      <ErrorBanner error={error} />
      {isAdmin && <FieldForm key={`new-${object}`} object={object} nextPosition={(shown.at(-1)?.position ?? -1) + 1}
        onSaved={(f) => { fields.reload(); setFlash(t('settings.fields.created', { label: f.label })); }} />}
      {fields.error ? <ErrorBanner error={fields.error} onRetry={fields.reload} /> : null}
      {fields.loading && !fields.data ? <Loading /> : shown.length === 0 ? (
        <EmptyState message={t('settings.fields.empty', { object: t(`settings.fields.object.${object}`) })} />
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('settings.fields.tableCaption', { object: t(`settings.fields.object.${object}`) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('settings.fields.label')}</th>
                <th scope="col">{t('settings.fields.key')}</th>
                <th scope="col">{t('settings.fields.type')}</th>
                <th scope="col">{t('settings.fields.options')}</th>
                <th scope="col" className="num">{t('settings.fields.position')}</th>
                {isAdmin && <th scope="col">{t('common.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {shown.map((f) => editing === f.id ? (
                <tr key={f.id}>
                  <td colSpan={isAdmin ? 6 : 5}>
                    <FieldForm field={f} object={object} nextPosition={f.position} onCancel={() => setEditing(null)}
                      onSaved={() => { setEditing(null); fields.reload(); setFlash(t('common.saved')); }} />
                  </td>
                </tr>
              ) : (
                <tr key={f.id}>
                  <th scope="row">{f.label}</th>
                  <td><code>{f.key}</code></td>
                  <td>{t(`settings.fields.type.${f.type}`)}</td>
                  <td>{f.type === 'enum' ? f.options.map((o) => <span key={o} className="chip">{o}</span>) : <span className="muted">—</span>}</td>
                  <td className="num">{f.position}</td>
                  {isAdmin && (
                    <td className="actions-cell">
                      <button type="button" onClick={() => setEditing(f.id)}
                        aria-label={t('settings.fields.editNamed', { label: f.label })}>{t('common.edit')}</button>
                      <button type="button" className="danger" onClick={() => setDeleting(f)}
                        aria-label={t('settings.fields.deleteNamed', { label: f.label })}>{t('common.delete')}</button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog open={deleting !== null} danger title={t('settings.fields.deleteTitle', { label: deleting?.label ?? '' })}
        body={t('settings.fields.deleteBody')} confirmLabel={t('common.delete')}
        onConfirm={() => void remove()} onCancel={() => setDeleting(null)} />
    </section>
  );
}

function FieldForm({ field, object, nextPosition, onSaved, onCancel }: {
  field?: CustomField; object: FieldObject; nextPosition: number; onSaved: (f: CustomField) => void; onCancel?: () => void;
}) {
  const { t } = useI18n();
  const [label, setLabel] = useState(field?.label ?? '');
  const [key, setKey] = useState(field?.key ?? '');
  const [keyTouched, setKeyTouched] = useState(!!field);
  const [type, setType] = useState<FieldType>(field?.type ?? 'text');
  const [options, setOptions] = useState((field?.options ?? []).join('\n'));
  const [position, setPosition] = useState(String(field?.position ?? nextPosition));
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [idempotency, setIdempotency] = useState(newIdempotencyKey);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const list = parseOptions(options);
    if (type === 'enum' && list.length === 0) {
      setError(new ApiError(422, 'invalid', t('error.fields'), 'invalid_argument',
        [{ field: 'options', message: t('settings.fields.needOptions') }]));
      return;
    }
    const body: Record<string, unknown> = {
      label: label.trim(),
      options: type === 'enum' ? list : [],
      position: position.trim() === '' ? 0 : Math.max(0, Math.round(Number(position))),
    };
    setBusy(true);
    try {
      let saved: CustomField;
      if (field) {
        saved = await patch<CustomField>(`/api/v1/custom-fields/${field.id}`, body, field.version);
      } else {
        saved = await post<CustomField>('/api/v1/custom-fields', { ...body, object, key: key.trim(), type }, { idempotencyKey: idempotency });
        setLabel(''); setKey(''); setKeyTouched(false); setOptions(''); setType('text');
        setPosition(String(saved.position + 1)); setIdempotency(newIdempotencyKey());
      }
      onSaved(saved);
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  };

  const titleId = `field-form-${field?.id ?? 'new'}`;
  return (
    <form className={field ? 'inline-form' : 'card'} onSubmit={submit} noValidate aria-labelledby={titleId}>
      <h2 id={titleId} className={field ? 'visually-hidden' : undefined}>
        {field ? t('settings.fields.editTitle', { label: field.label }) : t('settings.fields.newTitle', { object: t(`settings.fields.object.${object}`) })}
      </h2>
      {error && (error.fieldErrors.length === 0 || error.otherThan(['label', 'key', 'type', 'options', 'position', 'object']).length > 0) && <ErrorBanner error={error} />}
      <div className="form-grid">
        <TextField label={t('settings.fields.label')} value={label} required maxLength={100}
          onChange={(e) => { setLabel(e.target.value); if (!keyTouched) setKey(keyFromLabel(e.target.value)); }}
          error={error?.forField('label')} />
        <TextField label={t('settings.fields.key')} value={key} required maxLength={40} disabled={!!field}
          spellCheck={false} autoComplete="off" pattern="[a-z][a-zA-Z0-9_]{0,39}"
          onChange={(e) => { setKey(e.target.value); setKeyTouched(true); }}
          error={error?.forField('key')} hint={field ? t('settings.fields.fixed') : t('settings.fields.keyHint')} />
        <SelectField label={t('settings.fields.type')} value={type} disabled={!!field}
          onChange={(e) => setType(e.target.value as FieldType)} error={error?.forField('type')}
          hint={field ? t('settings.fields.fixed') : undefined}
          options={types.map((ty) => ({ value: ty, label: t(`settings.fields.type.${ty}`) }))} />
        <TextField label={t('settings.fields.position')} type="number" min={0} max={10000} step={1} value={position}
          onChange={(e) => setPosition(e.target.value)} error={error?.forField('position')} />
      </div>
      {type === 'enum' && (
        <TextArea label={t('settings.fields.options')} value={options} rows={4}
          onChange={(e) => setOptions(e.target.value)} error={error?.forField('options')}
          hint={t('settings.fields.optionsHint')} />
      )}
      <div className="form-actions">
        {onCancel && <button type="button" onClick={onCancel}>{t('common.cancel')}</button>}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('common.saving') : field ? t('common.save') : t('settings.fields.create')}
        </button>
      </div>
    </form>
  );
}
