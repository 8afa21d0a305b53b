import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Spinner } from '../../ui/spinner.tsx';
import { ErrorState } from '../../ui/states.tsx';
import { previewQuery } from './api.ts';

export type PreviewWidth = 'desktop' | 'tablet' | 'phone';
export const previewWidths: Record<PreviewWidth, { label: string; pixels: number }> = {
  desktop: { label: 'Desktop', pixels: 1280 },
  tablet: { label: 'Tablet', pixels: 768 },
  phone: { label: 'Phone', pixels: 375 },
};

/** Marks the selected section and shows that the others can be picked: drawn inside the frame. */
const frameStyle = `
[data-section-id]{cursor:pointer;transition:box-shadow .15s}
[data-section-id]:hover{box-shadow:inset 0 0 0 2px rgba(91,91,214,.45)}
[data-section-id][data-atelier-selected]{box-shadow:inset 0 0 0 3px #5b5bd6}
`;

/**
 * The page as visitors will see it: the server's renderer (the one publishing uses), its HTML in
 * a frame that runs no script (`sandbox` without `allow-scripts`). The frame shares this origin
 * only so the editor can listen for clicks on sections (`data-section-id`) and mark the
 * selected one; links and forms inside it do nothing.
 */
export function SitePreview({
  workspaceId,
  siteId,
  slug,
  revisionId,
  width,
  selectedSectionId,
  onSelect,
  title,
}: {
  workspaceId: string;
  siteId: string;
  slug: string;
  revisionId: string;
  width: PreviewWidth;
  selectedSectionId: string | null;
  onSelect: (sectionId: string) => void;
  title: string;
}) {
  const preview = useQuery({ ...previewQuery(workspaceId, siteId, slug, revisionId), placeholderData: keepPreviousData });
  const frame = useRef<HTMLIFrameElement | null>(null);
  const scroll = useRef(0);
  const select = useRef(onSelect);
  useEffect(() => {
    select.current = onSelect;
  }, [onSelect]);

  const mark = (document: Document | null | undefined, scrollTo: boolean) => {
    if (!document) return;
    for (const element of document.querySelectorAll('[data-atelier-selected]')) element.removeAttribute('data-atelier-selected');
    if (!selectedSectionId) return;
    const selected = document.querySelector(`[data-section-id="${CSS.escape(selectedSectionId)}"]`);
    selected?.setAttribute('data-atelier-selected', '');
    if (scrollTo && selected) selected.scrollIntoView({ block: 'nearest' });
  };

  useEffect(() => {
    mark(frame.current?.contentDocument, true);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selectedSectionId]);

  const onLoad = () => {
    const document = frame.current?.contentDocument;
    if (!document) return;
    const style = document.createElement('style');
    style.textContent = frameStyle;
    document.head.append(style);
    document.addEventListener('click', (event) => {
      const target = event.target as Element | null;
      if (target?.closest('a, button, form')) event.preventDefault();
      const section = target?.closest('[data-section-id]');
      const id = section?.getAttribute('data-section-id');
      if (id) select.current(id);
    });
    document.addEventListener('submit', (event) => event.preventDefault());
    document.defaultView?.addEventListener('scroll', () => {
      scroll.current = document.defaultView?.scrollY ?? 0;
    });
    document.defaultView?.scrollTo(0, scroll.current);
    mark(document, false);
  };

  // The page is laid out at the chosen device's width, then scaled down to fit the space there is.
  const box = useRef<HTMLDivElement | null>(null);
  const [space, setSpace] = useState({ width: 0, height: 0 });
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setSpace({ width: entry.contentRect.width, height: entry.contentRect.height });
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const pixels = previewWidths[width].pixels;
  const scale = space.width > 0 && pixels > space.width ? space.width / pixels : 1;
  const frameHeight = Math.max(space.height, 300) / scale;
  return (
    <div ref={box} className="relative flex h-[72vh] min-h-[460px] justify-center overflow-hidden rounded-xl border border-line bg-subtle p-2 sm:p-3">
      {preview.error && !preview.data ? (
        <ErrorState error={preview.error} onRetry={() => void preview.refetch()} />
      ) : preview.data ? (
        <div style={{ width: pixels * scale, height: '100%' }} className="shrink-0 overflow-hidden rounded-lg border border-line bg-white shadow-card">
          <iframe
            ref={frame}
            title={title}
            srcDoc={preview.data.html}
            sandbox="allow-same-origin"
            onLoad={onLoad}
            className="block origin-top-left border-0 bg-white"
            style={{ width: pixels, height: frameHeight, transform: scale === 1 ? undefined : `scale(${scale})` }}
            data-width={width}
          />
        </div>
      ) : (
        <p role="status" className="flex items-center gap-2 self-center text-sm text-ink-3">
          <Spinner /> Drawing the page…
        </p>
      )}
      {preview.isFetching && preview.data ? (
        <span className="absolute top-5 right-5 rounded-full bg-surface/90 p-1.5 shadow-card" role="status" aria-label="Updating the preview">
          <Spinner />
        </span>
      ) : null}
    </div>
  );
}
