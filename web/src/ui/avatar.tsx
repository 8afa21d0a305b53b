import { classNames } from './class-names.ts';

const hues = ['bg-indigo-600', 'bg-emerald-700', 'bg-amber-700', 'bg-rose-600', 'bg-sky-700', 'bg-violet-600', 'bg-teal-700', 'bg-fuchsia-700'];

function initials(name: string): string {
  const words = name.trim().split(/[\s@._-]+/).filter(Boolean);
  return ((words[0]?.[0] ?? '?') + (words[1]?.[0] ?? '')).toUpperCase();
}

/** Initials on a colour picked from the name, so a person keeps their colour everywhere. */
export function Avatar({ name, className }: { name: string; className?: string }) {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return (
    <span aria-hidden="true" className={classNames('inline-flex size-8 shrink-0 items-center justify-center rounded-full text-xs font-semibold text-white', hues[Math.abs(hash) % hues.length], className)}>
      {initials(name)}
    </span>
  );
}

/** A workspace's square mark. */
export function WorkspaceMark({ name, className }: { name: string; className?: string }) {
  return <Avatar name={name} className={classNames('rounded-md', className)} />;
}
