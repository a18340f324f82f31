// One opportunity: its stage path, details (editable with If-Match), won/lost/move actions, the
// contacts and their roles, the stage history, documents and the conversations about it.
import { useEffect, useId, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { del, get, request, type Page } from '../../api/client';
import { useSignedIn } from '../../auth/session';
import { ErrorPage } from '../../components/ErrorPage';
import { SelectField } from '../../components/Field';
import { ErrorBanner, Loading, describeError } from '../../components/States';
import { useI18n } from '../../i18n';
import { daysSince, formatDate, formatDateTime, formatMoney, formatPercent } from '../../i18n/format';
import { useAsync } from '../../lib/useAsync';
import { ConversationLog } from './ConversationLog';
import { DocumentsPanel } from './DocumentsPanel';
import { LostReasonDialog, type LostRequest } from './LostReasonDialog';
import { Modal } from './Modal';
import { OpportunityForm } from './OpportunityForm';
import { isConflict, listPipelines, moveStage, useRecordNames } from './salesApi';
import type { Opportunity, Pipeline, Stage, StageChange } from './salesTypes';
import { usePageTitle } from '../../lib/usePageTitle';
import './sales.css';

type Notice = { kind: 'ok' | 'warn' | 'error'; text: string };

export default function OpportunityPage() {
  const { id = '' } = useParams();
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const { canWrite, userName } = useSignedIn();
  const opportunity = useAsync(async (signal) => {
    const response = await request<Opportunity>(`/api/v1/opportunities/${id}`, { signal });
    return response.data;
  }, [id]);
  const pipelines = useAsync((signal) => listPipelines(signal), []);
  const history = useAsync((signal) => get<Page<StageChange>>(`/api/v1/opportunities/${id}/history`, undefined, signal), [id]);
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [busy, setBusy] = useState(false);
  const [lost, setLost] = useState<LostRequest | null>(null);
  const [wonChoice, setWonChoice] = useState<Stage[] | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const noticeRef = useRef<HTMLDivElement>(null);
  const o = opportunity.data;
  usePageTitle(o?.name);
  const companyNames = useRecordNames('companies', [o?.companyId]);
  const contactNames = useRecordNames('contacts', (o?.contacts ?? []).map((c) => c.contactId));
  const headingIds = { details: useId(), contacts: useId(), history: useId() };

  useEffect(() => {
    if (notice && notice.kind !== 'ok') noticeRef.current?.focus();
  }, [notice]);

  if (opportunity.error) return <ErrorPage error={opportunity.error} onRetry={opportunity.reload} />;
  if (!o) return <Loading />;

  const pipeline: Pipeline | undefined = pipelines.data?.find((p) => p.id === o.pipelineId);
  const stage = pipeline?.stages.find((s) => s.id === o.stageId);
  const wonStages = pipeline?.stages.filter((s) => s.kind === 'won') ?? [];
  const lostStages = pipeline?.stages.filter((s) => s.kind === 'lost') ?? [];
  const stageName = (pipelineId: string, stageId: string | null) => {
    if (!stageId) return '—';
    const p = pipelines.data?.find((x) => x.id === pipelineId);
    return p?.stages.find((s) => s.id === stageId)?.name ?? stageId;
  };
  const currentIndex = pipeline?.stages.findIndex((s) => s.id === o.stageId) ?? -1;
  const openPath = pipeline?.stages.filter((s) => (s.kind ?? 'open') === 'open') ?? [];
  const weighted = o.amount && stage ? { value: Math.round(o.amount.value * (stage.probability ?? 0) / 100), currency: o.amount.currency } : null;

  const refresh = () => { opportunity.reload(); history.reload(); };

  const move = async (target: Stage, lostReason?: string) => {
    setBusy(true);
    setNotice(null);
    try {
      const moved = await moveStage(o, target.id, lostReason);
      opportunity.setData(moved);
      history.reload();
      setNotice({ kind: 'ok', text: target.kind === 'won' ? t('sales.opportunity.markedWon')
        : target.kind === 'lost' ? t('sales.opportunity.markedLost') : t('sales.opportunity.movedTo', { stage: target.name }) });
    } catch (error) {
      if (isConflict(error)) {
        setNotice({ kind: 'warn', text: t('sales.opportunity.conflict') });
        refresh();
      } else {
        setNotice({ kind: 'error', text: describeError(error, t) });
      }
    } finally {
      setBusy(false);
    }
  };

  const markWon = () => {
    if (wonStages.length === 1) void move(wonStages[0]);
    else if (wonStages.length > 1) setWonChoice(wonStages);
  };

  const remove = async () => {
    setConfirmDelete(false);
    try {
      await del(`/api/v1/opportunities/${o.id}`, o.version);
      navigate(`/pipeline/${o.pipelineId}`);
    } catch (error) {
      if (isConflict(error)) {
        setNotice({ kind: 'warn', text: t('sales.opportunity.conflict') });
        refresh();
      } else setNotice({ kind: 'error', text: describeError(error, t) });
    }
  };

  return (
    <article className="opportunity-page" aria-labelledby="opportunity-title">
      <nav className="small" aria-label={t('sales.opportunity.breadcrumb')}>
        <Link to={`/pipeline/${o.pipelineId}`}>{pipeline?.name ?? t('sales.board.title')}</Link>
      </nav>
      <div className="page-header opportunity-header">
        <h1 id="opportunity-title">{o.name}</h1>
        <span className={`badge status ${o.status === 'won' ? 'badge-ok' : o.status === 'lost' ? 'badge-danger' : 'badge-warn'}`}
          data-testid="opportunity-status">
          {t(`sales.status.${o.status}`)}
        </span>
        {o.rotting && <span className="badge badge-rotting" title={t('sales.rottingHint', { days: stage?.rotDays ?? 0 })}>{t('sales.rotting')}</span>}
        {canWrite && (
          <div className="actions">
            <button type="button" onClick={() => setEditing(true)}>{t('common.edit')}</button>
            {o.status !== 'won' && (
              <button type="button" className="primary" onClick={markWon} disabled={busy || wonStages.length === 0}
                title={wonStages.length === 0 ? t('sales.opportunity.noWonStage') : undefined}>{t('sales.opportunity.markWon')}</button>
            )}
            {o.status !== 'lost' && (
              <button type="button" className="danger" disabled={busy || lostStages.length === 0}
                title={lostStages.length === 0 ? t('sales.opportunity.noLostStage') : undefined}
                onClick={() => setLost({ opportunityName: o.name, stages: lostStages })}>{t('sales.opportunity.markLost')}</button>
            )}
            <button type="button" className="danger" onClick={() => setConfirmDelete(true)}>{t('common.delete')}</button>
          </div>
        )}
      </div>
      {canWrite && wonStages.length === 0 && pipeline && o.status !== 'won' && (
        <p className="muted small">{t('sales.opportunity.noWonStage')}</p>
      )}

      {confirmDelete && (
        <div className="banner banner-warn row" role="alert">
          <p>{t('common.confirmDelete', { name: o.name })}</p>
          <button type="button" className="danger" onClick={() => void remove()}>{t('common.delete')}</button>
          <button type="button" onClick={() => setConfirmDelete(false)}>{t('common.cancel')}</button>
        </div>
      )}
      {notice && (
        <div ref={noticeRef} tabIndex={-1} role={notice.kind === 'ok' ? 'status' : 'alert'} data-testid="opportunity-notice"
          className={`banner ${notice.kind === 'ok' ? 'banner-ok' : notice.kind === 'warn' ? 'banner-warn' : 'banner-error'}`}>
          <p>{notice.text}</p>
        </div>
      )}

      {pipeline && (
        <ol className="stage-path" aria-label={t('sales.opportunity.path')}>
          {openPath.map((s) => {
            const index = pipeline.stages.indexOf(s);
            const done = o.status !== 'open' || index < currentIndex;
            const current = s.id === o.stageId;
            return (
              <li key={s.id} className={current ? 'current' : done ? 'done' : undefined} aria-current={current ? 'step' : undefined}>
                {s.name}
              </li>
            );
          })}
          {o.status !== 'open' && stage && (
            <li className={`current kind-${o.status}`} aria-current="step">{stage.name}</li>
          )}
        </ol>
      )}

      <div className="sales-columns">
        <div>
          <section className="card" aria-labelledby={headingIds.details}>
            <h2 id={headingIds.details}>{t('sales.opportunity.details')}</h2>
            <dl className="facts">
              <dt>{t('sales.field.amount')}</dt>
              <dd data-testid="opportunity-amount">{formatMoney(o.amount ?? null, locale)}</dd>
              <dt>{t('sales.field.weighted')}</dt>
              <dd>{formatMoney(weighted, locale)} {stage && <span className="muted">({formatPercent((stage.probability ?? 0) / 100, locale)})</span>}</dd>
              <dt>{t('sales.field.pipeline')}</dt>
              <dd>{pipeline?.name ?? o.pipelineId}</dd>
              <dt>{t('sales.field.stage')}</dt>
              <dd data-testid="opportunity-stage">{stage?.name ?? o.stageId}</dd>
              <dt>{t('sales.field.inStage')}</dt>
              <dd>{o.stageEnteredAt ? t('sales.card.age', { count: daysSince(o.stageEnteredAt) }) : '—'}</dd>
              <dt>{t('sales.field.expectedClose')}</dt>
              <dd>{formatDate(o.expectedCloseDate, locale)}</dd>
              <dt>{t('sales.field.company')}</dt>
              <dd>{o.companyId ? <Link to={`/companies/${o.companyId}`}>{companyNames[o.companyId] ?? '…'}</Link> : '—'}</dd>
              <dt>{t('sales.field.owner')}</dt>
              <dd>{userName(o.ownerId)}</dd>
              {o.status === 'lost' && (
                <>
                  <dt>{t('sales.field.lostReason')}</dt>
                  <dd data-testid="lost-reason">{o.lostReason ?? '—'}</dd>
                </>
              )}
              {o.closedAt && (
                <>
                  <dt>{t('sales.field.closedAt')}</dt>
                  <dd>{formatDateTime(o.closedAt, locale)}</dd>
                </>
              )}
              {o.source && (<><dt>{t('sales.field.source')}</dt><dd>{o.source}</dd></>)}
              {o.segment && (<><dt>{t('sales.field.segment')}</dt><dd>{o.segment}</dd></>)}
              {o.campaignId && (<><dt>{t('sales.field.campaign')}</dt><dd>{o.campaignId}</dd></>)}
              <dt>{t('common.created')}</dt>
              <dd>{formatDateTime(o.createdAt, locale)}</dd>
              <dt>{t('common.updated')}</dt>
              <dd>{formatDateTime(o.updatedAt, locale)}</dd>
            </dl>
            {canWrite && pipeline && (
              <div className="move-control">
                <SelectField label={t('sales.opportunity.moveTo')} value="" disabled={busy}
                  onChange={(e) => {
                    const target = pipeline.stages.find((s) => s.id === e.target.value);
                    if (!target) return;
                    if (target.kind === 'lost') setLost({ opportunityName: o.name, stages: lostStages, stageId: target.id });
                    else void move(target);
                  }}
                  options={[{ value: '', label: t('sales.card.choose') },
                    ...pipeline.stages.filter((s) => s.id !== o.stageId).map((s) => ({
                      value: s.id, label: s.kind === 'won' || s.kind === 'lost' ? `${s.name} (${t(`sales.kind.${s.kind}`)})` : s.name }))]} />
              </div>
            )}
          </section>

          <section className="card" aria-labelledby={headingIds.contacts}>
            <h2 id={headingIds.contacts}>{t('sales.field.contacts')}</h2>
            {(o.contacts ?? []).length === 0 ? <p className="muted">{t('sales.opportunity.noContacts')}</p> : (
              <ul className="history-list">
                {(o.contacts ?? []).map((c) => (
                  <li key={c.contactId}>
                    <Link to={`/contacts/${c.contactId}`}>{contactNames[c.contactId] ?? '…'}</Link>
                    {' '}<span className="chip">{c.role ? t(`sales.role.${c.role}`) : t('sales.role.none')}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section className="card" aria-labelledby={headingIds.history}>
            <h2 id={headingIds.history}>{t('sales.history.title')}</h2>
            {history.error ? <ErrorBanner error={history.error} onRetry={history.reload} /> : null}
            {history.loading && !history.data && <Loading />}
            {history.data && (
              <ol className="history-list" data-testid="stage-history">
                {[...history.data.items].reverse().map((change) => (
                  <li key={change.id}>
                    <div>
                      {change.fromStageId
                        ? t('sales.history.moved', { from: stageName(change.pipelineId, change.fromStageId), to: stageName(change.pipelineId, change.toStageId) })
                        : t('sales.history.created', { to: stageName(change.pipelineId, change.toStageId) })}
                    </div>
                    <div className="muted small">
                      <time dateTime={change.at}>{formatDateTime(change.at, locale)}</time>
                      {change.by && <>{' · '}{t('sales.log.by', { name: userName(change.by) })}</>}
                      {change.amount && <> · {formatMoney(change.amount, locale)}</>}
                    </div>
                  </li>
                ))}
              </ol>
            )}
          </section>
        </div>
        <div>
          <DocumentsPanel recordType="opportunity" recordId={o.id} />
          <ConversationLog opportunity={o} />
        </div>
      </div>

      <Modal open={editing} onClose={() => setEditing(false)} title={t('sales.opportunity.edit', { name: o.name })} wide>
        {pipelines.data && (
          <OpportunityForm key={o.version} initial={o} pipelines={pipelines.data} onCancel={() => setEditing(false)}
            onSaved={(saved) => {
              setEditing(false);
              setNotice({ kind: 'ok', text: t('common.saved') });
              // The PATCH answer has no "rotting": read the view again.
              opportunity.setData({ ...saved, rotting: o.rotting });
              opportunity.reload();
              history.reload();
            }}
            onConflict={() => {
              setEditing(false);
              setNotice({ kind: 'warn', text: t('sales.opportunity.conflictEdit') });
              refresh();
            }} />
        )}
      </Modal>
      <LostReasonDialog request={lost} onCancel={() => setLost(null)}
        onConfirm={(stageId, reason) => {
          setLost(null);
          const target = pipeline?.stages.find((s) => s.id === stageId);
          if (target) void move(target, reason);
        }} />
      <Modal open={!!wonChoice} onClose={() => setWonChoice(null)} title={t('sales.opportunity.chooseWon')}>
        <div className="row">
          {(wonChoice ?? []).map((s) => (
            <button key={s.id} type="button" className="primary" onClick={() => { setWonChoice(null); void move(s); }}>{s.name}</button>
          ))}
          <button type="button" onClick={() => setWonChoice(null)}>{t('common.cancel')}</button>
        </div>
      </Modal>
    </article>
  );
}

