import { useQuery } from '@tanstack/react-query';
import { Globe } from 'lucide-react';
import { previewQuery, type SiteView } from './api.ts';

/**
 * The site's home page, drawn small: the preview's HTML (no script) in a sandboxed frame at a
 * desktop width, scaled down. Decorative: the card's words say what it is.
 */
export function SiteThumbnail({ workspaceId, site }: { workspaceId: string; site: SiteView }) {
  const ready = site.currentRevisionId !== null;
  const { data } = useQuery({ ...previewQuery(workspaceId, site.id, '', site.currentRevisionId), enabled: ready });
  return (
    <div className="relative aspect-[16/10] overflow-hidden rounded-t-xl border-b border-line bg-subtle" aria-hidden="true">
      {data ? (
        <iframe
          title={`${site.name} thumbnail`}
          srcDoc={data.html}
          sandbox=""
          tabIndex={-1}
          loading="lazy"
          className="pointer-events-none absolute top-0 left-0 h-[400%] w-[400%] origin-top-left scale-25 border-0 bg-white"
        />
      ) : (
        <div className="flex h-full items-center justify-center text-ink-3">
          <Globe className="size-8" />
        </div>
      )}
    </div>
  );
}
