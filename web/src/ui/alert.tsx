import { CircleAlert, CircleCheck, Info, TriangleAlert } from 'lucide-react';
import type { ReactNode } from 'react';
import { classNames } from './class-names.ts';

type AlertTone = 'error' | 'warning' | 'info' | 'success';

const tones: Record<AlertTone, { box: string; icon: ReactNode }> = {
  error: { box: 'bg-danger-soft text-danger-ink border-danger-ink/20', icon: <CircleAlert aria-hidden="true" /> },
  warning: { box: 'bg-warning-soft text-warning-ink border-warning-ink/20', icon: <TriangleAlert aria-hidden="true" /> },
  info: { box: 'bg-accent-soft text-accent-ink border-accent/20', icon: <Info aria-hidden="true" /> },
  success: { box: 'bg-success-soft text-success-ink border-success-ink/20', icon: <CircleCheck aria-hidden="true" /> },
};

/** A message in the page's flow. Errors are announced (role=alert); the others are status. */
export function Alert({ tone = 'info', title, children, action, className }: { tone?: AlertTone; title?: ReactNode; children?: ReactNode; action?: ReactNode; className?: string }) {
  const { box, icon } = tones[tone];
  return (
    <div role={tone === 'error' ? 'alert' : 'status'} className={classNames('flex items-start gap-3 rounded-lg border px-3.5 py-3 text-sm [&>svg]:mt-0.5 [&>svg]:size-4 [&>svg]:shrink-0', box, className)}>
      {icon}
      <div className="min-w-0 flex-1 space-y-0.5">
        {title ? <p className="font-semibold">{title}</p> : null}
        {children ? <div className="leading-relaxed [&_a]:font-medium [&_a]:underline">{children}</div> : null}
      </div>
      {action ? <div className="shrink-0 self-center">{action}</div> : null}
    </div>
  );
}
