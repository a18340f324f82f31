// Inputs for the workspace's custom fields, typed by their definition, and their read-only view.
import { useId, type ReactNode } from 'react';
import { SelectField, TextField } from '../../components/Field';
import { formatDate, formatNumber } from '../../i18n/format';
import { useI18n } from '../../i18n';
import type { CustomField, CustomValue } from './shared';

export type CustomDraft = Record<string, string>;

// The customFields of a create or PATCH: typed values, and null for a cleared one that was set.
export function customPatch(fields: CustomField[], draft: CustomDraft, before?: Record<string, CustomValue>): Record<string, CustomValue> {
  const out: Record<string, CustomValue> = {};
  for (const field of fields) {
    const text = (draft[field.key] ?? '').trim();
    if (!text) {
      if (before && before[field.key] !== undefined && before[field.key] !== null) out[field.key] = null;
      continue;
    }
    if (field.type === 'number') {
      const n = Number(text.replace(',', '.'));
      out[field.key] = Number.isFinite(n) ? n : text;
    } else if (field.type === 'boolean') {
      out[field.key] = text === 'true';
    } else {
      out[field.key] = text;
    }
  }
  return out;
}

function BooleanField({ label, value, onChange, error }: { label: string; value: string; onChange: (v: string) => void; error?: string }) {
  const { t } = useI18n();
  return (
    <SelectField label={label} value={value} error={error} onChange={(e) => onChange(e.target.value)}
      options={[{ value: '', label: '—' }, { value: 'true', label: t('common.yes') }, { value: 'false', label: t('common.no') }]} />
  );
}

export function CustomFieldInputs({ fields, values, onChange, errorFor }: {
  fields: CustomField[];
  values: CustomDraft;
  onChange: (values: CustomDraft) => void;
  errorFor: (key: string) => string | undefined;
}) {
  const { t } = useI18n();
  const id = useId();
  if (fields.length === 0) return null;
  const set = (key: string, value: string) => onChange({ ...values, [key]: value });
  return (
    <fieldset className="ct-fieldset" aria-describedby={`${id}-hint`}>
      <legend>{t('contacts.customFields')}</legend>
      <small className="hint muted" id={`${id}-hint`}>{t('contacts.customFieldsHint')}</small>
      <div className="form-grid">
        {fields.map((field) => {
          const label = field.label || field.key;
          const value = values[field.key] ?? '';
          const error = errorFor(field.key);
          switch (field.type) {
            case 'boolean':
              return <BooleanField key={field.key} label={label} value={value} error={error} onChange={(v) => set(field.key, v)} />;
            case 'enum':
              return (
                <SelectField key={field.key} label={label} value={value} error={error} onChange={(e) => set(field.key, e.target.value)}
                  options={[{ value: '', label: '—' }, ...(field.options ?? []).map((o) => ({ value: o, label: o }))]} />
              );
            default:
              return (
                <TextField key={field.key} label={label} value={value} error={error}
                  type={field.type === 'number' ? 'text' : field.type === 'date' ? 'date' : field.type === 'url' ? 'url' : 'text'}
                  inputMode={field.type === 'number' ? 'decimal' : undefined}
                  onChange={(e) => set(field.key, e.target.value)} />
              );
          }
        })}
      </div>
    </fieldset>
  );
}

// The values as facts (dt/dd pairs) labelled by their definitions; unknown keys show their key.
export function CustomFieldFacts({ fields, values }: { fields: CustomField[]; values: Record<string, CustomValue> | undefined }) {
  const { t, locale } = useI18n();
  const entries = Object.entries(values ?? {}).filter(([, v]) => v !== null && v !== '');
  if (entries.length === 0) return null;
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const ordered = [...entries].sort(([a], [b]) => (byKey.get(a)?.position ?? 999) - (byKey.get(b)?.position ?? 999));
  return (
    <>
      {ordered.map(([key, value]) => {
        const field = byKey.get(key);
        let shown: ReactNode = String(value);
        if (typeof value === 'boolean') shown = value ? t('common.yes') : t('common.no');
        else if (typeof value === 'number') shown = formatNumber(value, locale);
        else if (field?.type === 'date') shown = formatDate(String(value), locale);
        else if (field?.type === 'url' && /^https?:\/\//i.test(String(value))) {
          shown = <a href={String(value)} rel="noopener noreferrer" target="_blank">{String(value)}</a>;
        }
        return [<dt key={`${key}-t`}>{field?.label || key}</dt>, <dd key={`${key}-d`}>{shown}</dd>];
      })}
    </>
  );
}
