// The pipeline board: a column per stage with its count, total and weighted total, the open
// deals as cards. Cards move by drag and drop or by their "Move to" menu (keyboard); every move
// carries the card's version, so a deal changed meanwhile is never overwritten: the board says so
// and shows the fresh data.
import { useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { get } from '../../api/client';
import { useSignedIn } from '../../auth/session';
import { ErrorPage } from '../../components/ErrorPage';
import { EmptyState, ErrorBanner, Loading, describeError } from '../../components/States';
import { useI18n } from '../../i18n';
import { daysSince, formatDate, formatMoney, formatPercent } from '../../i18n/format';
import { useAsync } from '../../lib/useAsync';
import { LostReasonDialog, type LostRequest } from './LostReasonDialog';
import { Modal } from './Modal';
import { OpportunityForm } from './OpportunityForm';
import { isConflict, listPipelines, moveStage, useRecordNames } from './salesApi';
import type { Board, BoardColumn, Opportunity, Stage } from './salesTypes';
import { usePageTitle } from '../../lib/usePageTitle';
import './sales.css';

const lastPipelineKey = 'tertulia.pipeline';
const dragType = 'application/x-tertulia-opportunity';
const browseKeys = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown']);

type Notice = { kind: 'ok' | 'warn' | 'error'; text: string; link?: { to: string; label: string } };

export default function BoardPage() {
  const { t, locale } = useI18n();
  const { pipelineId } = useParams();
  const navigate = useNavigate();
  const { workspace, canWrite } = useSignedIn();
  const pipelines = useAsync((signal) => listPipelines(signal), []);
  const [limit, setLimit] = useState(50);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [dragged, setDragged] = useState<string | null>(null);
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  const [lost, setLost] = useState<(LostRequest & { opportunity: Opportunity }) | null>(null);
  const [lostError, setLostError] = useState<string | undefined>();
  const noticeRef = useRef<HTMLDivElement>(null);
  usePageTitle(t('sales.board.title'));
  // A card moved from its "Move to" control gets the focus back in its new column once the board
  // has reloaded, so a keyboard user does not land on the page's start.
  const refocus = useRef<string | null>(null);

  // /pipeline alone opens the last pipeline used, else the first.
  useEffect(() => {
    if (pipelineId || !pipelines.data?.length) return;
    let remembered: string | null = null;
    try { remembered = localStorage.getItem(lastPipelineKey); } catch { /* no storage */ }
    const target = pipelines.data.find((p) => p.id === remembered) ?? pipelines.data[0];
    navigate(`/pipeline/${target.id}`, { replace: true });
  }, [pipelineId, pipelines.data, navigate]);

  useEffect(() => {
    if (!pipelineId) return;
    try { localStorage.setItem(lastPipelineKey, pipelineId); } catch { /* not remembered */ }
  }, [pipelineId]);

  const board = useAsync<Board | undefined>(
    (signal) => (pipelineId ? get<Board>(`/api/v1/pipelines/${pipelineId}/board`, { limit }, signal) : Promise.resolve(undefined)),
    [pipelineId, limit]);

  const data = board.data;
  const currency = data?.currency ?? workspace.currency;
  const money = (value: number) => formatMoney({ value, currency }, locale);
  const items = useMemo(() => data?.columns.flatMap((c) => c.items) ?? [], [data]);
  const companyNames = useRecordNames('companies', items.map((o) => o.companyId));

  useEffect(() => {
    if (notice && notice.kind !== 'ok') noticeRef.current?.focus();
  }, [notice]);

  useEffect(() => {
    const id = refocus.current;
    if (!id || !data) return;
    refocus.current = null;
    const control = document.getElementById(`move-${id}`) ?? document.querySelector<HTMLElement>(`[data-opportunity-id="${id}"] a`);
    (control ?? noticeRef.current)?.focus();
  }, [data]);

  if (pipelines.error) return <ErrorPage error={pipelines.error} onRetry={pipelines.reload} />;
  if (pipelines.loading && !pipelines.data) return <Loading />;
  if (pipelines.data && pipelines.data.length === 0) {
    return (
      <section>
        <h1>{t('sales.board.title')}</h1>
        <EmptyState message={t('sales.board.noPipelines')}
          action={<Link className="button primary" to="/settings/pipelines">{t('sales.board.setUpPipelines')}</Link>} />
      </section>
    );
  }

  const pipeline = pipelines.data?.find((p) => p.id === pipelineId) ?? data?.pipeline;
  const stages = data?.columns.map((c) => c.stage) ?? pipeline?.stages ?? [];
  const lostStages = stages.filter((s) => s.kind === 'lost');
  const openColumns = data?.columns.filter((c) => (c.stage.kind ?? 'open') === 'open') ?? [];
  const openCount = openColumns.reduce((n, c) => n + c.count, 0);
  const openTotal = openColumns.reduce((n, c) => n + c.total, 0);
  const openWeighted = openColumns.reduce((n, c) => n + c.weighted, 0);
  const totalCount = data?.columns.reduce((n, c) => n + c.count, 0) ?? 0;

  const perform = async (opportunity: Opportunity, stage: Stage, lostReason?: string): Promise<boolean> => {
    setBusy(opportunity.id);
    setNotice(null);
    try {
      await moveStage(opportunity, stage.id, lostReason);
      setNotice({ kind: 'ok', text: t('sales.board.moved', { name: opportunity.name, stage: stage.name }) });
      board.reload();
      return true;
    } catch (error) {
      refocus.current = null;
      if (isConflict(error)) {
        setNotice({ kind: 'warn', text: t('sales.board.conflict', { name: opportunity.name }) });
        board.reload();
        return true;
      }
      const message = describeError(error, t);
      setNotice({ kind: 'error', text: t('sales.board.moveFailed', { name: opportunity.name, reason: message }) });
      board.reload();
      return false;
    } finally {
      setBusy(null);
    }
  };

  const requestMove = (opportunity: Opportunity, stageId: string, fromControl = false) => {
    if (opportunity.stageId === stageId) return;
    const stage = stages.find((s) => s.id === stageId);
    if (!stage) return;
    refocus.current = fromControl ? opportunity.id : null;
    if (stage.kind === 'lost') {
      setLostError(undefined);
      setLost({ opportunity, opportunityName: opportunity.name, stages: lostStages, stageId: stage.id });
      return;
    }
    void perform(opportunity, stage);
  };

  const confirmLost = async (stageId: string, reason: string) => {
    if (!lost) return;
    const stage = stages.find((s) => s.id === stageId);
    if (!stage) return;
    const opportunity = lost.opportunity;
    setLost(null);
    await perform(opportunity, stage, reason);
  };

  const onDragStart = (event: DragEvent<HTMLElement>, opportunity: Opportunity) => {
    event.dataTransfer.setData(dragType, opportunity.id);
    event.dataTransfer.setData('text/plain', opportunity.name);
    event.dataTransfer.effectAllowed = 'move';
    setDragged(opportunity.id);
  };

  const onDrop = (event: DragEvent<HTMLElement>, column: BoardColumn) => {
    event.preventDefault();
    setDropTarget(null);
    const id = event.dataTransfer.getData(dragType) || dragged;
    setDragged(null);
    const opportunity = items.find((o) => o.id === id);
    if (opportunity) requestMove(opportunity, column.stage.id);
  };

  const hiddenCards = data?.columns.some((c) => c.items.length < c.count) ?? false;

  return (
    <section className="board-page" aria-labelledby="board-title">
      <div className="page-header">
        <h1 id="board-title">{t('sales.board.title')}</h1>
        <div className="actions">
          <Link className="button" to="/reports">{t('sales.board.toReports')}</Link>
          {canWrite && (
            <button type="button" className="primary" onClick={() => setCreating(true)}>{t('sales.board.new')}</button>
          )}
        </div>
      </div>

      <div className="board-toolbar">
        <div className="field">
          <label htmlFor="board-pipeline">{t('sales.field.pipeline')}</label>
          <select id="board-pipeline" value={pipelineId ?? ''} onChange={(e) => { setLimit(50); navigate(`/pipeline/${e.target.value}`); }}>
            {(pipelines.data ?? []).map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
          </select>
        </div>
        {data && (
          <p className="board-summary" aria-live="polite">
            {t('sales.board.summary', { count: openCount, total: money(openTotal), weighted: money(openWeighted) })}
          </p>
        )}
        {board.loading && data && <span className="muted small" role="status">{t('sales.board.refreshing')}</span>}
      </div>

      {notice && (
        <div ref={noticeRef} tabIndex={-1} className={`banner banner-${notice.kind === 'ok' ? 'ok' : notice.kind === 'warn' ? 'warn' : 'error'} row`}
          role={notice.kind === 'ok' ? 'status' : 'alert'} data-testid="board-notice">
          <p>{notice.text}</p>
          {notice.link && <Link to={notice.link.to}>{notice.link.label}</Link>}
          <button type="button" className="link-button" onClick={() => setNotice(null)}>{t('common.close')}</button>
        </div>
      )}
      {board.error ? <ErrorBanner error={board.error} onRetry={board.reload} /> : null}
      {!data && board.loading && <Loading />}

      {data && totalCount === 0 && (
        <EmptyState message={t('sales.board.empty')}
          action={canWrite ? <button type="button" className="primary" onClick={() => setCreating(true)}>{t('sales.board.new')}</button> : undefined} />
      )}

      {data && totalCount > 0 && (
        <>
          <p className="visually-hidden">{t('sales.board.keyboardHint')}</p>
          <div className="board" role="list" aria-label={t('sales.board.columns', { name: pipeline?.name ?? '' })}>
            {data.columns.map((column) => {
              const kind = column.stage.kind ?? 'open';
              const headingId = `stage-${column.stage.id}`;
              return (
                <section key={column.stage.id} role="listitem" aria-labelledby={headingId}
                  className={`board-column kind-${kind}${dropTarget === column.stage.id ? ' drop-target' : ''}`}
                  data-stage-id={column.stage.id}
                  onDragOver={(e) => {
                    if (!dragged && !e.dataTransfer.types.includes(dragType)) return;
                    e.preventDefault();
                    e.dataTransfer.dropEffect = 'move';
                    if (dropTarget !== column.stage.id) setDropTarget(column.stage.id);
                  }}
                  onDragLeave={(e) => { if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDropTarget(null); }}
                  onDrop={(e) => onDrop(e, column)}>
                  <header>
                    <h2 id={headingId}>
                      <span>{column.stage.name}</span>
                      {/* aria-label is not announced on a plain span: the number is shown, the words are read. */}
                      <span className="count" aria-hidden="true" data-testid="column-count">{column.count}</span>
                      <span className="visually-hidden">{t('sales.board.countLabel', { count: column.count })}</span>
                      {kind !== 'open' && <span className={`stage-kind badge ${kind === 'won' ? 'badge-ok' : 'badge-danger'}`}>{t(`sales.kind.${kind}`)}</span>}
                      <span className="probability muted" title={t('sales.reports.probability')}>{formatPercent((column.stage.probability ?? 0) / 100, locale)}</span>
                    </h2>
                    <dl className="column-totals">
                      <dt>{t('sales.board.total')}</dt>
                      <dd data-testid="column-total">{money(column.total)}</dd>
                      {kind === 'open' && (
                        <>
                          <dt title={t('sales.board.weightedHint', { probability: formatPercent((column.stage.probability ?? 0) / 100, locale) })}>{t('sales.board.weighted')}</dt>
                          <dd data-testid="column-weighted">{money(column.weighted)}</dd>
                        </>
                      )}
                    </dl>
                  </header>
                  <ul className="cards" aria-label={t('sales.board.cardsIn', { stage: column.stage.name })}>
                    {column.items.length === 0 && <li className="column-empty">{canWrite ? t('sales.board.dropHere') : t('sales.board.none')}</li>}
                    {column.items.map((o) => (
                      <OpportunityCard key={o.id} opportunity={o} stages={stages} companyName={o.companyId ? companyNames[o.companyId] : undefined}
                        busy={busy === o.id} dragging={dragged === o.id} canWrite={canWrite}
                        onMove={(stageId) => requestMove(o, stageId, true)}
                        onDragStart={(e) => onDragStart(e, o)}
                        onDragEnd={() => { setDragged(null); setDropTarget(null); }} />
                    ))}
                  </ul>
                  {column.items.length < column.count && (
                    <p className="column-more">{t('sales.board.showing', { shown: column.items.length, count: column.count })}</p>
                  )}
                </section>
              );
            })}
          </div>
          {hiddenCards && limit < 200 && (
            <p className="row"><button type="button" onClick={() => setLimit(200)}>{t('sales.board.showMore')}</button></p>
          )}
        </>
      )}

      <Modal open={creating} onClose={() => setCreating(false)} title={t('sales.board.new')} wide>
        {pipelines.data && (
          <OpportunityForm pipelines={pipelines.data} pipelineId={pipelineId} onCancel={() => setCreating(false)}
            onSaved={(created) => {
              setCreating(false);
              setNotice({ kind: 'ok', text: t('sales.board.created', { name: created.name }),
                          link: { to: `/opportunities/${created.id}`, label: t('sales.board.open') } });
              if (created.pipelineId !== pipelineId) navigate(`/pipeline/${created.pipelineId}`);
              else board.reload();
            }} />
        )}
      </Modal>
      <LostReasonDialog request={lost} error={lostError} onCancel={() => { refocus.current = null; setLost(null); }}
        onConfirm={(stageId, reason) => void confirmLost(stageId, reason)} />
    </section>
  );
}

function OpportunityCard({ opportunity: o, stages, companyName, busy, dragging, canWrite, onMove, onDragStart, onDragEnd }: {
  opportunity: Opportunity;
  stages: Stage[];
  companyName?: string;
  busy: boolean;
  dragging: boolean;
  canWrite: boolean;
  onMove: (stageId: string) => void;
  onDragStart: (event: DragEvent<HTMLElement>) => void;
  onDragEnd: () => void;
}) {
  const { t, locale } = useI18n();
  const { userName } = useSignedIn();
  // With the menu closed, the arrow keys (and typing) change a <select>'s value at once; moving
  // the card on each of those changes would move it through every stage on the way. A change that
  // follows such a key only picks the stage, and Enter moves the card. A pick from the open menu
  // (mouse, or Alt+Down / Space then Enter) moves it straight away.
  const [picked, setPicked] = useState('');
  const keyed = useRef(false);
  const hintId = `move-hint-${o.id}`;
  const pickedStage = stages.find((s) => s.id === picked);
  const days = o.stageEnteredAt ? daysSince(o.stageEnteredAt) : 0;
  const selectId = `move-${o.id}`;
  const today = new Date().toISOString().slice(0, 10);
  const overdue = o.status === 'open' && !!o.expectedCloseDate && o.expectedCloseDate < today;
  return (
    <li className={`board-card${o.rotting ? ' rotting' : ''}${busy ? ' busy' : ''}${dragging ? ' dragging' : ''}`}
      draggable={canWrite && !busy} onDragStart={onDragStart} onDragEnd={onDragEnd}
      data-opportunity-id={o.id} aria-busy={busy || undefined}>
      <span className="card-title"><Link to={`/opportunities/${o.id}`} draggable={false}>{o.name}</Link></span>
      <span className="card-amount">{formatMoney(o.amount ?? null, locale)}</span>
      {companyName && <span className="card-company small">{companyName}</span>}
      <span className="card-meta">
        <span>{t('sales.card.owner', { name: userName(o.ownerId) })}</span>
        <span title={o.stageEnteredAt ? formatDate(o.stageEnteredAt, locale) : undefined}>{t('sales.card.age', { count: days })}</span>
        {o.expectedCloseDate && (overdue
          ? <span className="overdue">{t('sales.card.overdue', { date: formatDate(o.expectedCloseDate, locale) })}</span>
          : <span>{t('sales.card.closes', { date: formatDate(o.expectedCloseDate, locale) })}</span>)}
      </span>
      {o.status === 'lost' && o.lostReason && <span className="card-meta">{t('sales.card.lostReason', { reason: o.lostReason })}</span>}
      {o.rotting && <span className="badge badge-rotting">{t('sales.rotting')}</span>}
      {canWrite && (
        <span className="card-move">
          <label htmlFor={selectId}>{t('sales.card.moveTo')}</label>
          <select id={selectId} value={picked} disabled={busy} aria-label={t('sales.card.moveLabel', { name: o.name })}
            aria-describedby={hintId}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && picked) {
                e.preventDefault();
                setPicked('');
                onMove(picked);
              } else if (e.key === 'Escape' && picked) {
                e.preventDefault();
                setPicked('');
              } else {
                keyed.current = !e.altKey && !e.metaKey && !e.ctrlKey
                  && (browseKeys.has(e.key) || (e.key.length === 1 && e.key !== ' '));
              }
            }}
            onChange={(e) => {
              const value = e.target.value;
              if (keyed.current) {
                keyed.current = false;
                setPicked(value);
              } else {
                setPicked('');
                if (value) onMove(value);
              }
            }}
            onBlur={() => { keyed.current = false; setPicked(''); }}>
            <option value="">{t('sales.card.choose')}</option>
            {stages.filter((s) => s.id !== o.stageId).map((s) => (
              <option key={s.id} value={s.id}>{s.kind === 'won' || s.kind === 'lost' ? `${s.name} (${t(`sales.kind.${s.kind}`)})` : s.name}</option>
            ))}
          </select>
        </span>
      )}
      {canWrite && (
        <span id={hintId} className={pickedStage ? 'card-move-hint' : 'visually-hidden'}>
          {pickedStage ? t('sales.card.pressEnter', { stage: pickedStage.name }) : t('sales.card.moveHint')}
        </span>
      )}
    </li>
  );
}
