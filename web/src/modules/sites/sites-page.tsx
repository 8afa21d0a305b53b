import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { ExternalLink, Globe, Sparkles, Wand2 } from 'lucide-react';
import { useWorkspace } from '../../app/current.ts';
import { messageOf } from '../../api/client.ts';
import { Alert } from '../../ui/alert.tsx';
import { Badge } from '../../ui/badge.tsx';
import { Button } from '../../ui/button.tsx';
import { Card, CardHeader } from '../../ui/card.tsx';
import { FieldShell, inputClass } from '../../ui/field.tsx';
import { useZodForm } from '../../ui/form.ts';
import { formatRelative } from '../../ui/format.ts';
import { PageHeader, useDocumentTitle } from '../../ui/page.tsx';
import { EmptyState, ErrorState, Skeleton } from '../../ui/states.tsx';
import { can } from '../identity/permissions.ts';
import { createSiteBody, keys, sites, sitesQuery, type SiteView } from './api.ts';
import { CreditEstimate } from './generation-progress.tsx';
import { SiteThumbnail } from './site-thumbnail.tsx';

const examples = ['A bakery in Lisbon that sells sourdough and runs weekend baking classes', 'A physiotherapy clinic in Leeds for runners and cyclists', 'A wedding photographer in Porto with three packages'];

export function SitesPage() {
  const workspace = useWorkspace();
  useDocumentTitle('Sites', workspace.name);
  // While a site is being generated its card is asked about again, so it turns into a draft by itself.
  const list = useQuery({ ...sitesQuery(workspace.id), refetchInterval: (query) => (query.state.data?.items.some((site) => site.status === 'generating') ? 3000 : false) });
  const canEdit = can(workspace, 'sites:edit');
  const items = list.data?.items ?? [];

  return (
    <>
      <PageHeader title="Sites" description="Websites made from a sentence, edited here, published at their own address." />
      {canEdit ? <PromptCard workspaceId={workspace.id} first={list.isSuccess && items.length === 0} /> : null}

      <section aria-labelledby="sites-heading" className="mt-8">
        <h2 id="sites-heading" className="mb-3 text-[15px] font-semibold text-ink">
          Your sites
        </h2>
        {list.isPending ? (
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" role="status" aria-live="polite">
            <span className="sr-only">Loading sites…</span>
            {[0, 1, 2].map((index) => (
              <Skeleton key={index} className="h-56 rounded-xl" />
            ))}
          </div>
        ) : list.error ? (
          <Card>
            <ErrorState error={list.error} onRetry={() => void list.refetch()} />
          </Card>
        ) : items.length === 0 ? (
          <Card>
            <EmptyState icon={<Globe aria-hidden="true" />} title="No sites yet">
              {canEdit ? 'Describe your business above in a sentence or two: Atelier writes the pages, picks colours and fonts, and opens the editor.' : 'When someone in this workspace makes a site, it appears here.'}
            </EmptyState>
          </Card>
        ) : (
          <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {items.map((site) => (
              <li key={site.id}>
                <SiteCard workspaceId={workspace.id} site={site} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function PromptCard({ workspaceId, first }: { workspaceId: string; first: boolean }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useZodForm(createSiteBody, { prompt: '' }, { prompt: 'The description' });
  const prompt = form.field('prompt');
  const submit = form.handleSubmit(async (body) => {
    const created = await sites.create(workspaceId, body);
    await queryClient.invalidateQueries({ queryKey: keys.sites(workspaceId) });
    await navigate({ to: '/w/$workspaceId/sites/$siteId', params: { workspaceId, siteId: created.site.id } });
  });
  return (
    <Card>
      <CardHeader title={first ? 'Make your first site' : 'Make a new site'} description="Say what the business is, where it is and what it offers. You can change every word afterwards." />
      <form ref={form.formRef} onSubmit={(event) => void submit(event)} className="space-y-3 px-5 py-4" noValidate>
        <FieldShell id="site-prompt" label="Describe the site" error={prompt.error}>
          <textarea
            id="site-prompt"
            name="prompt"
            rows={3}
            value={prompt.value}
            onChange={prompt.onChange}
            placeholder={examples[0]}
            aria-invalid={prompt.error ? true : undefined}
            aria-describedby={prompt.error ? 'site-prompt-error' : undefined}
            className={`${inputClass} h-auto py-2 leading-relaxed`}
          />
        </FieldShell>
        <div className="flex flex-wrap gap-2" aria-label="Examples">
          {examples.map((example) => (
            <button key={example} type="button" onClick={() => form.set('prompt', example)} className="rounded-full border border-line bg-subtle px-3 py-1 text-xs text-ink-2 hover:bg-hover hover:text-ink">
              {example}
            </button>
          ))}
        </div>
        {form.failure ? <Alert tone="error">{messageOf(form.failure)}</Alert> : null}
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" variant="primary" busy={form.submitting} icon={<Wand2 aria-hidden="true" />}>
            Generate site
          </Button>
          <CreditEstimate workspaceId={workspaceId} task="site.generate" />
        </div>
      </form>
    </Card>
  );
}

const statusTone = { generating: 'accent', draft: 'neutral', published: 'success' } as const;
const statusLabel = { generating: 'Generating', draft: 'Draft', published: 'Published' } as const;

function SiteCard({ workspaceId, site }: { workspaceId: string; site: SiteView }) {
  return (
    <article className="group relative flex h-full flex-col rounded-xl border border-line bg-surface shadow-card transition-shadow hover:shadow-pop">
      <SiteThumbnail workspaceId={workspaceId} site={site} />
      <div className="flex flex-1 flex-col gap-2 p-4">
        <div className="flex items-start justify-between gap-2">
          <h3 className="min-w-0 truncate text-sm font-semibold text-ink">
            <Link to="/w/$workspaceId/sites/$siteId" params={{ workspaceId, siteId: site.id }} className="after:absolute after:inset-0 after:rounded-xl focus:outline-none focus-visible:after:ring-3 focus-visible:after:ring-accent/40">
              {site.name}
            </Link>
          </h3>
          <Badge tone={statusTone[site.status]}>
            {site.status === 'generating' ? <Sparkles className="size-3" aria-hidden="true" /> : null}
            {statusLabel[site.status]}
          </Badge>
        </div>
        <p className="text-[13px] text-ink-3">Edited {formatRelative(site.updatedAt)}</p>
        {site.status === 'published' ? (
          <a href={site.publicUrl} target="_blank" rel="noreferrer" className="relative z-10 inline-flex w-fit max-w-full items-center gap-1 truncate text-[13px] font-medium text-accent-ink hover:underline">
            <span className="truncate">{site.publicUrl.replace(/^https?:\/\//, '')}</span>
            <ExternalLink className="size-3.5 shrink-0" aria-hidden="true" />
            <span className="sr-only">(opens in a new tab)</span>
          </a>
        ) : (
          <p className="truncate text-[13px] text-ink-3">Not public yet · {site.publicUrl.replace(/^https?:\/\//, '')}</p>
        )}
      </div>
    </article>
  );
}
