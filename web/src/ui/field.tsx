import { TriangleAlert } from 'lucide-react';
import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';
import { classNames } from './class-names.ts';

export const inputClass = classNames(
  'block w-full h-9 rounded-lg border border-line-strong bg-surface px-3 text-sm text-ink shadow-sm',
  'placeholder:text-ink-3 transition-colors',
  'focus:border-accent focus:outline-none focus:ring-3 focus:ring-accent/20',
  'disabled:bg-subtle disabled:text-ink-3',
  'aria-invalid:border-danger aria-invalid:focus:ring-danger/20',
);

interface FieldShellProps {
  id: string;
  label: ReactNode;
  description?: ReactNode;
  error?: string | undefined;
  /** Shown at the right of the label (a "Forgot password?" link). */
  aside?: ReactNode;
  children: ReactNode;
  className?: string;
}

/** Label, control, help text and error, wired together for screen readers. */
export function FieldShell({ id, label, description, error, aside, children, className }: FieldShellProps) {
  return (
    <div className={classNames('space-y-1.5', className)}>
      <div className="flex items-baseline justify-between gap-2">
        <label htmlFor={id} className="text-sm font-medium text-ink">
          {label}
        </label>
        {aside}
      </div>
      {children}
      {description && !error ? (
        <p id={`${id}-description`} className="text-[13px] text-ink-3">
          {description}
        </p>
      ) : null}
      <FieldError id={id} error={error} />
    </div>
  );
}

/** A control's error, as `${id}-error`, which the control names in aria-describedby. */
export function FieldError({ id, error }: { id: string; error: string | undefined }) {
  return error ? (
    <p id={`${id}-error`} className="text-[13px] font-medium text-danger-ink">
      {error}
    </p>
  ) : null;
}

/** The error of a group of choices (a fieldset of checkboxes), with an icon, as `${id}-error`. */
export function GroupError({ id, error }: { id: string; error: string | undefined }) {
  return error ? (
    <p id={`${id}-error`} className="flex items-center gap-1.5 text-[13px] font-medium text-danger-ink">
      <TriangleAlert className="size-3.5" aria-hidden="true" />
      {error}
    </p>
  ) : null;
}

function describedBy(id: string, description: unknown, error: unknown): string | undefined {
  if (error) return `${id}-error`;
  if (description) return `${id}-description`;
  return undefined;
}

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: ReactNode;
  description?: ReactNode;
  error?: string | undefined;
  aside?: ReactNode;
  containerClassName?: string;
}

export function TextField({ label, description, error, aside, containerClassName, className, ...props }: TextFieldProps) {
  const id = useId();
  return (
    <FieldShell id={id} label={label} description={description} error={error} aside={aside} className={containerClassName}>
      <input id={id} className={classNames(inputClass, className)} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, description, error)} {...props} />
    </FieldShell>
  );
}

export interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> {
  label: ReactNode;
  description?: ReactNode;
  error?: string | undefined;
  containerClassName?: string;
}

export function SelectField({ label, description, error, containerClassName, className, children, ...props }: SelectFieldProps) {
  const id = useId();
  return (
    <FieldShell id={id} label={label} description={description} error={error} className={containerClassName}>
      <Select id={id} className={className} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, description, error)} {...props}>
        {children}
      </Select>
    </FieldShell>
  );
}

/** A native select (keyboard, screen readers and phones handle it best), styled like the inputs. */
export function Select({ className, children, ...props }: SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <div className={classNames('relative', className)}>
      <select className={classNames(inputClass, 'appearance-none pr-9')} {...props}>
        {children}
      </select>
      <svg className="pointer-events-none absolute top-1/2 right-3 size-4 -translate-y-1/2 text-ink-3" viewBox="0 0 16 16" fill="none" aria-hidden="true">
        <path d="m4 6 4 4 4-4" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
    </div>
  );
}
