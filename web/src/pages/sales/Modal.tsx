// A modal <dialog>: focus moves in, Escape closes it, focus returns where it was.
import { useEffect, useId, useRef, type ReactNode } from 'react';

export function Modal({ open, title, onClose, children, wide }:
  { open: boolean; title: string; onClose: () => void; children: ReactNode; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const returnTo = useRef<Element | null>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      returnTo.current = document.activeElement;
      dialog.showModal();
    } else if (!open && dialog.open) {
      dialog.close();
    }
    if (!open && returnTo.current instanceof HTMLElement && returnTo.current.isConnected) {
      returnTo.current.focus();
      returnTo.current = null;
    }
  }, [open]);
  return (
    <dialog ref={ref} aria-labelledby={titleId} className={wide ? 'wide' : undefined}
      onCancel={(e) => { e.preventDefault(); onClose(); }}>
      {open && (
        <>
          <h2 id={titleId}>{title}</h2>
          {children}
        </>
      )}
    </dialog>
  );
}
