import { FileText, Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Badge } from '../../ui/badge.tsx';
import { Button } from '../../ui/button.tsx';
import { classNames } from '../../ui/class-names.ts';
import { ConfirmDialog } from '../../ui/dialog.tsx';
import { inputClass, TextField } from '../../ui/field.tsx';
import { pageSlugSchema, type SiteDocument, type SiteOperation } from './api.ts';
import { newId } from './document-edits.ts';

const slugOf = (title: string) =>
  title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);

/** The site's pages: open one, rename it, add one, delete one (never the home page). */
export function PagesPanel({ document, pageId, onOpen, onChange, canEdit, pageLimit }: { document: SiteDocument; pageId: string; onOpen: (pageId: string) => void; onChange: (operations: SiteOperation[], options?: { now?: boolean }) => void; canEdit: boolean; pageLimit: number }) {
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [deleting, setDeleting] = useState<string | null>(null);
  const add = () => {
    const clean = title.trim();
    const slug = slugOf(clean);
    if (!clean || !slug || !pageSlugSchema.safeParse(slug).success) return setError('Give the page a name with letters or digits');
    if (document.pages.some((page) => page.slug === slug)) return setError('A page with this address exists');
    setError(undefined);
    const id = newId();
    onChange([{ op: 'addPage', index: null, page: { id, slug, title: clean.slice(0, 60), seo: { title: `${clean} · ${document.name}`.slice(0, 70), description: '', ogImage: null }, sections: [] } }], { now: true });
    setTitle('');
    onOpen(id);
  };
  const target = document.pages.find((page) => page.id === deleting);
  return (
    <div className="space-y-4">
      <ul className="space-y-2">
        {document.pages.map((page) => (
          <li key={page.id} className={classNames('rounded-lg border p-2.5', page.id === pageId ? 'border-accent bg-accent-soft/50' : 'border-line')}>
            <div className="flex items-center gap-2">
              <FileText className="size-4 shrink-0 text-ink-3" aria-hidden="true" />
              {canEdit ? (
                <>
                  <label htmlFor={`page-title-${page.id}`} className="sr-only">
                    Name of the page /{page.slug}
                  </label>
                  <input
                    id={`page-title-${page.id}`}
                    className={`${inputClass} h-8`}
                    value={page.title}
                    maxLength={60}
                    onChange={(event) => {
                      if (event.target.value.trim()) onChange([{ op: 'updatePage', pageId: page.id, title: event.target.value }]);
                    }}
                  />
                </>
              ) : (
                <span className="flex-1 text-sm text-ink">{page.title}</span>
              )}
            </div>
            <div className="mt-2 flex items-center justify-between gap-2">
              <span className="truncate font-mono text-xs text-ink-3">/{page.slug}</span>
              <span className="flex items-center gap-1">
                {page.slug === '' ? <Badge>Home</Badge> : null}
                {page.id !== pageId ? (
                  <Button size="sm" variant="ghost" onClick={() => onOpen(page.id)}>
                    Open
                  </Button>
                ) : (
                  <Badge tone="accent">Open</Badge>
                )}
                {canEdit && page.slug !== '' ? (
                  <Button size="icon" variant="danger-ghost" className="size-8" aria-label={`Delete ${page.title}`} onClick={() => setDeleting(page.id)}>
                    <Trash2 aria-hidden="true" />
                  </Button>
                ) : null}
              </span>
            </div>
          </li>
        ))}
      </ul>
      {canEdit ? (
        document.pages.length < pageLimit ? (
          <form
            className="flex items-end gap-2"
            onSubmit={(event) => {
              event.preventDefault();
              add();
            }}
          >
            <TextField label="New page" placeholder="About us" value={title} onChange={(event) => setTitle(event.target.value)} error={error} containerClassName="flex-1" maxLength={60} />
            <Button type="submit" icon={<Plus aria-hidden="true" />} className={error ? 'mb-6' : undefined}>
              Add
            </Button>
          </form>
        ) : (
          <p className="text-sm text-ink-3">This site has as many pages as the plan allows.</p>
        )
      ) : null}
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title={`Delete the page ${target?.title ?? ''}?`}
        description="Its sections go with it. Undo or the history panel can bring it back."
        confirmLabel="Delete page"
        onConfirm={async () => {
          if (!deleting) return;
          if (deleting === pageId) onOpen(document.pages.find((page) => page.slug === '')?.id ?? pageId);
          onChange([{ op: 'removePage', pageId: deleting }], { now: true });
          setDeleting(null);
        }}
      />
    </div>
  );
}
