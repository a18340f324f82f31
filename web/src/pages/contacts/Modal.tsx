// A modal dialog on the native <dialog>: focus is trapped, Escape closes, focus returns after.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { ErrorBanner } from '../../components/States';
import { useI18n } from '../../i18n';

export function Modal({ title, onClose, children, wide }: {
  title: string; onClose: () => void; children: ReactNode; wide?: boolean;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement as HTMLElement | null;
    if (dialog && !dialog.open) dialog.showModal();
    const cancel = (event: Event) => { event.preventDefault(); closeRef.current(); };
    dialog?.addEventListener('cancel', cancel);
    return () => {
      dialog?.removeEventListener('cancel', cancel);
      if (dialog?.open) dialog.close();
      opener?.focus?.();
    };
  }, []);
  return (
    <dialog ref={ref} className={`ct-modal${wide ? ' ct-modal-wide' : ''}`} aria-labelledby="ct-modal-title">
      <div className="ct-modal-head">
        <h2 id="ct-modal-title">{title}</h2>
        <button type="button" className="link-button" onClick={onClose}>{t('common.close')}</button>
      </div>
      {children}
    </dialog>
  );
}

// Asks before a soft delete; the record can be restored later.
export function DeleteDialog({ name, onConfirm, onClose }: { name: string; onConfirm: () => Promise<void>; onClose: () => void }) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Modal title={t('common.delete')} onClose={onClose}>
      <p>{t('common.confirmDelete', { name })}</p>
      {error !== null && <ErrorBanner error={error} />}
      <div className="form-actions">
        <button type="button" onClick={onClose}>{t('common.cancel')}</button>
        <button type="button" className="danger" disabled={busy} autoFocus onClick={async () => {
          setBusy(true);
          try { await onConfirm(); } catch (failure) { setError(failure); setBusy(false); }
        }}>{t('common.delete')}</button>
      </div>
    </Modal>
  );
}

