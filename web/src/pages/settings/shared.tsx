// Pieces every settings screen uses: the admin-only notice, the secret shown once with a copy
// button, a confirmation dialog, and the small "saved" status line.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { ApiError } from '../../api/client';
import type { Role } from '../../api/types';
import { useI18n } from '../../i18n';
import { usePageTitle } from '../../lib/usePageTitle';

// What an admin-only part says to everyone else (the server answers 403 anyway).
export function AdminOnlyNotice({ role, what }: { role: Role; what: string }) {
  const { t } = useI18n();
  return (
    <div className="banner banner-warn admin-only" role="note">
      <p><strong>{t('settings.adminOnly.title')}</strong> {t('settings.adminOnly.body', { what, role: t(`role.${role}`) })}</p>
    </div>
  );
}

// A secret shown exactly once (one-time password, API key): a labelled region, the value as text,
// a copy button and the reminder that it will not be shown again.
export function SecretOnce({ title, value, explain, onDone }: {
  title: string; value: string; explain: string; onDone: () => void;
}) {
  const { t } = useI18n();
  const headingId = useId();
  const [copied, setCopied] = useState<'idle' | 'ok' | 'failed'>('idle');
  const code = useRef<HTMLElement>(null);
  const box = useRef<HTMLElement>(null);
  useEffect(() => { box.current?.focus(); }, []);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('ok');
    } catch {
      // No clipboard permission: select the text so Ctrl+C copies it.
      const range = document.createRange();
      if (code.current) {
        range.selectNodeContents(code.current);
        const selection = window.getSelection();
        selection?.removeAllRanges();
        selection?.addRange(range);
      }
      setCopied('failed');
    }
  };

  return (
    <section className="secret-once" aria-labelledby={headingId} ref={box} tabIndex={-1}>
      <h3 id={headingId}>{title}</h3>
      <p>{explain}</p>
      <div className="secret-value">
        <code ref={code} data-secret="">{value}</code>
        <button type="button" onClick={() => void copy()}>{t('settings.secret.copy')}</button>
      </div>
      <p className="small" role="status" aria-live="polite">
        {copied === 'ok' ? t('settings.secret.copied') : copied === 'failed' ? t('settings.secret.copyFailed') : ''}
      </p>
      <p className="small"><strong>{t('settings.secret.once')}</strong></p>
      <div className="form-actions">
        <button type="button" className="primary" onClick={onDone}>{t('settings.secret.done')}</button>
      </div>
    </section>
  );
}

// A modal confirmation (the native <dialog>: focus trapped, Escape cancels).
export function ConfirmDialog({ open, title, body, confirmLabel, danger, onConfirm, onCancel, children }: {
  open: boolean; title: string; body?: ReactNode; confirmLabel: string; danger?: boolean;
  onConfirm: () => void; onCancel: () => void; children?: ReactNode;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} aria-labelledby={titleId} onCancel={(e) => { e.preventDefault(); onCancel(); }}>
      <h2 id={titleId}>{title}</h2>
      {body && <p>{body}</p>}
      {children}
      <div className="form-actions">
        <button type="button" onClick={onCancel}>{t('common.cancel')}</button>
        <button type="button" className={danger ? 'danger-solid' : 'primary'} onClick={onConfirm}>{confirmLabel}</button>
      </div>
    </dialog>
  );
}

// A polite status line ("Saved.") that clears itself.
export function useFlash(): [string, (message: string) => void] {
  const [message, setMessage] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return [message, (next: string) => {
    setMessage(next);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setMessage(''), 6000);
  }];
}

export function Flash({ message }: { message: string }) {
  return <p className="flash" role="status" aria-live="polite">{message && <span className="banner banner-ok">{message}</span>}</p>;
}

export function asApiError(failure: unknown): ApiError {
  return failure instanceof ApiError ? failure : new ApiError(0, 'error', String(failure));
}

// The section heading and its one-line purpose.
export function SectionHeader({ id, title, intro, actions }: { id?: string; title: string; intro?: string; actions?: ReactNode }) {
  usePageTitle(title);
  return (
    <header className="settings-section-header">
      <div>
        <h1 id={id}>{title}</h1>
        {intro && <p className="muted">{intro}</p>}
      </div>
      {actions && <div className="actions">{actions}</div>}
    </header>
  );
}
