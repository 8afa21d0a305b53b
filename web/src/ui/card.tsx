import type { HTMLAttributes, ReactNode } from 'react';
import { classNames } from './class-names.ts';

export function Card({ className, children, ...props }: HTMLAttributes<HTMLElement>) {
  return (
    <section className={classNames('rounded-xl border border-line bg-surface shadow-card', className)} {...props}>
      {children}
    </section>
  );
}

/** A card's title row: heading, a line of explanation, and actions at the right. */
export function CardHeader({ title, description, actions, id }: { title: ReactNode; description?: ReactNode; actions?: ReactNode; id?: string }) {
  return (
    <div className="flex flex-wrap items-start justify-between gap-3 border-b border-line px-5 py-4">
      <div className="min-w-0 space-y-0.5">
        <h2 id={id} className="text-[15px] font-semibold text-ink">
          {title}
        </h2>
        {description ? <p className="text-sm text-ink-3">{description}</p> : null}
      </div>
      {actions ? <div className="flex flex-wrap items-center gap-2">{actions}</div> : null}
    </div>
  );
}
