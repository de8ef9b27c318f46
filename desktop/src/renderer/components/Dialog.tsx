// A modal dialog on the platform's <dialog>: focus moves into it and stays there, the rest of the
// window is inert, Esc and the × close it. Esc is stopped here, so it never also reaches the
// screen below (where it means "back to the patient list"). Mounted means open.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useMessages } from '../i18n/locale-context';
import { useDialogSubject } from './dialog-subject';
import './dialog.css';

interface DialogProps {
  title: ReactNode;
  onClose(): void;
  children: ReactNode;
  /** Buttons at the foot, primary last. */
  actions?: ReactNode;
  size?: 'normal' | 'wide' | 'full';
  className?: string;
  /** data-testid of the <dialog>, for tests that must tell two open dialogs apart. */
  testId?: string;
}

export function Dialog({ title, onClose, children, actions, size = 'normal', className, testId }: DialogProps) {
  const t = useMessages();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const subject = useDialogSubject();
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  }, [onClose]);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    // Focus returns where it was (the button that opened the dialog) when it closes.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    // Chromium may close a dialog itself (a repeated Esc); the owner must then forget it too.
    const closedByBrowser = () => onCloseRef.current();
    dialog.addEventListener('close', closedByBrowser);
    return () => {
      dialog.removeEventListener('close', closedByBrowser);
      if (dialog.open) dialog.close();
      if (opener !== null && opener.isConnected) opener.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={`dialog dialog--${size}${className ? ` ${className}` : ''}`}
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') event.stopPropagation();
      }}
    >
      <div className="dialog__head">
        <h2 id={titleId} className="dialog__title">
          {title}
        </h2>
        <button type="button" className="dialog__close" aria-label={t('close')} onClick={onClose}>
          ×
        </button>
      </div>
      {subject !== null ? (
        <div className="dialog__subject" data-testid="dialog-subject">
          {subject}
        </div>
      ) : null}
      <div className="dialog__body">{children}</div>
      {actions !== undefined ? <div className="dialog__actions">{actions}</div> : null}
    </dialog>
  );
}

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm(): void;
  onCancel(): void;
  /** The action cannot be undone (a withdrawal, a finalisation): the button says so in red. */
  danger?: boolean;
  busy?: boolean;
}

export function ConfirmDialog({ title, children, confirmLabel, onConfirm, onCancel, danger = false, busy = false }: ConfirmDialogProps) {
  const t = useMessages();
  return (
    <Dialog
      title={title}
      onClose={onCancel}
      actions={
        <>
          <button type="button" className="button" onClick={onCancel} autoFocus>
            {t('cancel')}
          </button>
          <button
            type="button"
            className={`button ${danger ? 'button--danger' : 'button--primary'}`}
            aria-disabled={busy || undefined}
            onClick={() => {
              if (!busy) onConfirm();
            }}
          >
            {confirmLabel}
          </button>
        </>
      }
    >
      {children}
    </Dialog>
  );
}
