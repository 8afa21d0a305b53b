import { DropdownMenu } from 'radix-ui';
import type { ReactNode } from 'react';
import { classNames } from './class-names.ts';

export const Menu = DropdownMenu.Root;
export const MenuTrigger = DropdownMenu.Trigger;

export function MenuContent({ children, align = 'end', className }: { children: ReactNode; align?: 'start' | 'end' | 'center'; className?: string }) {
  return (
    <DropdownMenu.Portal>
      <DropdownMenu.Content
        align={align}
        sideOffset={6}
        collisionPadding={8}
        className={classNames('z-50 min-w-48 rounded-lg border border-line bg-surface p-1 shadow-pop data-[state=open]:animate-pop-in', className)}
      >
        {children}
      </DropdownMenu.Content>
    </DropdownMenu.Portal>
  );
}

const item = classNames(
  'flex w-full cursor-default items-center gap-2 rounded-md px-2.5 py-2 text-sm text-ink outline-none select-none',
  'data-[highlighted]:bg-hover data-[disabled]:opacity-50 [&_svg]:size-4 [&_svg]:shrink-0 [&_svg]:text-ink-3',
);

export function MenuItem({ children, onSelect, destructive, disabled }: { children: ReactNode; onSelect?: (event: Event) => void; destructive?: boolean; disabled?: boolean }) {
  return (
    <DropdownMenu.Item className={classNames(item, destructive && 'text-danger-ink [&_svg]:text-danger-ink')} onSelect={onSelect} disabled={disabled}>
      {children}
    </DropdownMenu.Item>
  );
}

/** A menu item that is a link (`<MenuLinkItem><Link …/></MenuLinkItem>`). */
export function MenuLinkItem({ children }: { children: ReactNode }) {
  return (
    <DropdownMenu.Item asChild className={item}>
      {children}
    </DropdownMenu.Item>
  );
}

export function MenuLabel({ children }: { children: ReactNode }) {
  return <DropdownMenu.Label className="px-2.5 pt-2 pb-1 text-xs font-medium text-ink-3">{children}</DropdownMenu.Label>;
}

export function MenuSeparator() {
  return <DropdownMenu.Separator className="my-1 h-px bg-line" />;
}
