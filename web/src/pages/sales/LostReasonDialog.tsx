// Asks why a deal was lost before it moves to a lost stage (the API requires a reason).
import { useEffect, useState, type FormEvent } from 'react';
import { SelectField, TextArea } from '../../components/Field';
import { useI18n } from '../../i18n';
import { Modal } from './Modal';
import type { Stage } from './salesTypes';

export interface LostRequest {
  opportunityName: string;
  stages: Stage[];          // the lost stages to choose from (the first preselected)
  stageId?: string;
}

const commonReasons = ['price', 'competitor', 'budget', 'timing', 'noDecision', 'fit'] as const;

export function LostReasonDialog({ request, busy, error, onConfirm, onCancel }: {
  request: LostRequest | null;
  busy?: boolean;
  error?: string;
  onConfirm: (stageId: string, reason: string) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [stageId, setStageId] = useState('');
  const [missing, setMissing] = useState(false);

  useEffect(() => {
    if (request) {
      setReason('');
      setMissing(false);
      setStageId(request.stageId ?? request.stages[0]?.id ?? '');
    }
  }, [request]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) {
      setMissing(true);
      return;
    }
    onConfirm(stageId, reason.trim());
  };

  return (
    <Modal open={!!request} onClose={onCancel} title={t('sales.lost.title', { name: request?.opportunityName ?? '' })}>
      <form onSubmit={submit} noValidate>
        <p className="muted">{t('sales.lost.explain')}</p>
        {request && request.stages.length > 1 && (
          <SelectField label={t('sales.lost.stage')} value={stageId} onChange={(e) => setStageId(e.target.value)}
            options={request.stages.map((s) => ({ value: s.id, label: s.name }))} />
        )}
        <div className="row reason-chips" role="group" aria-label={t('sales.lost.common')}>
          {commonReasons.map((key) => (
            <button key={key} type="button" className="chip" onClick={() => { setReason(t(`sales.lost.reason.${key}`)); setMissing(false); }}>
              {t(`sales.lost.reason.${key}`)}
            </button>
          ))}
        </div>
        <TextArea label={t('sales.lost.reason')} value={reason} maxLength={500} required autoFocus
          error={missing ? t('sales.lost.reasonRequired') : error}
          onChange={(e) => { setReason(e.target.value); setMissing(false); }} />
        <div className="form-actions">
          <button type="button" onClick={onCancel}>{t('common.cancel')}</button>
          <button type="submit" className="primary danger-primary" disabled={busy}>
            {busy ? t('common.saving') : t('sales.lost.confirm')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
