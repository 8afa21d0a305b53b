import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Activity, ArrowRight, Coins, KeyRound, MailPlus, Users } from 'lucide-react';
import type { ReactNode } from 'react';
import { auditQuery, membersQuery, type AuditEntry, type Member } from '../modules/identity/api.ts';
import { can, withArticle } from '../modules/identity/permissions.ts';
import { creditsQuery, planQuery } from '../modules/usage/api.ts';
import { Badge } from '../ui/badge.tsx';
import { buttonClass } from '../ui/button.tsx';
import { Card, CardHeader } from '../ui/card.tsx';
import { formatDate, formatNumber, formatRelative } from '../ui/format.ts';
import { PageHeader, useDocumentTitle } from '../ui/page.tsx';
import { EmptyState, ErrorState, LoadingRows, Skeleton } from '../ui/states.tsx';
import { useMe, useWorkspace } from './current.ts';

export function OverviewPage() {
  const me = useMe();
  const workspace = useWorkspace();
  useDocumentTitle('Overview', workspace.name);
  const usage = can(workspace, 'usage:read');
  const credits = useQuery({ ...creditsQuery(workspace.id), enabled: usage });
  const plan = useQuery({ ...planQuery(workspace.id), enabled: usage });
  const members = useQuery({ ...membersQuery(workspace.id), enabled: can(workspace, 'members:read') });
  const params = { workspaceId: workspace.id };
  const firstName = (me.user.name || me.user.email.split('@')[0] || '').split(' ')[0];

  return (
    <>
      <PageHeader
        title={workspace.name}
        description={`Welcome back, ${firstName}. You are ${withArticle(workspace.role)} here.`}
        actions={
          <>
            {can(workspace, 'members:manage') ? (
              <Link to="/w/$workspaceId/members" params={params} className={buttonClass('secondary')}>
                <MailPlus aria-hidden="true" />
                Invite people
              </Link>
            ) : null}
            {can(workspace, 'api_keys:manage') ? (
              <Link to="/w/$workspaceId/api-keys" params={params} className={buttonClass('primary')}>
                <KeyRound aria-hidden="true" />
                Create API key
              </Link>
            ) : null}
          </>
        }
      />

      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <Stat
          label="Available credits"
          icon={<Coins aria-hidden="true" />}
          loading={usage && credits.isPending}
          error={credits.error}
          value={usage ? formatNumber(credits.data?.balance ?? 0) : '—'}
          detail={usage ? (credits.data && credits.data.held > 0 ? `${formatNumber(credits.data.held)} held for work in progress` : 'Spent soonest-expiring first') : 'Your role cannot see credits'}
          link={usage ? <Link to="/w/$workspaceId/credits" params={params} className="text-[13px] font-medium text-accent-ink hover:underline">See the ledger <ArrowRight className="inline size-3.5" aria-hidden="true" /></Link> : null}
        />
        <Stat
          label="Plan"
          icon={<Activity aria-hidden="true" />}
          loading={usage && plan.isPending}
          error={plan.error}
          value={usage ? (plan.data?.plan.name ?? '—') : '—'}
          detail={usage && plan.data ? `${formatNumber(plan.data.plan.monthlyCredits)} credits a month${plan.data.nextAllowanceAt ? ` · next ${formatDate(plan.data.nextAllowanceAt)}` : ''}` : 'Plan details need the member role'}
          link={usage ? <Link to="/w/$workspaceId/credits" params={params} className="text-[13px] font-medium text-accent-ink hover:underline">Usage history <ArrowRight className="inline size-3.5" aria-hidden="true" /></Link> : null}
        />
        <Stat
          label="Members"
          icon={<Users aria-hidden="true" />}
          loading={members.isPending && can(workspace, 'members:read')}
          error={members.error}
          value={members.data ? formatNumber(members.data.items.length) : '—'}
          detail={plan.data ? `of ${formatNumber(plan.data.plan.limits.seats)} seats on the ${plan.data.plan.name} plan` : 'People with access to this workspace'}
          link={<Link to="/w/$workspaceId/members" params={params} className="text-[13px] font-medium text-accent-ink hover:underline">Manage members <ArrowRight className="inline size-3.5" aria-hidden="true" /></Link>}
          className="sm:col-span-2 lg:col-span-1"
        />
      </div>

      <div className="mt-6">
        {can(workspace, 'audit:read') ? (
          <RecentActivity workspaceId={workspace.id} members={members.data?.items ?? []} selfId={me.user.id} />
        ) : (
          <Card>
            <EmptyState icon={<Activity />} title="Recent activity is for owners and admins">
              The audit trail shows who invited whom, changed roles and created keys.
            </EmptyState>
          </Card>
        )}
      </div>
    </>
  );
}

function Stat({ label, icon, value, detail, link, loading, error, className }: { label: string; icon: ReactNode; value: string; detail: string; link: ReactNode; loading: boolean; error: Error | null; className?: string }) {
  return (
    <Card className={`flex flex-col p-5 ${className ?? ''}`}>
      <div className="flex items-center justify-between">
        <p className="text-sm font-medium text-ink-3">{label}</p>
        <span className="flex size-8 items-center justify-center rounded-lg bg-accent-soft text-accent-ink [&_svg]:size-4">{icon}</span>
      </div>
      {loading ? (
        <Skeleton className="mt-2 h-8 w-28" />
      ) : error ? (
        <p className="mt-2 text-sm text-danger-ink">{error.message}</p>
      ) : (
        <p className="mt-1 text-2xl font-semibold tracking-tight text-ink tabular-nums">{value}</p>
      )}
      <p className="mt-1 flex-1 text-[13px] text-ink-3">{detail}</p>
      {link ? <div className="mt-4">{link}</div> : null}
    </Card>
  );
}


/** An audit entry as a sentence: "Ann invited someone as a member". */
function describe(entry: AuditEntry, nameOf: (userId: unknown) => string): string {
  const details = entry.details;
  switch (entry.type) {
    case 'workspace.created':
      return 'created the workspace';
    case 'user.signed_up':
      return 'signed up';
    case 'user.email_verified':
      return 'confirmed their email address';
    case 'workspace.renamed':
      return details.slugChanged && !details.nameChanged ? 'changed the URL name' : 'renamed the workspace';
    case 'workspace.ownership_transferred':
      return `handed ownership to ${nameOf(details.to)}`;
    case 'member.invited':
      return `invited someone as ${withArticle(String(details.role))}`;
    case 'member.invitation_revoked':
      return 'revoked an invitation';
    case 'member.joined':
      return `joined as ${withArticle(String(details.role))}`;
    case 'member.role_changed':
      return `made ${nameOf(details.userId)} ${withArticle(String(details.to))}`;
    case 'member.removed':
      return details.left ? 'left the workspace' : `removed ${nameOf(details.userId)}`;
    case 'api_key.created':
      return 'created an API key';
    case 'api_key.revoked':
      return 'revoked an API key';
    case 'credits.granted':
      return `received ${formatNumber(Number(details.amount ?? 0))} credits`;
    case 'credits.expired':
      return `${formatNumber(Number(details.amount ?? 0))} credits expired`;
    case 'credits.low':
      return 'ran low on credits';
    default:
      return entry.type.replace(/[._]/g, ' ');
  }
}

const spending = /^credits\.(consumed|reserved|settled|released)$/;

function RecentActivity({ workspaceId, members, selfId }: { workspaceId: string; members: Member[]; selfId: string }) {
  // Spending is the ledger's story (one line per generation); activity is about people, keys and grants.
  const audit = useQuery({ ...auditQuery(workspaceId, 50), select: (page) => page.items.filter((entry) => !spending.test(entry.type)).slice(0, 8) });
  const names = new Map(members.map((member) => [member.userId, member.name || member.email]));
  const nameOf = (userId: unknown) => (userId === selfId ? 'you' : (names.get(String(userId)) ?? 'a former member'));
  // Facts recorded before anyone was signed in (a sign-up) have no actor: the person they are about acted.
  const actorOf = (entry: AuditEntry) => {
    const userId = entry.actor?.replace(/^user:/, '') ?? entry.details.userId ?? entry.details.createdBy;
    if (typeof userId !== 'string') return 'Atelier';
    return userId === selfId ? 'You' : (names.get(userId) ?? 'A former member');
  };
  return (
    <Card aria-labelledby="activity-heading">
      <CardHeader id="activity-heading" title="Recent activity" description="The latest changes in this workspace, from its audit trail." />
      {audit.isPending ? (
        <LoadingRows rows={3} label="Loading recent activity" />
      ) : audit.isError ? (
        <ErrorState error={audit.error} onRetry={() => void audit.refetch()} />
      ) : audit.data.length === 0 ? (
        <EmptyState icon={<Activity />} title="Nothing has happened yet" />
      ) : (
        <ol className="divide-y divide-line">
          {audit.data.map((entry) => (
            <li key={entry.id} className="flex items-center gap-3 px-5 py-3">
              <span className="size-2 shrink-0 rounded-full bg-accent/70" aria-hidden="true" />
              <p className="min-w-0 flex-1 text-sm text-ink">
                <span className="font-medium">{actorOf(entry)}</span> {describe(entry, nameOf)}
              </p>
              <span className="hidden sm:block">
                <Badge className="font-mono text-[11px]">{entry.type}</Badge>
              </span>
              <time dateTime={entry.occurredAt} className="shrink-0 text-[13px] text-ink-3" title={new Date(entry.occurredAt).toLocaleString()}>
                {formatRelative(entry.occurredAt)}
              </time>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
