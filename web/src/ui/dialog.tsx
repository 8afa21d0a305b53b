import { X } from 'lucide-react';
import { AlertDialog, Dialog as RadixDialog } from 'radix-ui';
import { useState, type ReactNode } from 'react';
import { Alert } from './alert.tsx';
import { Button } from './button.tsx';
import { inputClass } from './field.tsx';
import { classNames } from './class-names.ts';
import { useQueryClient } from '@tanstack/react-query';
import { messageOf } from '../api/client.ts';
import { refreshAfterRefusal } from './refusal.ts';

const overlay = 'fixed inset-0 z-40 bg-black/40 backdrop-blur-[2px] data-[state=open]:animate-fade-in';
const panel = classNames(
  'fixed top-1/2 left-1/2 z-50 w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2',
  'max-h-[calc(100dvh-2rem)] overflow-y-auto rounded-xl border border-line bg-surface p-5 shadow-pop sm:p-6',
  'data-[state=open]:animate-pop-in focus:outline-none',
);

interface DialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  children: ReactNode;
  wide?: boolean;
}

/** A modal with a title, a close button and focus kept inside (Radix Dialog). */
export function Dialog({ open, onOpenChange, title, description, children, wide }: DialogProps) {
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className={overlay} />
        <RadixDialog.Content className={classNames(panel, wide && 'max-w-lg')} {...(description ? {} : { 'aria-describedby': undefined })}>
          <div className="mb-4 flex items-start justify-between gap-4">
            <div className="space-y-1">
              <RadixDialog.Title className="text-base font-semibold text-ink">{title}</RadixDialog.Title>
              {description ? <RadixDialog.Description className="text-sm text-ink-3">{description}</RadixDialog.Description> : null}
            </div>
            <RadixDialog.Close className="-mt-1 -mr-2 rounded-md p-1.5 text-ink-3 hover:bg-hover hover:text-ink" aria-label="Close">
              <X className="size-4" aria-hidden="true" />
            </RadixDialog.Close>
          </div>
          {children}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

interface ConfirmProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description: ReactNode;
  confirmLabel: string;
  /** Runs the action; a thrown error is shown in the dialog, which stays open. */
  onConfirm: () => Promise<unknown>;
  destructive?: boolean;
  /** The text a person must type to enable the button (a workspace's slug before deleting it). */
  typeToConfirm?: string;
}

/** Asks before an action that cannot be undone, and shows the server's refusal in place. */
export function ConfirmDialog({ open, onOpenChange, title, description, confirmLabel, onConfirm, destructive = true, typeToConfirm }: ConfirmProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [typed, setTyped] = useState('');
  const queryClient = useQueryClient();
  const change = (next: boolean) => {
    if (busy) return;
    if (!next) {
      setError(null);
      setTyped('');
    }
    onOpenChange(next);
  };
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      setTyped('');
      onOpenChange(false);
    } catch (caught) {
      refreshAfterRefusal(queryClient, caught);
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const blocked = typeToConfirm !== undefined && typed.trim() !== typeToConfirm;
  return (
    <AlertDialog.Root open={open} onOpenChange={change}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className={overlay} />
        <AlertDialog.Content className={panel}>
          <AlertDialog.Title className="text-base font-semibold text-ink">{title}</AlertDialog.Title>
          <AlertDialog.Description asChild>
            <div className="mt-2 text-sm leading-relaxed text-ink-2">{description}</div>
          </AlertDialog.Description>
          {typeToConfirm !== undefined ? (
            <div className="mt-4 space-y-1.5">
              <label htmlFor="confirm-text" className="block text-sm font-medium text-ink">
                Type <span className="rounded bg-subtle px-1 py-0.5 font-mono text-[13px]">{typeToConfirm}</span> to confirm
              </label>
              <input id="confirm-text" className={inputClass} value={typed} onChange={(event) => setTyped(event.target.value)} autoComplete="off" spellCheck={false} />
            </div>
          ) : null}
          {error ? (
            <Alert tone="error" className="mt-4">
              {messageOf(error)}
            </Alert>
          ) : null}
          <div className="mt-6 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <AlertDialog.Cancel asChild>
              <Button disabled={busy}>Cancel</Button>
            </AlertDialog.Cancel>
            <Button variant={destructive ? 'danger' : 'primary'} busy={busy} disabled={blocked} onClick={() => void run()}>
              {confirmLabel}
            </Button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
