// Tasks: what is due today or overdue first, then what comes next, then tasks without a date and
// the recently finished ones. Mark done (with undo), cancel, create; the linked record is a link.
import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError, get, newIdempotencyKey, patch, post, type Page } from '../../api/client';
import type { RecordBase } from '../../api/types';
import { useSignedIn } from '../../auth/session';
import { SelectField, TextArea, TextField } from '../../components/Field';
import { EmptyState, ErrorBanner, Loading } from '../../components/States';
import { useI18n } from '../../i18n';
import { formatDate, formatDateTime, formatRelative } from '../../i18n/format';
import { useAsync } from '../../lib/useAsync';
import { usePageTitle } from '../../lib/usePageTitle';
import './tasks.css';

export type TaskStatus = 'open' | 'done' | 'cancelled';
export type TaskPriority = 'low' | 'normal' | 'high' | 'urgent';
export interface RecordLink { type: 'contact' | 'company' | 'opportunity'; id: string }
export interface Task extends RecordBase {
  title: string;
  description?: string | null;
  dueAt?: string | null;
  assigneeId?: string | null;
  status: TaskStatus;
  priority: TaskPriority;
  linkedRecord?: RecordLink | null;
  completedAt?: string | null;
}

const priorities: TaskPriority[] = ['low', 'normal', 'high', 'urgent'];
const priorityRank: Record<TaskPriority, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

// The start of tomorrow, local time: "due today or overdue" is everything due before it.
export function startOfTomorrow(now = new Date()): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
}

async function allPages(query: Record<string, string | number | undefined>, signal: AbortSignal): Promise<Task[]> {
  const items: Task[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 10; i += 1) {
    const page = await get<Page<Task>>('/api/v1/tasks', { ...query, cursor, limit: 500 }, signal);
    items.push(...page.items);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return items;
}

function byDue(a: Task, b: Task): number {
  return (a.dueAt ?? '').localeCompare(b.dueAt ?? '') || priorityRank[a.priority] - priorityRank[b.priority];
}

function linkPath(link: RecordLink): string {
  return link.type === 'contact' ? `/contacts/${link.id}` : link.type === 'company' ? `/companies/${link.id}` : `/opportunities/${link.id}`;
}

// Names of linked records, loaded once each.
function useLinkNames(links: RecordLink[]): Map<string, string> {
  const [names, setNames] = useState(new Map<string, string>());
  const asked = useRef(new Set<string>());
  useEffect(() => {
    const missing = links.filter((l) => !asked.current.has(l.id)).slice(0, 60);
    if (!missing.length) return;
    missing.forEach((l) => asked.current.add(l.id));
    void Promise.all(missing.map(async (l) => {
      const path = l.type === 'contact' ? 'contacts' : l.type === 'company' ? 'companies' : 'opportunities';
      try {
        const record = await get<{ displayName?: string; name?: string }>(`/api/v1/${path}/${l.id}`);
        return [l.id, record.displayName ?? record.name ?? ''] as const;
      } catch {
        return [l.id, ''] as const;
      }
    })).then((found) => setNames((old) => {
      const next = new Map(old);
      for (const [id, name] of found) if (name) next.set(id, name);
      return next;
    }));
  }, [links]);
  return names;
}

export default function TasksPage() {
  const { t } = useI18n();
  usePageTitle(t('work.tasks.title'));
  const { user, users, canWrite, role } = useSignedIn();
  const [params, setParams] = useSearchParams();
  const who = params.get('assignee') ?? 'me';
  const assigneeId = who === 'me' ? user.id : who === 'all' ? undefined : who;
  const [creating, setCreating] = useState(params.get('new') === '1');
  const [undo, setUndo] = useState<{ task: Task; message: string } | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [tomorrow, setTomorrow] = useState(() => startOfTomorrow());

  // Past midnight the sections move on.
  useEffect(() => {
    const timer = setTimeout(() => setTomorrow(startOfTomorrow()), Math.max(1000, tomorrow.getTime() - Date.now() + 1000));
    return () => clearTimeout(timer);
  }, [tomorrow]);

  const data = useAsync(async (signal) => {
    const [due, open, done] = await Promise.all([
      allPages({ assigneeId, status: 'open', dueBefore: tomorrow.toISOString() }, signal),
      allPages({ assigneeId, status: 'open' }, signal),
      get<Page<Task>>('/api/v1/tasks', { assigneeId, status: 'done', sort: '-updatedAt', limit: 10 }, signal),
    ]);
    return { due, open, done: done.items };
  }, [assigneeId, tomorrow.getTime()]);

  const sections = useMemo(() => {
    if (!data.data) return undefined;
    const dueIds = new Set(data.data.due.map((x) => x.id));
    const rest = data.data.open.filter((x) => !dueIds.has(x.id));
    return {
      due: [...data.data.due].sort(byDue),
      upcoming: rest.filter((x) => x.dueAt).sort(byDue),
      undated: rest.filter((x) => !x.dueAt).sort((a, b) => priorityRank[a.priority] - priorityRank[b.priority] || b.createdAt.localeCompare(a.createdAt)),
      done: data.data.done,
    };
  }, [data.data]);

  const links = useMemo(() => {
    if (!sections) return [];
    return [...sections.due, ...sections.upcoming, ...sections.undated, ...sections.done]
      .map((x) => x.linkedRecord).filter((l): l is RecordLink => !!l);
  }, [sections]);
  const linkNames = useLinkNames(links);

  const setStatus = async (task: Task, status: TaskStatus) => {
    setActionError(null);
    try {
      const updated = await patch<Task>(`/api/v1/tasks/${task.id}`, { status }, task.version);
      setUndo(status === 'open' ? null : {
        task: updated,
        message: t(status === 'done' ? 'work.tasks.markedDone' : 'work.tasks.cancelled', { title: task.title }),
      });
      data.reload();
    } catch (failure) {
      setActionError(failure);
      data.reload();
    }
  };

  const changeWho = (value: string) => {
    const next = new URLSearchParams(params);
    if (value === 'me') next.delete('assignee'); else next.set('assignee', value);
    setParams(next, { replace: true });
  };

  const total = sections ? sections.due.length + sections.upcoming.length + sections.undated.length : 0;
  const overdue = sections?.due.filter((x) => x.dueAt && new Date(x.dueAt).getTime() < Date.now()).length ?? 0;
  const rowProps = { onStatus: setStatus, linkNames, showAssignee: who !== 'me', canWrite };

  return (
    <section className="tasks-page" aria-labelledby="tasks-title">
      <header className="page-header">
        <h1 id="tasks-title">{t('work.tasks.title')}</h1>
        {sections && <span className="muted">{overdue ? t('work.tasks.summary', { count: total, overdue }) : t('work.tasks.summaryNone', { count: total })}</span>}
        <div className="actions">
          <label className="inline-select">
            <span>{t('work.tasks.assignedTo')}</span>
            <select value={who} onChange={(e) => changeWho(e.target.value)}>
              <option value="me">{t('work.tasks.me')}</option>
              <option value="all">{t('work.tasks.everyone')}</option>
              {users.filter((u) => u.id !== user.id).map((u) => <option key={u.id} value={u.id}>{u.name || u.email}</option>)}
            </select>
          </label>
          <button type="button" className="primary" disabled={!canWrite} aria-expanded={creating}
            aria-describedby={!canWrite ? 'tasks-readonly' : undefined} onClick={() => setCreating((c) => !c)}>
            {t('work.tasks.new')}
          </button>
        </div>
      </header>
      {!canWrite && <p id="tasks-readonly" className="banner banner-warn" role="note">{t('work.tasks.readOnly', { role: t(`role.${role}`) })}</p>}
      {undo && (
        <div className="banner banner-ok undo-bar" role="status">
          <span>{undo.message}</span>
          <button type="button" onClick={() => void setStatus(undo.task, 'open')}>{t('work.tasks.undo')}</button>
          <button type="button" className="link-button" onClick={() => setUndo(null)} aria-label={t('common.close')}>×</button>
        </div>
      )}
      <ErrorBanner error={actionError} />
      {creating && canWrite && (
        <NewTaskForm defaultAssignee={assigneeId ?? user.id} onCancel={() => setCreating(false)}
          onCreated={(task) => { setCreating(false); setUndo(null); data.reload(); setActionError(null);
            if (task.assigneeId !== assigneeId && assigneeId) changeWho(task.assigneeId ? (task.assigneeId === user.id ? 'me' : task.assigneeId) : 'all'); }} />
      )}
      {data.error ? <ErrorBanner error={data.error} onRetry={data.reload} /> : null}
      {!sections ? (data.loading ? <Loading /> : null) : (
        <>
          <TaskSection id="due" title={t('work.tasks.dueSection')} tasks={sections.due} {...rowProps}
            empty={total === 0
              ? <EmptyState message={who === 'me' ? t('work.tasks.emptyMine') : t('work.tasks.emptyOthers')}
                  action={canWrite ? <button type="button" className="primary" onClick={() => setCreating(true)}>{t('work.tasks.createFirst')}</button>
                    : <Link to="/contacts">{t('work.tasks.goContacts')}</Link>} />
              : <p className="muted all-clear">{t('work.tasks.nothingDue')}</p>} />
          <TaskSection id="upcoming" title={t('work.tasks.upcomingSection')} tasks={sections.upcoming} {...rowProps}
            empty={total === 0 ? null : <p className="muted">{t('work.tasks.nothingUpcoming')}</p>} />
          {sections.undated.length > 0 && <TaskSection id="undated" title={t('work.tasks.undatedSection')} tasks={sections.undated} {...rowProps} empty={null} />}
          {sections.done.length > 0 && <TaskSection id="done" title={t('work.tasks.doneSection')} tasks={sections.done} {...rowProps} empty={null} />}
        </>
      )}
    </section>
  );
}

interface RowProps {
  onStatus: (task: Task, status: TaskStatus) => Promise<void>;
  linkNames: Map<string, string>;
  showAssignee: boolean;
  canWrite: boolean;
}

function TaskSection({ id, title, tasks, empty, ...row }: RowProps & { id: string; title: string; tasks: Task[]; empty: ReactNode }) {
  const { t } = useI18n();
  const headingId = `tasks-${id}`;
  return (
    <section className={`task-section task-section-${id}`} aria-labelledby={headingId}>
      <h2 id={headingId}>{title} <span className="count">{t('work.tasks.count', { count: tasks.length })}</span></h2>
      {tasks.length === 0 ? empty : (
        <ul className="task-list">
          {tasks.map((task) => <TaskRow key={task.id} task={task} {...row} />)}
        </ul>
      )}
    </section>
  );
}

function TaskRow({ task, onStatus, linkNames, showAssignee, canWrite }: RowProps & { task: Task }) {
  const { t, locale } = useI18n();
  const { userName } = useSignedIn();
  const [busy, setBusy] = useState(false);
  const now = Date.now();
  const due = task.dueAt ? new Date(task.dueAt) : null;
  const open = task.status === 'open';
  const overdue = open && due !== null && due.getTime() < now;
  const today = open && due !== null && !overdue && due.getTime() < startOfTomorrow().getTime();
  const run = async (status: TaskStatus) => {
    setBusy(true);
    try { await onStatus(task, status); } finally { setBusy(false); }
  };
  const link = task.linkedRecord;
  return (
    <li className={`task-row${overdue ? ' overdue' : ''}${!open ? ' finished' : ''} priority-${task.priority}`}>
      <div className="task-main">
        <p className="task-title">
          {!open && <span className="visually-hidden">{t(`work.status.${task.status}`)}: </span>}
          <strong>{task.title}</strong>
          {task.priority !== 'normal' && <span className={`badge priority-badge priority-${task.priority}`}>{t(`work.priority.${task.priority}`)}</span>}
        </p>
        <p className="task-meta">
          {overdue && <span className="badge badge-danger">{t('work.tasks.overdue')}</span>}
          {today && <span className="badge badge-warn">{t('work.tasks.dueToday')}</span>}
          {due && open && (
            <time dateTime={task.dueAt!} title={formatDateTime(due, locale)}>
              {overdue ? t('work.tasks.wasDue', { when: relativeDue(due, locale), date: formatDateTime(due, locale) })
                : today ? t('work.tasks.dueAt', { date: formatDateTime(due, locale) })
                : t('work.tasks.dueOn', { date: formatDate(due, locale), when: relativeDue(due, locale) })}
            </time>
          )}
          {!open && task.completedAt && <span>{t(`work.tasks.finishedOn.${task.status}`, { date: formatDateTime(task.completedAt, locale) })}</span>}
          {!open && !task.completedAt && <span>{t(`work.status.${task.status}`)}</span>}
          {showAssignee && <span>{task.assigneeId ? t('work.tasks.assignee', { name: userName(task.assigneeId) }) : t('work.tasks.unassigned')}</span>}
          {link && (
            <span>
              {t(`work.link.${link.type}`)}{' '}
              <Link to={linkPath(link)}>{linkNames.get(link.id) ?? t('work.tasks.openRecord')}</Link>
            </span>
          )}
        </p>
        {task.description && <p className="task-description">{task.description}</p>}
      </div>
      {canWrite && (
        <div className="task-actions">
          {open ? <>
            <button type="button" className="primary" disabled={busy} onClick={() => void run('done')}
              aria-label={t('work.tasks.markDoneNamed', { title: task.title })}>{t('work.tasks.markDone')}</button>
            <button type="button" disabled={busy} onClick={() => void run('cancelled')}
              aria-label={t('work.tasks.cancelNamed', { title: task.title })}>{t('work.tasks.cancel')}</button>
          </> : (
            <button type="button" disabled={busy} onClick={() => void run('open')}
              aria-label={t('work.tasks.reopenNamed', { title: task.title })}>{t('work.tasks.reopen')}</button>
          )}
        </div>
      )}
    </li>
  );
}

// "yesterday", "tomorrow", "in 3 days": whole calendar days; within today, hours or minutes.
export function relativeDue(due: Date, locale: string, now = new Date()): string {
  const startOf = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((startOf(due) - startOf(now)) / 86_400_000);
  if (days === 0) return formatRelative(due, locale, now.getTime());
  return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(days, 'day');
}

function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function NewTaskForm({ defaultAssignee, onCreated, onCancel }: {
  defaultAssignee: string; onCreated: (task: Task) => void; onCancel: () => void;
}) {
  const { t } = useI18n();
  const { users } = useSignedIn();
  const [params] = useSearchParams();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [day, setDay] = useState(localDay(new Date()));
  const [time, setTime] = useState('');
  const [priority, setPriority] = useState<TaskPriority>('normal');
  const [assigneeId, setAssigneeId] = useState(defaultAssignee);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const idempotency = useMemo(() => newIdempotencyKey(), []);
  // /tasks?new=1&link=contact:<id> opens the form linked to that record.
  const linkParam = params.get('link');
  const linked = useMemo<RecordLink | null>(() => {
    const match = linkParam?.match(/^(contact|company|opportunity):(\w+)$/);
    return match ? { type: match[1] as RecordLink['type'], id: match[2] } : null;
  }, [linkParam]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    let dueAt: string | null = null;
    if (day) {
      const [y, m, d] = day.split('-').map(Number);
      const [hh, mm] = (time || '23:59').split(':').map(Number);
      dueAt = new Date(y, m - 1, d, hh, mm).toISOString();
    }
    setBusy(true);
    try {
      const task = await post<Task>('/api/v1/tasks', {
        title: title.trim(), description: description.trim() || null, dueAt, priority,
        assigneeId: assigneeId || null, ...(linked ? { linkedRecord: linked } : {}),
      }, { idempotencyKey: idempotency });
      onCreated(task);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure : new ApiError(0, 'error', String(failure)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card new-task" onSubmit={submit} noValidate aria-labelledby="new-task-title">
      <h2 id="new-task-title">{t('work.tasks.newTitle')}</h2>
      {linked && <p className="muted">{t('work.tasks.linkedTo', { type: t(`work.link.${linked.type}`) })}</p>}
      {error && (error.fieldErrors.length === 0 || error.otherThan(['title', 'description', 'dueAt', 'priority', 'assigneeId', 'linkedRecord']).length > 0) && <ErrorBanner error={error} />}
      <TextField label={t('work.tasks.fieldTitle')} value={title} required maxLength={300} autoFocus
        onChange={(e) => setTitle(e.target.value)} error={error?.forField('title')} />
      <div className="form-grid">
        <TextField label={t('work.tasks.dueDate')} type="date" value={day} onChange={(e) => setDay(e.target.value)}
          error={error?.forField('dueAt')} hint={t('work.tasks.dueDateHint')} />
        <TextField label={t('work.tasks.dueTime')} type="time" value={time} onChange={(e) => setTime(e.target.value)}
          disabled={!day} hint={t('work.tasks.dueTimeHint')} />
        <SelectField label={t('work.tasks.priority')} value={priority} onChange={(e) => setPriority(e.target.value as TaskPriority)}
          error={error?.forField('priority')} options={priorities.map((p) => ({ value: p, label: t(`work.priority.${p}`) }))} />
        <SelectField label={t('work.tasks.assigneeLabel')} value={assigneeId} onChange={(e) => setAssigneeId(e.target.value)}
          error={error?.forField('assigneeId')}
          options={[{ value: '', label: t('work.tasks.unassigned') }, ...users.map((u) => ({ value: u.id, label: u.name || u.email }))]} />
      </div>
      <TextArea label={t('work.tasks.description')} value={description} rows={2} maxLength={10000}
        onChange={(e) => setDescription(e.target.value)} error={error?.forField('description')} />
      <div className="form-actions">
        <button type="button" onClick={onCancel}>{t('common.cancel')}</button>
        <button type="submit" className="primary" disabled={busy}>{busy ? t('common.saving') : t('work.tasks.create')}</button>
      </div>
    </form>
  );
}
