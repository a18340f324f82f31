// A contact's or company's timeline, newest first, with "load more". Notes are shown in full
// (Markdown rendered to elements, never HTML); conversations open to their whole text.
import { useEffect, useId, useState } from 'react';
import { Link } from 'react-router-dom';
import { del, get, type Page } from '../../api/client';
import { useSignedIn } from '../../auth/session';
import { Markdown } from '../../components/Markdown';
import { EmptyState, ErrorBanner, Loading } from '../../components/States';
import { useI18n } from '../../i18n';
import { formatDateTime, formatRelative } from '../../i18n/format';
import { ChannelIcon, itemLabel } from './ChannelIcon';
import { pool, recordName, type Interaction, type Note, type TimelineItem } from './shared';
import { timelineText } from './timelineText';

const filters = ['all', 'call', 'meeting', 'email', 'social', 'note', 'task', 'stage_change', 'event', 'merge'] as const;
type Filter = typeof filters[number];

function matches(item: TimelineItem, filter: Filter): boolean {
  switch (filter) {
    case 'all': return true;
    case 'note': return item.kind === 'note';
    case 'task': return item.kind === 'task';
    case 'stage_change': return item.kind === 'stage_change';
    case 'event': return item.kind === 'event';
    case 'merge': return item.kind === 'merge';
    case 'social': return item.kind === 'interaction' && !['call', 'meeting', 'email'].includes(item.channel ?? '');
    default: return item.kind === 'interaction' && item.channel === filter;
  }
}

function ContactName({ id }: { id: string }) {
  const { t } = useI18n();
  const [name, setName] = useState<string | null | undefined>(undefined);
  useEffect(() => { void recordName('contact', id).then(setName); }, [id]);
  if (name === null) return <span className="muted">{t('contacts.hiddenContact')}</span>;
  return <Link to={`/contacts/${id}`}>{name ?? '…'}</Link>;
}

function InteractionDetails({ id }: { id: string }) {
  const { t, locale } = useI18n();
  const [interaction, setInteraction] = useState<Interaction | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const controller = new AbortController();
    get<Interaction>(`/api/v1/interactions/${id}`, undefined, controller.signal).then(setInteraction, (e) => {
      if (!controller.signal.aborted) setError(e);
    });
    return () => controller.abort();
  }, [id]);
  if (error) return <ErrorBanner error={error} />;
  if (!interaction) return <Loading />;
  const contacts = interaction.participants.filter((p) => (p.type ?? 'contact') === 'contact');
  return (
    <div className="ct-details">
      <dl className="facts">
        <dt>{t('contacts.log.direction')}</dt><dd>{t(`contacts.direction.${interaction.direction}`)}</dd>
        <dt>{t('contacts.log.when')}</dt><dd>{formatDateTime(interaction.occurredAt, locale)}</dd>
        {interaction.durationSec != null && (
          <><dt>{t('contacts.log.minutes')}</dt><dd>{Math.round(interaction.durationSec / 60)}</dd></>
        )}
        {contacts.length > 0 && (
          <><dt>{t('contacts.log.people')}</dt>
            <dd>{contacts.map((p, i) => <span key={p.id}>{i > 0 && ', '}<ContactName id={p.id} /></span>)}</dd></>
        )}
        {interaction.companyId && (
          <><dt>{t('contacts.field.company')}</dt><dd><Link to={`/companies/${interaction.companyId}`}>{t('contacts.timeline.openCompany')}</Link></dd></>
        )}
        {interaction.opportunityId && (
          <><dt>{t('contacts.opportunities.single')}</dt><dd><Link to={`/opportunities/${interaction.opportunityId}`}>{t('contacts.timeline.openOpportunity')}</Link></dd></>
        )}
        {interaction.outcome && <><dt>{t('contacts.log.outcome')}</dt><dd>{interaction.outcome}</dd></>}
      </dl>
      {interaction.body && <p className="ct-body">{interaction.body}</p>}
      <p className="small"><Link to={`/interactions/${interaction.id}`} state={{ show: true }}>{t('contacts.timeline.permalink')}</Link></p>
    </div>
  );
}

export function Timeline({ subject, id, refresh, canWrite = false }: {
  subject: 'contact' | 'company'; id: string; refresh: number; canWrite?: boolean;
}) {
  const { t, locale } = useI18n();
  const { userName } = useSignedIn();
  const headingId = useId();
  const [items, setItems] = useState<TimelineItem[]>([]);
  const [notes, setNotes] = useState<Record<string, Note | null>>({});
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const [filter, setFilter] = useState<Filter>('all');
  const [generation, setGeneration] = useState(0);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [deleteError, setDeleteError] = useState<unknown>(null);
  const base = subject === 'contact' ? `/api/v1/contacts/${id}/timeline` : `/api/v1/companies/${id}/timeline`;

  const loadNotes = (page: TimelineItem[]) => {
    const wanted = page.filter((i) => i.kind === 'note').map((i) => i.recordId);
    void pool(wanted, 4, async (noteId) => {
      const note = await get<Note>(`/api/v1/notes/${noteId}`).catch(() => null);
      setNotes((n) => ({ ...n, [noteId]: note }));
    });
  };

  const load = async (after: string | null, signal?: AbortSignal) => {
    setLoading(true);
    setError(null);
    try {
      const page = await get<Page<TimelineItem>>(base, { limit: 25, cursor: after ?? undefined }, signal);
      if (signal?.aborted) return;
      setItems((current) => (after ? [...current, ...page.items] : page.items));
      setCursor(page.nextCursor);
      loadNotes(page.items);
    } catch (failure) {
      if (!signal?.aborted) setError(failure);
    } finally {
      if (!signal?.aborted) setLoading(false);
    }
  };

  useEffect(() => {
    const controller = new AbortController();
    void load(null, controller.signal);
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [base, refresh, generation]);

  // Soft-deletes a conversation or a note (restorable through the API), after a confirmation.
  const remove = async (item: TimelineItem) => {
    setDeleteError(null);
    try {
      const path = item.kind === 'note' ? `/api/v1/notes/${item.recordId}` : `/api/v1/interactions/${item.recordId}`;
      const current = await get<{ version: number }>(path);
      await del(path, current.version);
      setItems((list) => list.filter((x) => !(x.kind === item.kind && x.recordId === item.recordId)));
      setConfirming(null);
    } catch (failure) {
      setDeleteError(failure);
    }
  };

  const shown = items.filter((item) => matches(item, filter));
  const toggle = (key: string) => setOpen((s) => {
    const next = new Set(s);
    if (next.has(key)) next.delete(key); else next.add(key);
    return next;
  });

  return (
    <section className="card ct-timeline" aria-labelledby={headingId}>
      <div className="ct-card-head">
        <h2 id={headingId}>{t('contacts.timeline.title')}</h2>
        <label className="ct-inline small">
          <span>{t('contacts.timeline.show')}</span>
          <select value={filter} onChange={(e) => setFilter(e.target.value as Filter)}>
            {filters.filter((f) => f !== 'merge' || subject === 'contact')
              .map((f) => <option key={f} value={f}>{t(`contacts.timeline.filter.${f}`)}</option>)}
          </select>
        </label>
      </div>
      {error !== null && <ErrorBanner error={error} onRetry={() => setGeneration((g) => g + 1)} />}
      {deleteError !== null && <ErrorBanner error={deleteError} />}
      {!loading && !error && items.length === 0 && <EmptyState message={t(`contacts.timeline.empty.${subject}`)} />}
      {items.length > 0 && shown.length === 0 && <p className="muted">{t('contacts.timeline.noneOfKind')}</p>}
      <ol className="timeline" aria-label={t('contacts.timeline.title')}>
        {shown.map((item) => {
          const key = `${item.kind}-${item.recordId}`;
          const note = item.kind === 'note' ? notes[item.recordId] : undefined;
          return (
            <li key={key} className={`ct-tl-${item.kind}`}>
              <ChannelIcon kind={item.kind} channel={item.channel} />
              <div className="ct-tl-body">
                <div className="ct-tl-meta small muted">
                  <span className="ct-tl-kind">
                    {itemLabel(t, item.kind, item.channel)}
                    {item.kind === 'interaction' && item.direction && ` · ${t(`contacts.direction.${item.direction}`)}`}
                  </span>
                  {' · '}
                  <time dateTime={item.occurredAt} title={formatDateTime(item.occurredAt, locale)}>
                    {formatDateTime(item.occurredAt, locale)} ({formatRelative(item.occurredAt, locale)})
                  </time>
                  {item.actor && (
                    <> {' · '}{item.actor.type === 'user' ? userName(item.actor.id) : <ContactName id={item.actor.id} />}</>
                  )}
                </div>
                {item.kind === 'note' && note ? (
                  <Markdown text={note.body} />
                ) : (
                  <p className="ct-tl-summary">{timelineText(item, t, locale)}</p>
                )}
                {item.kind === 'interaction' && (
                  <>
                    <button type="button" className="link-button small" aria-expanded={open.has(key)} onClick={() => toggle(key)}>
                      {open.has(key) ? t('contacts.timeline.hide') : t('contacts.timeline.details')}
                    </button>
                    {open.has(key) && <InteractionDetails id={item.recordId} />}
                  </>
                )}
                {item.kind === 'task' && <Link className="small" to="/tasks">{t('contacts.timeline.openTasks')}</Link>}
                {canWrite && (item.kind === 'note' || item.kind === 'interaction') && (
                  confirming === key ? (
                    <span className="ct-confirm small" role="group" aria-label={t('contacts.timeline.confirmDelete')}>
                      {t('contacts.timeline.confirmDelete')}{' '}
                      <button type="button" className="danger" onClick={() => void remove(item)}>{t('common.delete')}</button>{' '}
                      <button type="button" onClick={() => setConfirming(null)}>{t('common.cancel')}</button>
                    </span>
                  ) : (
                    <button type="button" className="link-button small ct-tl-delete" onClick={() => setConfirming(key)}
                      aria-label={t('contacts.timeline.deleteEntry', { summary: item.summary })}>{t('common.delete')}</button>
                  )
                )}
              </div>
            </li>
          );
        })}
      </ol>
      {loading && <Loading />}
      {cursor && !loading && (
        <button type="button" className="ct-more" onClick={() => void load(cursor)}>{t('contacts.timeline.more')}</button>
      )}
    </section>
  );
}
