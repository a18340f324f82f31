// The inline "log a call / meeting / e-mail / note" form of a contact or company page.
import { useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, newIdempotencyKey, post } from '../../api/client';
import { SelectField, TextArea, TextField } from '../../components/Field';
import { useI18n } from '../../i18n';
import { FormErrors } from './FormErrors';
import { channels, localNow, localToIso, type Contact, type Interaction, type Note } from './shared';

type Mode = 'call' | 'meeting' | 'email' | 'note' | 'other';
const modes: Mode[] = ['call', 'meeting', 'email', 'note', 'other'];

export type LogSubject =
  | { type: 'contact'; id: string; companyId?: string | null }
  | { type: 'company'; id: string; people: Contact[] };

const shown = ['channel', 'direction', 'occurredAt', 'durationSec', 'subject', 'body', 'outcome', 'participants', 'recordId'];

export function LogInteraction({ subject, onLogged }: { subject: LogSubject; onLogged: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const [mode, setMode] = useState<Mode>('call');
  const [channel, setChannel] = useState('whatsapp');
  const [direction, setDirection] = useState('outbound');
  const [occurredAt, setOccurredAt] = useState(localNow);
  const [minutes, setMinutes] = useState('');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [outcome, setOutcome] = useState('');
  const [people, setPeople] = useState<string[]>(() => (subject.type === 'company' && subject.people[0] ? [subject.people[0].id] : []));
  const [error, setError] = useState<unknown>(null);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState('');
  const key = useRef(newIdempotencyKey());

  const api = error instanceof ApiError ? error : null;
  const fe = (field: string) => localErrors[field] ?? api?.forField(field);

  const reset = () => {
    setTitle(''); setBody(''); setOutcome(''); setMinutes(''); setOccurredAt(localNow());
    setError(null); setLocalErrors({});
    key.current = newIdempotencyKey();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved('');
    const errors: Record<string, string> = {};
    if (mode === 'note' && !body.trim()) errors.body = t('contacts.log.noteEmpty');
    if (mode !== 'note' && subject.type === 'company' && people.length === 0) errors.participants = t('contacts.log.pickPeople');
    if (minutes && !(Number(minutes) >= 0)) errors.durationSec = t('contacts.log.badMinutes');
    setLocalErrors(errors);
    if (Object.keys(errors).length) return;
    setSaving(true);
    setError(null);
    try {
      if (mode === 'note') {
        await post<Note>('/api/v1/notes', { body, recordType: subject.type, recordId: subject.id }, { idempotencyKey: key.current });
      } else {
        const participants = subject.type === 'contact'
          ? [{ type: 'contact', id: subject.id }]
          : people.map((p) => ({ type: 'contact', id: p }));
        const companyId = subject.type === 'company' ? subject.id : subject.companyId ?? undefined;
        await post<Interaction>('/api/v1/interactions', {
          channel: mode === 'other' ? channel : mode,
          direction,
          occurredAt: localToIso(occurredAt),
          durationSec: minutes ? Math.round(Number(minutes) * 60) : undefined,
          subject: title.trim() || undefined,
          body: body.trim() || undefined,
          outcome: outcome.trim() || undefined,
          participants,
          ...(companyId ? { companyId } : {}),
        }, { idempotencyKey: key.current });
      }
      setSaved(mode === 'note' ? t('contacts.log.savedNote') : t('contacts.log.saved'));
      reset();
      onLogged();
    } catch (failure) {
      key.current = newIdempotencyKey();
      setError(failure);
    } finally {
      setSaving(false);
    }
  };

  const timed = mode === 'call' || mode === 'meeting';
  return (
    <form className="card ct-log" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('contacts.log.title')}</h2>
      <div className="ct-segmented" role="radiogroup" aria-label={t('contacts.log.kind')}>
        {modes.map((m) => (
          <label key={m} className={mode === m ? 'active' : undefined}>
            <input type="radio" name={`${id}-mode`} value={m} checked={mode === m}
              onChange={() => { setMode(m); setLocalErrors({}); setError(null); setSaved(''); }} />
            {t(`contacts.log.mode.${m}`)}
          </label>
        ))}
      </div>
      <FormErrors error={error} shown={shown} />
      {saved && <p className="banner banner-ok" role="status">{saved}</p>}
      {mode === 'note' ? (
        <TextArea label={t('contacts.log.note')} value={body} error={fe('body')} rows={4}
          hint={t('contacts.log.markdownHint')} onChange={(e) => setBody(e.target.value)} />
      ) : (
        <>
          {subject.type === 'company' && (
            <fieldset className={`ct-fieldset ct-people${fe('participants') ? ' field-invalid' : ''}`}>
              <legend>{t('contacts.log.people')}</legend>
              {subject.people.length === 0 && <p className="muted small">{t('contacts.log.noPeople')}</p>}
              {subject.people.map((p) => (
                <label key={p.id} className="ct-inline">
                  <input type="checkbox" checked={people.includes(p.id)}
                    onChange={(e) => setPeople((list) => (e.target.checked ? [...list, p.id] : list.filter((x) => x !== p.id)))} />
                  {p.displayName}
                </label>
              ))}
              {fe('participants') && <small className="field-error" role="alert">{fe('participants')}</small>}
            </fieldset>
          )}
          <div className="form-grid">
            {mode === 'other' && (
              <SelectField label={t('contacts.log.channel')} value={channel} error={fe('channel')}
                onChange={(e) => setChannel(e.target.value)}
                options={channels.filter((c) => !['call', 'meeting', 'email', 'note'].includes(c))
                  .map((c) => ({ value: c, label: t(`contacts.channel.${c}`) }))} />
            )}
            <SelectField label={t('contacts.log.direction')} value={direction} error={fe('direction')}
              onChange={(e) => setDirection(e.target.value)}
              options={['outbound', 'inbound', 'internal'].map((d) => ({ value: d, label: t(`contacts.direction.${d}`) }))} />
            <TextField label={t('contacts.log.when')} type="datetime-local" value={occurredAt} error={fe('occurredAt')}
              onChange={(e) => setOccurredAt(e.target.value)} />
            {timed && (
              <TextField label={t('contacts.log.minutes')} type="number" min={0} step={1} inputMode="numeric" value={minutes}
                error={fe('durationSec')} onChange={(e) => setMinutes(e.target.value)} />
            )}
          </div>
          <TextField label={t('contacts.log.subject')} value={title} error={fe('subject')} onChange={(e) => setTitle(e.target.value)} />
          <TextArea label={mode === 'email' ? t('contacts.log.emailBody') : t('contacts.log.summary')} value={body} error={fe('body')}
            rows={3} onChange={(e) => setBody(e.target.value)} />
          <TextField label={t('contacts.log.outcome')} value={outcome} error={fe('outcome')}
            hint={t('contacts.log.outcomeHint')} onChange={(e) => setOutcome(e.target.value)} />
        </>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? t('common.saving') : t(`contacts.log.submit.${mode}`)}
        </button>
      </div>
    </form>
  );
}
