import type { ReactNode } from 'react';

/**
 * A wide table's horizontal scroller (phones): focusable and named, so a keyboard user can
 * scroll it with the arrow keys and a screen reader announces what it holds.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="overflow-x-auto focus-visible:outline-offset-[-2px]" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
