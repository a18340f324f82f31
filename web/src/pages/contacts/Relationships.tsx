// A contact's relationships: a small graph, the same as an accessible list, and a form to add one.
import { lazy, Suspense, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, del, get, newIdempotencyKey, post, type Page } from '../../api/client';
import { SelectField, TextField } from '../../components/Field';
import { ErrorBanner, Loading } from '../../components/States';
import { useI18n } from '../../i18n';
import { formatDate } from '../../i18n/format';
import { FormErrors } from './FormErrors';
import { RecordPicker, type Picked } from './RecordPicker';
import { pool, recordName, relationshipKinds, type Relationship } from './shared';

const RelationshipGraph = lazy(() => import('./RelationshipGraph').then((m) => ({ default: m.RelationshipGraph })));

// The kind as read from this contact's side: "reports to" vs "manages".
function kindLabel(t: (k: string) => string, r: Relationship, self: string): string {
  const outgoing = r.fromContactId === self;
  if (r.directed !== false && !outgoing && ['reports_to', 'referred', 'influences', 'follows'].includes(r.kind)) {
    return t(`contacts.rel.inverse.${r.kind}`);
  }
  return t(`contacts.rel.kind.${r.kind}`);
}

function AddRelationship({ contactId, exclude, onAdded }: { contactId: string; exclude: string[]; onAdded: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const [other, setOther] = useState<Picked | null>(null);
  const [kind, setKind] = useState('knows');
  const [reverse, setReverse] = useState(false);
  const [strength, setStrength] = useState('0.5');
  const [since, setSince] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState(false);
  const [saving, setSaving] = useState(false);
  const key = useRef(newIdempotencyKey());
  const api = error instanceof ApiError ? error : null;
  const directed = ['reports_to', 'referred', 'influences', 'follows'].includes(kind);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!other) { setMissing(true); return; }
    setMissing(false);
    setSaving(true);
    setError(null);
    const [from, to] = directed && reverse ? [other.id, contactId] : [contactId, other.id];
    try {
      await post<Relationship>('/api/v1/relationships', {
        fromContactId: from, toContactId: to, kind, strength: Number(strength),
        since: since || null, note: note.trim() || null,
      }, { idempotencyKey: key.current });
      key.current = newIdempotencyKey();
      setOther(null); setNote(''); setSince(''); setReverse(false);
      onAdded();
    } catch (failure) {
      key.current = newIdempotencyKey();
      setError(failure);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate className="ct-rel-form" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('contacts.rel.add')}</h3>
      <FormErrors error={error} shown={['toContactId', 'fromContactId', 'kind', 'strength', 'since', 'note']} />
      <div className="form-grid">
        <RecordPicker kind="contact" label={t('contacts.rel.other')} value={other} onChange={setOther} exclude={exclude}
          error={missing ? t('contacts.rel.pickSomeone') : api?.forField('toContactId') ?? api?.forField('fromContactId')} />
        <SelectField label={t('contacts.rel.kindLabel')} value={kind} error={api?.forField('kind')}
          onChange={(e) => setKind(e.target.value)}
          options={relationshipKinds.map((k) => ({ value: k, label: t(`contacts.rel.kind.${k}`) }))} />
        {directed && (
          <SelectField label={t('contacts.rel.direction')} value={reverse ? 'in' : 'out'} onChange={(e) => setReverse(e.target.value === 'in')}
            options={[{ value: 'out', label: t(`contacts.rel.out.${kind}`) }, { value: 'in', label: t(`contacts.rel.in.${kind}`) }]} />
        )}
        <SelectField label={t('contacts.rel.strength')} value={strength} error={api?.forField('strength')}
          onChange={(e) => setStrength(e.target.value)}
          options={[['0.25', 'weak'], ['0.5', 'medium'], ['0.8', 'strong']].map(([v, k]) => ({ value: v, label: t(`contacts.rel.strength.${k}`) }))} />
        <TextField label={t('contacts.rel.since')} type="date" value={since} error={api?.forField('since')} onChange={(e) => setSince(e.target.value)} />
        <TextField label={t('contacts.rel.note')} value={note} error={api?.forField('note')} onChange={(e) => setNote(e.target.value)} />
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving}>{saving ? t('common.saving') : t('contacts.rel.addSubmit')}</button>
      </div>
    </form>
  );
}

export function Relationships({ contactId, name, canWrite }: { contactId: string; name: string; canWrite: boolean }) {
  const { t, locale } = useI18n();
  const headingId = useId();
  const [items, setItems] = useState<Relationship[] | null>(null);
  const [names, setNames] = useState<Record<string, string | null>>({});
  const [error, setError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [generation, setGeneration] = useState(0);
  const [adding, setAdding] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    setError(null);
    get<Page<Relationship>>(`/api/v1/contacts/${contactId}/relationships`, { limit: 100 }, controller.signal)
      .then((page) => {
        setItems(page.items);
        const others = [...new Set(page.items.map((r) => (r.fromContactId === contactId ? r.toContactId : r.fromContactId)))];
        void pool(others, 6, async (other) => {
          const n = await recordName('contact', other);
          if (!controller.signal.aborted) setNames((m) => ({ ...m, [other]: n }));
        });
      }, (failure) => { if (!controller.signal.aborted) setError(failure); });
    return () => controller.abort();
  }, [contactId, generation]);

  const remove = async (r: Relationship) => {
    setActionError(null);
    try {
      await del(`/api/v1/relationships/${r.id}`, r.version);
      setGeneration((g) => g + 1);
    } catch (failure) {
      setActionError(failure);
    }
  };

  const otherOf = (r: Relationship) => (r.fromContactId === contactId ? r.toContactId : r.fromContactId);
  const visible = (items ?? []).filter((r) => names[otherOf(r)] !== null);
  const hidden = (items ?? []).length - visible.length;
  const nodes = [{ id: contactId, label: name, center: true },
    ...[...new Set(visible.map(otherOf))].map((id) => ({ id, label: names[id] ?? '…' }))];
  const edges = visible.map((r) => ({ id: r.id, source: r.fromContactId, target: r.toContactId,
    label: t(`contacts.rel.kind.${r.kind}`), directed: r.directed !== false && ['reports_to', 'referred', 'influences', 'follows'].includes(r.kind),
    strength: r.strength }));

  return (
    <section className="card ct-relationships" aria-labelledby={headingId}>
      <div className="ct-card-head">
        <h2 id={headingId}>{t('contacts.rel.title')}</h2>
        {canWrite && (
          <button type="button" onClick={() => setAdding((a) => !a)} aria-expanded={adding}>
            {adding ? t('common.close') : t('contacts.rel.add')}
          </button>
        )}
      </div>
      {error !== null && <ErrorBanner error={error} onRetry={() => setGeneration((g) => g + 1)} />}
      {actionError !== null && <ErrorBanner error={actionError} />}
      {adding && canWrite && (
        <AddRelationship contactId={contactId} exclude={[contactId, ...(items ?? []).map(otherOf)]}
          onAdded={() => { setAdding(false); setGeneration((g) => g + 1); }} />
      )}
      {!items && !error && <Loading />}
      {items && items.length === 0 && <p className="muted">{t('contacts.rel.empty')}</p>}
      {visible.length > 0 && (
        <>
          <Suspense fallback={<div className="ct-graph" />}>
            <RelationshipGraph nodes={nodes} edges={edges} />
          </Suspense>
          <ul className="ct-rel-list" aria-label={t('contacts.rel.listLabel', { name })}>
            {visible.map((r) => {
              const other = otherOf(r);
              return (
                <li key={r.id}>
                  <span className="ct-rel-kind">{kindLabel(t, r, contactId)}</span>{' '}
                  <Link to={`/contacts/${other}`}>{names[other] ?? '…'}</Link>
                  {r.since && <span className="muted small"> · {t('contacts.rel.sinceDate', { date: formatDate(r.since, locale) })}</span>}
                  {r.note && <div className="muted small">{r.note}</div>}
                  {canWrite && (
                    <button type="button" className="link-button small" onClick={() => void remove(r)}
                      aria-label={t('contacts.rel.remove', { name: names[other] ?? '' })}>{t('common.remove')}</button>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
      {hidden > 0 && <p className="muted small">{t('contacts.rel.hidden', { count: hidden })}</p>}
    </section>
  );
}
