// Panels shared by the contact and company pages: tasks, opportunities, scores and health.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, get, newIdempotencyKey, patch, post, type Page } from '../../api/client';
import { useSignedIn } from '../../auth/session';
import { SelectField, TextField } from '../../components/Field';
import { ErrorBanner, Loading } from '../../components/States';
import { useI18n } from '../../i18n';
import { formatDate, formatDateTime, formatMoney } from '../../i18n/format';
import { FormErrors } from './FormErrors';
import { localToIso, type Opportunity, type Pipeline, type Task } from './shared';

function AddTask({ recordType, recordId, onAdded }: { recordType: 'contact' | 'company'; recordId: string; onAdded: () => void }) {
  const { t } = useI18n();
  const { user, users } = useSignedIn();
  const [title, setTitle] = useState('');
  const [due, setDue] = useState('');
  const [assignee, setAssignee] = useState(user.id);
  const [priority, setPriority] = useState('normal');
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const key = useRef(newIdempotencyKey());
  const api = error instanceof ApiError ? error : null;
  const [missing, setMissing] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) { setMissing(true); return; }
    setMissing(false);
    setSaving(true);
    setError(null);
    try {
      await post<Task>('/api/v1/tasks', {
        title: title.trim(), dueAt: localToIso(due) ?? null, assigneeId: assignee || null, priority,
        linkedRecord: { type: recordType, id: recordId },
      }, { idempotencyKey: key.current });
      key.current = newIdempotencyKey();
      setTitle(''); setDue('');
      onAdded();
    } catch (failure) {
      key.current = newIdempotencyKey();
      setError(failure);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate className="ct-task-form">
      <FormErrors error={error} shown={['title', 'dueAt', 'assigneeId', 'priority']} />
      <TextField label={t('contacts.tasks.titleLabel')} value={title} onChange={(e) => setTitle(e.target.value)}
        error={missing ? t('contacts.tasks.titleMissing') : api?.forField('title')} />
      <div className="form-grid">
        <TextField label={t('contacts.tasks.due')} type="datetime-local" value={due} error={api?.forField('dueAt')}
          onChange={(e) => setDue(e.target.value)} />
        <SelectField label={t('contacts.tasks.assignee')} value={assignee} error={api?.forField('assigneeId')}
          onChange={(e) => setAssignee(e.target.value)}
          options={[{ value: '', label: t('contacts.noOwner') }, ...users.map((u) => ({ value: u.id, label: u.name || u.email }))]} />
        <SelectField label={t('contacts.tasks.priority')} value={priority} onChange={(e) => setPriority(e.target.value)}
          options={['low', 'normal', 'high', 'urgent'].map((p) => ({ value: p, label: t(`contacts.tasks.priority.${p}`) }))} />
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving}>{saving ? t('common.saving') : t('contacts.tasks.add')}</button>
      </div>
    </form>
  );
}

export function TasksPanel({ recordType, recordId, canWrite, onChanged }: {
  recordType: 'contact' | 'company'; recordId: string; canWrite: boolean; onChanged?: () => void;
}) {
  const { t, locale } = useI18n();
  const { userName } = useSignedIn();
  const headingId = useId();
  const [tasks, setTasks] = useState<Task[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [adding, setAdding] = useState(false);
  const [showDone, setShowDone] = useState(false);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setError(null);
    get<Page<Task>>('/api/v1/tasks', { linkedId: recordId, status: showDone ? undefined : 'open', limit: 50 }, controller.signal)
      .then((page) => setTasks(page.items), (failure) => { if (!controller.signal.aborted) setError(failure); });
    return () => controller.abort();
  }, [recordId, generation, showDone]);

  const setStatus = async (task: Task, status: Task['status']) => {
    setActionError(null);
    try {
      const saved = await patch<Task>(`/api/v1/tasks/${task.id}`, { status }, task.version);
      setTasks((list) => list && (showDone || status === 'open' ? list.map((x) => (x.id === saved.id ? saved : x)) : list.filter((x) => x.id !== saved.id)));
      onChanged?.();
    } catch (failure) {
      setActionError(failure);
      if (failure instanceof ApiError && failure.status === 412) setGeneration((g) => g + 1);
    }
  };

  const now = Date.now();
  return (
    <section className="card ct-tasks" aria-labelledby={headingId}>
      <div className="ct-card-head">
        <h2 id={headingId}>{t('contacts.tasks.title')}</h2>
        {canWrite && (
          <button type="button" onClick={() => setAdding((a) => !a)} aria-expanded={adding}>
            {adding ? t('common.close') : t('contacts.tasks.new')}
          </button>
        )}
      </div>
      {adding && canWrite && (
        <AddTask recordType={recordType} recordId={recordId}
          onAdded={() => { setAdding(false); setGeneration((g) => g + 1); onChanged?.(); }} />
      )}
      {error !== null && <ErrorBanner error={error} onRetry={() => setGeneration((g) => g + 1)} />}
      {actionError !== null && <ErrorBanner error={actionError} />}
      {!tasks && !error && <Loading />}
      {tasks && tasks.length === 0 && <p className="muted">{showDone ? t('contacts.tasks.noneAtAll') : t('contacts.tasks.none')}</p>}
      {tasks && tasks.length > 0 && (
        <ul className="ct-task-list">
          {tasks.map((task) => {
            const overdue = task.status === 'open' && task.dueAt && Date.parse(task.dueAt) < now;
            return (
              <li key={task.id} className={task.status !== 'open' ? 'ct-task-closed' : undefined}>
                <label className="ct-inline">
                  <input type="checkbox" checked={task.status === 'done'} disabled={!canWrite || task.status === 'cancelled'}
                    onChange={(e) => void setStatus(task, e.target.checked ? 'done' : 'open')} />
                  <span className="ct-task-title">{task.title}</span>
                </label>
                <div className="small muted">
                  {task.dueAt && <span className={overdue ? 'badge badge-danger' : undefined}>
                    {overdue ? t('contacts.tasks.overdue', { date: formatDateTime(task.dueAt, locale) }) : t('contacts.tasks.dueOn', { date: formatDateTime(task.dueAt, locale) })}
                  </span>}
                  {' '}{task.assigneeId ? t('contacts.tasks.for', { name: userName(task.assigneeId) }) : t('contacts.tasks.unassigned')}
                  {' · '}{t(`contacts.tasks.priority.${task.priority}`)}
                  {task.status !== 'open' && <> · {t(`contacts.tasks.status.${task.status}`)}</>}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <p className="small">
        <label className="ct-inline"><input type="checkbox" checked={showDone} onChange={(e) => setShowDone(e.target.checked)} />
          {t('contacts.tasks.showDone')}</label>
        {' · '}<Link to="/tasks">{t('contacts.tasks.all')}</Link>
      </p>
    </section>
  );
}

let pipelineCache: Promise<Pipeline[]> | null = null;
function pipelines(): Promise<Pipeline[]> {
  pipelineCache ??= get<Page<Pipeline>>('/api/v1/pipelines').then((p) => p.items).catch(() => { pipelineCache = null; return []; });
  return pipelineCache;
}

export function OpportunitiesPanel({ filter }: { filter: { contactId: string } | { companyId: string } }) {
  const { t, locale } = useI18n();
  const { userName } = useSignedIn();
  const headingId = useId();
  const [items, setItems] = useState<Opportunity[] | null>(null);
  const [stages, setStages] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [generation, setGeneration] = useState(0);
  const query = JSON.stringify(filter);

  useEffect(() => {
    const controller = new AbortController();
    setError(null);
    get<Page<Opportunity>>('/api/v1/opportunities', { ...JSON.parse(query), limit: 50 }, controller.signal)
      .then((page) => setItems(page.items), (failure) => { if (!controller.signal.aborted) setError(failure); });
    void pipelines().then((list) => setStages(Object.fromEntries(list.flatMap((p) => p.stages.map((s) => [s.id, s.name])))));
    return () => controller.abort();
  }, [query, generation]);

  return (
    <section className="card ct-opps" aria-labelledby={headingId}>
      <div className="ct-card-head">
        <h2 id={headingId}>{t('contacts.opportunities.title')}</h2>
        <Link to="/pipeline" className="small">{t('contacts.opportunities.board')}</Link>
      </div>
      {error !== null && <ErrorBanner error={error} onRetry={() => setGeneration((g) => g + 1)} />}
      {!items && !error && <Loading />}
      {items && items.length === 0 && <p className="muted">{t('contacts.opportunities.none')}</p>}
      {items && items.length > 0 && (
        <ul className="ct-opp-list">
          {items.map((o) => (
            <li key={o.id}>
              <div className="row">
                <Link to={`/opportunities/${o.id}`}><strong>{o.name}</strong></Link>
                <span className="spacer" />
                <span className="ct-money">{formatMoney(o.amount, locale)}</span>
              </div>
              <div className="small muted">
                <span className={`badge ${o.status === 'won' ? 'badge-ok' : o.status === 'lost' ? 'badge-danger' : ''}`}>
                  {t(`contacts.opportunities.status.${o.status}`)}
                </span>
                {' '}{stages[o.stageId] ?? ''}
                {o.expectedCloseDate && <> · {t('contacts.opportunities.closes', { date: formatDate(o.expectedCloseDate, locale) })}</>}
                {' · '}{userName(o.ownerId)}
                {o.rotting && <> · <span className="badge badge-warn">{t('contacts.opportunities.rotting')}</span></>}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function ScoresCard() {
  const { t } = useI18n();
  const headingId = useId();
  return (
    <section className="card ct-scores" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('contacts.scores.title')}</h2>
      <p className="muted">{t('contacts.scores.empty')}</p>
      <p className="small muted">{t('contacts.scores.explain')}</p>
    </section>
  );
}
