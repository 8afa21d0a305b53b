import { classNames } from '../../ui/class-names.ts';
import { CopyButton } from '../../ui/copy-button.tsx';

/** JSON text indented for reading; anything else as it came. */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

interface CodeBlockProps {
  /** What the block holds, for screen readers (and shown above it, unless the card around it already says). */
  label: string;
  showLabel?: boolean;
  code: string;
  copy?: boolean;
  className?: string;
}

/**
 * A block of code (a message body, an answer) that scrolls in itself: focusable and named, so a
 * keyboard user can scroll it and a screen reader says what it holds.
 */
export function CodeBlock({ label, showLabel = true, code, copy = false, className }: CodeBlockProps) {
  const copyable = copy && code !== '';
  return (
    <div className="min-w-0 space-y-1.5">
      {showLabel || copyable ? (
        <div className="flex min-h-8 items-center justify-between gap-2">
          {showLabel ? <p className="text-[13px] font-medium text-ink-2">{label}</p> : <span />}
          {copyable ? <CopyButton value={code} /> : null}
        </div>
      ) : null}
      <pre tabIndex={0} aria-label={label} className={classNames('max-h-80 overflow-auto rounded-lg border border-line bg-subtle px-3 py-2.5 font-mono text-[12.5px] leading-relaxed text-ink', className)}>
        {code === '' ? <span className="text-ink-3">(empty)</span> : code}
      </pre>
    </div>
  );
}
