import type { ReactNode } from 'react';
import { classNames } from './class-names.ts';

export type Tone = 'neutral' | 'accent' | 'success' | 'warning' | 'danger';

const tones: Record<Tone, string> = {
  neutral: 'bg-subtle text-ink-2 ring-line-strong/60',
  accent: 'bg-accent-soft text-accent-ink ring-accent/20',
  success: 'bg-success-soft text-success-ink ring-success-ink/15',
  warning: 'bg-warning-soft text-warning-ink ring-warning-ink/15',
  danger: 'bg-danger-soft text-danger-ink ring-danger-ink/15',
};

export function Badge({ tone = 'neutral', children, className }: { tone?: Tone; children: ReactNode; className?: string }) {
  return (
    <span className={classNames('inline-flex items-center gap-1 rounded-md px-1.5 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset', tones[tone], className)}>
      {children}
    </span>
  );
}
