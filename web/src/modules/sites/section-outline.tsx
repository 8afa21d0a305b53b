import { ArrowDown, ArrowUp, GripVertical, Plus } from 'lucide-react';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Button } from '../../ui/button.tsx';
import { classNames } from '../../ui/class-names.ts';
import { sectionTypeLabels, type SitePage } from './api.ts';
import { sectionTitle } from './document-edits.ts';

/**
 * The page's sections in order. Pick one to edit it; move it with the arrow buttons, with
 * Alt+↑ / Alt+↓ on the focused section, or by dragging. Each move is announced.
 */
export function SectionOutline({
  page,
  selectedSectionId,
  onSelect,
  onMove,
  onAdd,
  canEdit,
}: {
  page: SitePage;
  selectedSectionId: string | null;
  onSelect: (sectionId: string) => void;
  onMove: (sectionId: string, toIndex: number) => void;
  onAdd: () => void;
  canEdit: boolean;
}) {
  const [announcement, setAnnouncement] = useState('');
  const [dragging, setDragging] = useState<string | null>(null);
  const [over, setOver] = useState<number | null>(null);
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const refocus = useRef<string | null>(null);

  useEffect(() => {
    if (refocus.current) buttons.current.get(refocus.current)?.focus();
    refocus.current = null;
  }, [page.sections]);

  const move = (sectionId: string, toIndex: number) => {
    const count = page.sections.length;
    if (toIndex < 0 || toIndex >= count) return;
    const section = page.sections.find((candidate) => candidate.id === sectionId);
    refocus.current = sectionId;
    onMove(sectionId, toIndex);
    if (section) setAnnouncement(`${sectionTypeLabels[section.type].label} moved to position ${toIndex + 1} of ${count}`);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, sectionId: string, index: number) => {
    if (!canEdit || !event.altKey) return;
    if (event.key === 'ArrowUp') {
      event.preventDefault();
      move(sectionId, index - 1);
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      move(sectionId, index + 1);
    }
  };

  return (
    <div className="space-y-2">
      <div className="flex items-center justify-between gap-2">
        <h2 className="text-sm font-semibold text-ink" id="outline-heading">
          Sections
        </h2>
        {canEdit ? (
          <Button size="sm" variant="ghost" icon={<Plus aria-hidden="true" />} onClick={onAdd}>
            Add section
          </Button>
        ) : null}
      </div>
      {canEdit ? (
        <p id="outline-help" className="text-xs text-ink-3">
          Alt + ↑ / ↓ moves the focused section. You can also drag.
        </p>
      ) : null}
      {page.sections.length === 0 ? <p className="rounded-lg border border-dashed border-line p-4 text-sm text-ink-3">This page has no sections yet.</p> : null}
      <ol className="space-y-1" aria-labelledby="outline-heading">
        {page.sections.map((section, index) => {
          const selected = section.id === selectedSectionId;
          const label = sectionTypeLabels[section.type].label;
          const title = sectionTitle(section);
          return (
            <li
              key={section.id}
              draggable={canEdit}
              onDragStart={(event) => {
                setDragging(section.id);
                event.dataTransfer.effectAllowed = 'move';
                event.dataTransfer.setData('text/plain', section.id);
              }}
              onDragOver={(event) => {
                if (!dragging) return;
                event.preventDefault();
                setOver(index);
              }}
              onDragEnd={() => {
                setDragging(null);
                setOver(null);
              }}
              onDrop={(event) => {
                event.preventDefault();
                if (dragging && dragging !== section.id) move(dragging, index);
                setDragging(null);
                setOver(null);
              }}
              className={classNames(
                'group flex items-center gap-1 rounded-lg border bg-surface pr-1 transition-colors',
                selected ? 'border-accent bg-accent-soft' : 'border-line hover:bg-subtle',
                over === index && dragging !== section.id && 'ring-2 ring-accent/40',
                dragging === section.id && 'opacity-50',
              )}
            >
              {canEdit ? <GripVertical className="ml-1 size-4 shrink-0 cursor-grab text-ink-3" aria-hidden="true" /> : null}
              <button
                ref={(element) => {
                  if (element) buttons.current.set(section.id, element);
                  else buttons.current.delete(section.id);
                }}
                type="button"
                aria-current={selected ? 'true' : undefined}
                aria-describedby={canEdit ? 'outline-help' : undefined}
                onClick={() => onSelect(section.id)}
                onKeyDown={(event) => onKeyDown(event, section.id, index)}
                className="min-w-0 flex-1 rounded-md px-2 py-2 text-left focus:outline-none focus-visible:ring-3 focus-visible:ring-accent/40"
              >
                <span className={classNames('block text-xs font-medium', selected ? 'text-accent-ink' : 'text-ink-3')}>
                  {index + 1}. {label}
                </span>
                <span className="block truncate text-sm text-ink">{title || label}</span>
              </button>
              {canEdit ? (
                <span className="flex shrink-0 flex-col">
                  <button type="button" className="rounded p-0.5 text-ink-3 hover:bg-hover hover:text-ink disabled:opacity-30" disabled={index === 0} onClick={() => move(section.id, index - 1)} aria-label={`Move ${label} up`}>
                    <ArrowUp className="size-3.5" aria-hidden="true" />
                  </button>
                  <button
                    type="button"
                    className="rounded p-0.5 text-ink-3 hover:bg-hover hover:text-ink disabled:opacity-30"
                    disabled={index === page.sections.length - 1}
                    onClick={() => move(section.id, index + 1)}
                    aria-label={`Move ${label} down`}
                  >
                    <ArrowDown className="size-3.5" aria-hidden="true" />
                  </button>
                </span>
              ) : null}
            </li>
          );
        })}
      </ol>
      <p className="sr-only" aria-live="assertive">
        {announcement}
      </p>
    </div>
  );
}
