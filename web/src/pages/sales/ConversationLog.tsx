// The conversations about one opportunity (the interactions logged against it), and a form to
// log a new one linked to it.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, get, newIdempotencyKey, request, type Page } from '../../api/client';
import { useSignedIn } from '../../auth/session';
import { SelectField, TextArea, TextField } from '../../components/Field';
import { Markdown } from '../../components/Markdown';
import { ErrorBanner, Loading } from '../../components/States';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { useAsync } from '../../lib/useAsync';
import { RecordPicker, type Picked } from './RecordPicker';
import { useRecordNames } from './salesApi';
import { channels, directions, type Channel, type Direction, type Interaction, type Opportunity } from './salesTypes';

// The latest 500 logged, shown by when they happened, newest first.
async function loadConversations(opportunity: Opportunity, signal: AbortSignal): Promise<Interaction[]> {
  const page = await get<Page<Interaction>>('/api/v1/interactions',
    { opportunityId: opportunity.id, limit: 500 }, signal);
  return page.items.sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));
}

// "2026-03-01T10:30" for a datetime-local control, in the browser's time zone.
function localInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

const knownFields = ['channel', 'direction', 'occurredAt', 'subject', 'body', 'outcome', 'participants'];

export function ConversationLog({ opportunity }: { opportunity: Opportunity }) {
  const { t, locale } = useI18n();
  const { canWrite, userName } = useSignedIn();
  const headingId = useId();
  const contactIds = (opportunity.contacts ?? []).map((c) => c.contactId);
  const key = `${opportunity.id}|${opportunity.companyId ?? ''}|${contactIds.join(',')}`;
  const list = useAsync((signal) => loadConversations(opportunity, signal), [key]);
  const [adding, setAdding] = useState(false);
  const participantIds = (list.data ?? []).flatMap((i) => i.participants.filter((p) => p.type !== 'user').map((p) => p.id));
  const names = useRecordNames('contacts', [...contactIds, ...participantIds]);

  return (
    <section className="card" aria-labelledby={headingId}>
      <div className="section-header">
        <h2 id={headingId}>{t('sales.log.title')}</h2>
        {canWrite && !adding && <button type="button" onClick={() => setAdding(true)}>{t('sales.log.add')}</button>}
      </div>
      {adding && (
        <LogForm opportunity={opportunity} names={names} onCancel={() => setAdding(false)}
          onSaved={() => { setAdding(false); list.reload(); }} />
      )}
      {list.loading && !list.data && <Loading />}
      {list.error ? <ErrorBanner error={list.error} onRetry={list.reload} /> : null}
      {list.data && list.data.length === 0 && <p className="muted">{t('sales.log.empty')}</p>}
      {list.data && list.data.length > 0 && (
        <ol className="conversation">
          {list.data.map((item) => (
            <li key={item.id}>
              <div className="meta">
                <span className="chip">{t(`sales.channel.${item.channel}`)}</span>
                {item.direction && <span>{t(`sales.direction.${item.direction}`)}</span>}
                <time dateTime={item.occurredAt}>{formatDateTime(item.occurredAt, locale)}</time>
                {item.createdBy && <span>{t('sales.log.by', { name: userName(item.createdBy) })}</span>}
              </div>
              {item.subject && <strong>{item.subject}</strong>}
              {item.body ? <Markdown text={item.body} /> : item.summary && <p>{item.summary}</p>}
              {item.outcome && <p className="small"><strong>{t('sales.log.outcome')}:</strong> {item.outcome}</p>}
              <p className="small muted">
                {t('sales.log.with')}{' '}
                {item.participants.map((p, i) => (
                  <span key={`${p.type}-${p.id}`}>
                    {i > 0 && ', '}
                    {p.type === 'user' ? userName(p.id) : <Link to={`/contacts/${p.id}`}>{names[p.id] ?? t('common.unknown')}</Link>}
                  </span>
                ))}
              </p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function LogForm({ opportunity, names, onSaved, onCancel }: {
  opportunity: Opportunity;
  names: Record<string, string>;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [idempotencyKey] = useState(newIdempotencyKey);
  const [channel, setChannel] = useState<Channel>('call');
  const [direction, setDirection] = useState<Direction>('outbound');
  const [occurredAt, setOccurredAt] = useState(() => localInputValue(new Date()));
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [outcome, setOutcome] = useState('');
  const [chosen, setChosen] = useState<string[]>(() => (opportunity.contacts ?? []).map((c) => c.contactId));
  const [extra, setExtra] = useState<Picked[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState(false);
  const [saving, setSaving] = useState(false);
  const [picker, setPicker] = useState<Picked | null>(null);

  useEffect(() => {
    if (picker) {
      setExtra((all) => (all.some((p) => p.id === picker.id) ? all : [...all, picker]));
      setChosen((all) => (all.includes(picker.id) ? all : [...all, picker.id]));
      setPicker(null);
      setMissing(false);
    }
  }, [picker]);

  const apiError = error instanceof ApiError ? error : null;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (chosen.length === 0) { setMissing(true); return; }
    setSaving(true);
    setError(null);
    try {
      const when = new Date(occurredAt);
      await request<Interaction>('/api/v1/interactions', {
        method: 'POST', idempotencyKey,
        json: {
          channel, direction,
          occurredAt: Number.isNaN(when.getTime()) ? undefined : when.toISOString(),
          subject: subject.trim() || null, body: body.trim() || null, outcome: outcome.trim() || null,
          participants: chosen.map((id) => ({ type: 'contact', id })),
          companyId: opportunity.companyId ?? undefined,
          opportunityId: opportunity.id,
        },
      });
      onSaved();
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  };

  const people = [
    ...(opportunity.contacts ?? []).map((c) => ({ id: c.contactId, name: names[c.contactId] ?? '…' })),
    ...extra.filter((p) => !(opportunity.contacts ?? []).some((c) => c.contactId === p.id)),
  ];
  const others = apiError ? apiError.otherThan(knownFields) : [];
  return (
    <form className="log-form" onSubmit={submit} noValidate aria-label={t('sales.log.add')}>
      {error && (!apiError || !apiError.fieldErrors.length || others.length > 0) ? <ErrorBanner error={error} /> : null}
      <div className="form-grid">
        <SelectField label={t('sales.log.channel')} value={channel} error={apiError?.forField('channel')}
          onChange={(e) => setChannel(e.target.value as Channel)}
          options={channels.map((c) => ({ value: c, label: t(`sales.channel.${c}`) }))} />
        <SelectField label={t('sales.log.direction')} value={direction} error={apiError?.forField('direction')}
          onChange={(e) => setDirection(e.target.value as Direction)}
          options={directions.map((d) => ({ value: d, label: t(`sales.direction.${d}`) }))} />
        <TextField label={t('sales.log.when')} type="datetime-local" value={occurredAt} error={apiError?.forField('occurredAt')}
          onChange={(e) => setOccurredAt(e.target.value)} />
        <TextField label={t('sales.log.subject')} value={subject} maxLength={300} error={apiError?.forField('subject')}
          onChange={(e) => setSubject(e.target.value)} />
      </div>
      <TextArea label={t('sales.log.body')} value={body} maxLength={100000} error={apiError?.forField('body')}
        hint={t('sales.log.markdown')} onChange={(e) => setBody(e.target.value)} />
      <TextField label={t('sales.log.outcome')} value={outcome} maxLength={300} error={apiError?.forField('outcome')}
        onChange={(e) => setOutcome(e.target.value)} />
      <fieldset className={missing || apiError?.forField('participants') ? 'field-invalid' : undefined}>
        <legend>{t('sales.log.participants')}</legend>
        {people.length === 0 && <p className="muted small">{t('sales.log.noContacts')}</p>}
        {people.map((p) => (
          <label key={p.id} className="checkbox-row">
            <input type="checkbox" checked={chosen.includes(p.id)}
              onChange={(e) => { setMissing(false); setChosen((all) => (e.target.checked ? [...all, p.id] : all.filter((x) => x !== p.id))); }} />
            {' '}{p.name}
          </label>
        ))}
        <RecordPicker kind="contact" label={t('sales.log.addParticipant')} value={picker} onChange={setPicker} exclude={chosen} />
        {(missing || apiError?.forField('participants')) && (
          <small className="field-error" role="alert">{missing ? t('sales.log.participantRequired') : apiError?.forField('participants')}</small>
        )}
      </fieldset>
      <div className="form-actions">
        <button type="button" onClick={onCancel}>{t('common.cancel')}</button>
        <button type="submit" className="primary" disabled={saving}>{saving ? t('common.saving') : t('sales.log.save')}</button>
      </div>
    </form>
  );
}
