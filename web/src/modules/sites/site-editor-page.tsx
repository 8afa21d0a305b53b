import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { ArrowLeft, CloudOff, ExternalLink, Globe, Monitor, Trash2, MoreHorizontal, Redo2, Smartphone, Tablet, Undo2, CircleCheck, CloudUpload, TriangleAlert } from 'lucide-react';
import { Tabs } from 'radix-ui';
import { useCallback, useEffect, useState } from 'react';
import { useMe, useWorkspace } from '../../app/current.ts';
import { messageOf } from '../../api/client.ts';
import { Alert } from '../../ui/alert.tsx';
import { Badge } from '../../ui/badge.tsx';
import { Button, buttonClass } from '../../ui/button.tsx';
import { Card } from '../../ui/card.tsx';
import { classNames } from '../../ui/class-names.ts';
import { CopyButton } from '../../ui/copy-button.tsx';
import { ConfirmDialog, Dialog } from '../../ui/dialog.tsx';
import { Menu, MenuContent, MenuItem, MenuTrigger } from '../../ui/menu.tsx';
import { refreshAfterRefusal } from '../../ui/refusal.ts';
import { Spinner } from '../../ui/spinner.tsx';
import { ErrorState, Skeleton } from '../../ui/states.tsx';
import { useDocumentTitle } from '../../ui/page.tsx';
import { useToast } from '../../ui/toast.tsx';
import { can } from '../identity/permissions.ts';
import { planQuery } from '../usage/api.ts';
import { keys, siteQuery, sites, type RevisionSummary, type SiteDocument, type SiteView, type SiteWithDocument } from './api.ts';
import { GenerationProgress } from './generation-progress.tsx';
import { PagesPanel } from './pages-panel.tsx';
import { causeLabels, RevisionsPanel } from './revisions-panel.tsx';
import { AddSectionDialog, SectionPanel } from './section-panel.tsx';
import { SectionOutline } from './section-outline.tsx';
import { SitePreview, previewWidths, type PreviewWidth } from './site-preview.tsx';
import { SubmissionsPanel } from './submissions-panel.tsx';
import { ThemePanel } from './theme-panel.tsx';
import { useSiteEditor, type SaveState } from './use-site-editor.ts';

/** `/w/$workspaceId/sites/$siteId`: the progress of a site being generated, then its editor. */
export function SiteEditorPage() {
  const workspace = useWorkspace();
  const { siteId } = useParams({ from: '/app/w/$workspaceId/sites/$siteId' });
  const queryClient = useQueryClient();
  const site = useQuery(siteQuery(workspace.id, siteId));
  useDocumentTitle(site.data?.site.name ?? 'Site', workspace.name);

  if (site.isPending)
    return (
      <div role="status" aria-live="polite" className="space-y-4">
        <span className="sr-only">Loading the site…</span>
        <Skeleton className="h-10 w-1/3" />
        <Skeleton className="h-[60vh] w-full rounded-xl" />
      </div>
    );
  if (site.error)
    return (
      <Card>
        <ErrorState error={site.error} onRetry={() => void site.refetch()} />
      </Card>
    );

  const { document, revision } = site.data;
  if (!document || !revision || site.data.site.status === 'generating') {
    return (
      <Generating
        workspaceId={workspace.id}
        site={site.data.site}
        onDone={async () => {
          await queryClient.invalidateQueries({ queryKey: keys.site(workspace.id, siteId) });
          await queryClient.invalidateQueries({ queryKey: keys.sites(workspace.id) });
        }}
      />
    );
  }
  return <Editor key={site.data.site.id} initial={{ ...site.data, document, revision }} />;
}

function BackToSites({ workspaceId }: { workspaceId: string }) {
  return (
    <Link to="/w/$workspaceId/sites" params={{ workspaceId }} className="inline-flex items-center gap-1 text-sm font-medium text-ink-3 hover:text-ink">
      <ArrowLeft className="size-4" aria-hidden="true" />
      Sites
    </Link>
  );
}

function Generating({ workspaceId, site, onDone }: { workspaceId: string; site: SiteView; onDone: () => Promise<void> }) {
  return (
    <div className="mx-auto max-w-xl space-y-6 py-6">
      <BackToSites workspaceId={workspaceId} />
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight text-ink">Building your site</h1>
        <p className="text-sm text-ink-3">“{site.brief}”</p>
      </div>
      <Card className="p-5">
        {site.generationId ? (
          <GenerationProgress workspaceId={workspaceId} generationId={site.generationId} onFinished={() => void onDone()} />
        ) : (
          <p role="status" className="flex items-center gap-2 text-sm text-ink-3">
            <Spinner /> Waiting for the generation to start…
          </p>
        )}
      </Card>
      <p className="text-[13px] text-ink-3">This takes a few seconds. The editor opens when the site is ready; you can leave this page and come back.</p>
    </div>
  );
}

const widthIcons: Record<PreviewWidth, typeof Monitor> = { desktop: Monitor, tablet: Tablet, phone: Smartphone };

type Initial = SiteWithDocument & { document: SiteDocument; revision: RevisionSummary };

function Editor({ initial }: { initial: Initial }) {
  const workspace = useWorkspace();
  const me = useMe();
  const queryClient = useQueryClient();
  const toast = useToast();
  const editor = useSiteEditor(workspace.id, initial);
  const site = useQuery(siteQuery(workspace.id, initial.site.id)).data?.site ?? initial.site;
  const plan = useQuery({ ...planQuery(workspace.id), enabled: can(workspace, 'usage:read') });
  const canEdit = can(workspace, 'sites:edit');
  const canPublish = can(workspace, 'sites:publish');
  const { document } = editor;
  const [pageId, setPageId] = useState(() => document.pages.find((page) => page.slug === '')?.id ?? document.pages[0]!.id);
  const page = document.pages.find((candidate) => candidate.id === pageId) ?? document.pages[0]!;
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selected = page.sections.find((section) => section.id === selectedId) ?? null;
  const [tab, setTab] = useState('section');
  const [width, setWidth] = useState<PreviewWidth>('desktop');
  const [previewing, setPreviewing] = useState<RevisionSummary | null>(null);
  const [adding, setAdding] = useState(false);
  const [published, setPublished] = useState(false);
  const [unpublishing, setUnpublishing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const navigate = useNavigate();

  const select = useCallback((id: string | null) => {
    setSelectedId(id);
    if (id) setTab('section');
  }, []);

  // Undo and redo from the keyboard, except while typing (the text box has its own undo).
  const { undo, redo } = editor;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable]')) return;
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const key = event.key.toLowerCase();
      if (key === 'z' && !event.shiftKey) {
        event.preventDefault();
        undo();
      } else if ((key === 'z' && event.shiftKey) || key === 'y') {
        event.preventDefault();
        redo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, redo]);

  const setSite = (next: SiteView) => {
    queryClient.setQueryData(keys.site(workspace.id, site.id), (old: SiteWithDocument | undefined) => (old ? { ...old, site: next } : old));
    void queryClient.invalidateQueries({ queryKey: keys.sites(workspace.id) });
  };
  const publish = useMutation({
    mutationFn: async () => {
      await editor.flush();
      return sites.publish(workspace.id, site.id);
    },
    onSuccess: (next) => {
      setSite(next);
      setPublished(true);
    },
    onError: (error) => {
      refreshAfterRefusal(queryClient, error);
      toast(messageOf(error), 'error');
    },
  });

  const upToDate = site.status === 'published' && site.publishedRevisionId === editor.revision.id;
  const pageLimit = plan.data?.plan.limits.pagesPerSite ?? 30;

  return (
    <div className="space-y-4">
      <header className="flex flex-col gap-3 lg:flex-row lg:items-center lg:justify-between">
        <div className="min-w-0 space-y-1">
          <BackToSites workspaceId={workspace.id} />
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="truncate text-xl font-semibold tracking-tight text-ink">{document.name}</h1>
            <Badge tone={site.status === 'published' ? 'success' : 'neutral'}>{site.status === 'published' ? 'Published' : 'Draft'}</Badge>
            <SaveStatus state={editor.state} />
          </div>
          {site.status === 'published' ? (
            <a href={site.publicUrl} target="_blank" rel="noreferrer" className="inline-flex max-w-full items-center gap-1 truncate text-[13px] font-medium text-accent-ink hover:underline">
              {site.publicUrl.replace(/^https?:\/\//, '')}
              <ExternalLink className="size-3.5" aria-hidden="true" />
              <span className="sr-only">(opens in a new tab)</span>
            </a>
          ) : null}
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {canEdit ? (
            <div className="flex" role="group" aria-label="History">
              <Button size="icon" variant="ghost" onClick={editor.undo} disabled={!editor.canUndo} aria-label="Undo" title="Undo (Ctrl+Z)">
                <Undo2 aria-hidden="true" />
              </Button>
              <Button size="icon" variant="ghost" onClick={editor.redo} disabled={!editor.canRedo} aria-label="Redo" title="Redo (Ctrl+Shift+Z)">
                <Redo2 aria-hidden="true" />
              </Button>
            </div>
          ) : null}
          <div role="group" aria-label="Preview width" className="inline-flex rounded-lg border border-line bg-subtle p-0.5">
            {(Object.keys(previewWidths) as PreviewWidth[]).map((key) => {
              const Icon = widthIcons[key];
              return (
                <button
                  key={key}
                  type="button"
                  aria-pressed={width === key}
                  aria-label={`${previewWidths[key].label} width`}
                  title={previewWidths[key].label}
                  onClick={() => setWidth(key)}
                  className={classNames('inline-flex size-8 items-center justify-center rounded-md', width === key ? 'bg-surface text-ink shadow-sm' : 'text-ink-3 hover:text-ink')}
                >
                  <Icon className="size-4" aria-hidden="true" />
                </button>
              );
            })}
          </div>
          {canPublish ? (
            <>
              <Button variant="primary" busy={publish.isPending} disabled={upToDate} icon={<CloudUpload aria-hidden="true" />} onClick={() => publish.mutate()}>
                {site.status !== 'published' ? 'Publish' : upToDate ? 'Published' : 'Publish changes'}
              </Button>
              <Menu>
                <MenuTrigger asChild>
                  <Button size="icon" variant="ghost" aria-label="More site actions">
                    <MoreHorizontal aria-hidden="true" />
                  </Button>
                </MenuTrigger>
                <MenuContent>
                  {site.status === 'published' ? (
                    <>
                      <MenuItem onSelect={() => setPublished(true)}>
                        <Globe aria-hidden="true" />
                        Public address
                      </MenuItem>
                      <MenuItem onSelect={() => setUnpublishing(true)}>
                        <CloudOff aria-hidden="true" />
                        Unpublish
                      </MenuItem>
                    </>
                  ) : null}
                  <MenuItem destructive onSelect={() => setDeleting(true)}>
                    <Trash2 aria-hidden="true" />
                    Delete site
                  </MenuItem>
                </MenuContent>
              </Menu>
            </>
          ) : null}
        </div>
      </header>

      {editor.state === 'conflict' ? <ConflictAlert editor={editor} /> : null}
      {editor.state === 'failed' && editor.failure ? (
        <Alert tone="error" title="Not saved" action={<Button size="sm" onClick={() => void editor.flush()}>Try again</Button>}>
          {editor.failure}
        </Alert>
      ) : null}
      {!canEdit ? <Alert tone="info">You can look at this site and its history; your role cannot change it.</Alert> : null}

      <div className="grid grid-cols-1 gap-4 lg:grid-cols-[14rem_minmax(0,1fr)] xl:grid-cols-[14rem_minmax(0,1fr)_21rem]">
        <aside aria-label="Page outline" className="min-w-0 space-y-4 lg:row-span-2 xl:row-span-1">
          {document.pages.length > 1 ? (
            <div className="space-y-1.5">
              <label htmlFor="editor-page" className="text-sm font-semibold text-ink">
                Page
              </label>
              <select id="editor-page" value={page.id} onChange={(event) => { setPageId(event.target.value); setSelectedId(null); }} className="block h-9 w-full rounded-lg border border-line-strong bg-surface px-2 text-sm text-ink">
                {document.pages.map((candidate) => (
                  <option key={candidate.id} value={candidate.id}>
                    {candidate.title}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <SectionOutline
            page={page}
            selectedSectionId={selectedId}
            onSelect={select}
            onMove={(sectionId, toIndex) => editor.change([{ op: 'moveSection', sectionId, toIndex, toPageId: null }], { now: true })}
            onAdd={() => setAdding(true)}
            canEdit={canEdit}
          />
        </aside>

        <div className="min-w-0 space-y-2">
          {previewing ? (
            <Alert
              tone="warning"
              title={`Previewing version #${previewing.number}`}
              action={
                <div className="flex gap-2">
                  {canEdit ? (
                    <Button size="sm" variant="primary" onClick={() => void editor.revertTo(previewing.id, 'revert').then(() => setPreviewing(null))}>
                      Restore it
                    </Button>
                  ) : null}
                  <Button size="sm" onClick={() => setPreviewing(null)}>
                    Back to current
                  </Button>
                </div>
              }
            >
              {causeLabels[previewing.cause]}. Edits you make now apply to the current version.
            </Alert>
          ) : null}
          <SitePreview
            workspaceId={workspace.id}
            siteId={site.id}
            slug={page.slug}
            revisionId={previewing?.id ?? editor.revision.id}
            width={width}
            selectedSectionId={selectedId}
            onSelect={select}
            title={`Preview of ${page.title}`}
          />
        </div>

        <Tabs.Root value={tab} onValueChange={setTab} className="min-w-0 rounded-xl border border-line bg-surface shadow-card lg:col-start-2 xl:col-start-auto">
          <Tabs.List aria-label="Editor panels" className="flex overflow-x-auto border-b border-line px-2">
            {[
              ['section', 'Section'],
              ['theme', 'Theme'],
              ['pages', 'Pages'],
              ['history', 'History'],
              ['forms', 'Forms'],
            ].map(([value, label]) => (
              <Tabs.Trigger
                key={value}
                value={value!}
                className="-mb-px border-b-2 border-transparent px-2.5 py-2.5 text-sm font-medium whitespace-nowrap text-ink-3 hover:text-ink data-[state=active]:border-accent data-[state=active]:text-ink"
              >
                {label}
              </Tabs.Trigger>
            ))}
          </Tabs.List>
          <div className="max-h-none overflow-y-auto p-4 xl:max-h-[calc(72vh+1.5rem)]">
            <Tabs.Content value="section" className="focus:outline-none">
              {selected ? (
                <SectionPanel workspaceId={workspace.id} siteId={site.id} page={page} section={selected} editor={editor} canEdit={canEdit} onSelect={select} />
              ) : (
                <p className="py-8 text-center text-sm text-ink-3">Pick a section in the preview or in the outline to {canEdit ? 'edit' : 'see'} its words, links and pictures.</p>
              )}
            </Tabs.Content>
            <Tabs.Content value="theme" className="focus:outline-none">
              <ThemePanel theme={document.theme} onChange={(operations) => editor.change(operations)} canEdit={canEdit} />
            </Tabs.Content>
            <Tabs.Content value="pages" className="focus:outline-none">
              <PagesPanel
                document={document}
                pageId={page.id}
                onOpen={(id) => {
                  setPageId(id);
                  setSelectedId(null);
                }}
                onChange={editor.change}
                canEdit={canEdit}
                pageLimit={pageLimit}
              />
            </Tabs.Content>
            <Tabs.Content value="history" className="focus:outline-none">
              <RevisionsPanel
                workspaceId={workspace.id}
                siteId={site.id}
                currentRevisionId={editor.revision.id}
                publishedRevisionId={site.publishedRevisionId}
                previewing={previewing?.id ?? null}
                userId={me.user.id}
                onPreview={setPreviewing}
                onRevert={(revision) => void editor.revertTo(revision.id, 'revert').then(() => setPreviewing(null))}
                canEdit={canEdit}
              />
            </Tabs.Content>
            <Tabs.Content value="forms" className="focus:outline-none">
              <SubmissionsPanel workspaceId={workspace.id} siteId={site.id} />
            </Tabs.Content>
          </div>
        </Tabs.Root>
      </div>

      {canEdit ? (
        <AddSectionDialog
          open={adding}
          onOpenChange={setAdding}
          workspaceId={workspace.id}
          siteId={site.id}
          page={page}
          index={selected ? page.sections.indexOf(selected) + 1 : null}
          editor={editor}
        />
      ) : null}

      <Dialog open={published} onOpenChange={setPublished} title="Your site is live" description="Anyone with the address can see it. Changes you make from now on stay private until you publish again.">
        <div className="space-y-4">
          <p className="rounded-lg border border-line bg-subtle px-3 py-2 font-mono text-sm break-all text-ink">{site.publicUrl}</p>
          <div className="flex flex-wrap gap-2">
            <a href={site.publicUrl} target="_blank" rel="noreferrer" className={buttonClass('secondary', 'sm')}>
              <ExternalLink aria-hidden="true" />
              Open the site
            </a>
            <CopyButton value={site.publicUrl} label="Copy address" />
          </div>
        </div>
      </Dialog>

      <ConfirmDialog
        open={unpublishing}
        onOpenChange={setUnpublishing}
        title="Take the site offline?"
        description="Visitors see a not-found page until you publish again. Its address stays yours."
        confirmLabel="Unpublish"
        onConfirm={async () => setSite(await sites.unpublish(workspace.id, site.id))}
      />

      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={`Delete ${document.name}?`}
        description="It goes offline at once and leaves your sites list. Its address is not given to anyone else."
        confirmLabel="Delete site"
        typeToConfirm={document.name}
        onConfirm={async () => {
          await sites.remove(workspace.id, site.id);
          queryClient.removeQueries({ queryKey: keys.site(workspace.id, site.id) });
          await queryClient.invalidateQueries({ queryKey: keys.sites(workspace.id) });
          await navigate({ to: '/w/$workspaceId/sites', params: { workspaceId: workspace.id } });
        }}
      />
    </div>
  );
}

function SaveStatus({ state }: { state: SaveState }) {
  const content =
    state === 'saved' ? (
      <>
        <CircleCheck className="size-3.5 text-success-ink" aria-hidden="true" /> Saved
      </>
    ) : state === 'saving' ? (
      <>
        <Spinner className="size-3.5" /> Saving…
      </>
    ) : state === 'pending' ? (
      <>Unsaved changes</>
    ) : (
      <>
        <TriangleAlert className="size-3.5 text-danger-ink" aria-hidden="true" /> Not saved
      </>
    );
  return (
    <span role="status" aria-live="polite" data-save-state={state} className="inline-flex items-center gap-1 text-xs text-ink-3">
      {content}
    </span>
  );
}

function ConflictAlert({ editor }: { editor: ReturnType<typeof useSiteEditor> }) {
  const [busy, setBusy] = useState<'keep' | 'drop' | null>(null);
  const texts = editor
    .unsaved()
    .flatMap((operation) => (operation.op === 'setField' && typeof operation.value === 'string' ? [operation.value] : []))
    .filter((value, index, all) => all.indexOf(value) === index)
    .slice(-5);
  const run = async (keep: boolean) => {
    setBusy(keep ? 'keep' : 'drop');
    try {
      await editor.reload(keep);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Alert
      tone="warning"
      title="This site was changed elsewhere"
      action={
        <div className="flex flex-col gap-2 sm:flex-row">
          <Button size="sm" variant="primary" busy={busy === 'keep'} onClick={() => void run(true)}>
            Reload and keep my changes
          </Button>
          <Button size="sm" busy={busy === 'drop'} onClick={() => void run(false)}>
            Reload without them
          </Button>
        </div>
      }
    >
      Someone (or another tab) saved a newer version, so your last changes were not saved. They are still in the fields{texts.length > 0 ? ':' : '.'}
      {texts.length > 0 ? (
        <ul className="mt-1 list-disc pl-5">
          {texts.map((text) => (
            <li key={text} className="break-words">
              “{text.length > 120 ? `${text.slice(0, 120)}…` : text}”
            </li>
          ))}
        </ul>
      ) : null}
    </Alert>
  );
}
