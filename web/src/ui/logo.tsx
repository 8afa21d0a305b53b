import { classNames } from './class-names.ts';

export function Logo({ className, withName = true }: { className?: string; withName?: boolean }) {
  return (
    <span className={classNames('inline-flex items-center gap-2 font-semibold tracking-tight text-ink', className)}>
      <svg viewBox="0 0 32 32" className="size-7" aria-hidden="true">
        <rect width="32" height="32" rx="8" fill="#5b5bd6" />
        <path d="M9 23 16 8l7 15M11.8 17.5h8.4" fill="none" stroke="#fff" strokeWidth="2.6" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      {withName ? <span className="text-[17px]">Atelier</span> : <span className="sr-only">Atelier</span>}
    </span>
  );
}
