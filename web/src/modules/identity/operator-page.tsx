import { useInfiniteQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { Building2, Search, UsersRound } from 'lucide-react';
import { Tabs } from 'radix-ui';
import { useEffect, useState } from 'react';
import { Badge } from '../../ui/badge.tsx';
import { LoadMore } from '../../ui/load-more.tsx';
import { Card } from '../../ui/card.tsx';
import { inputClass } from '../../ui/field.tsx';
import { formatDate, formatNumber } from '../../ui/format.ts';
import { PageHeader, useDocumentTitle } from '../../ui/page.tsx';
import { EmptyState, ErrorState, LoadingRows } from '../../ui/states.tsx';
import { classNames } from '../../ui/class-names.ts';
import { TableScroll } from '../../ui/table-scroll.tsx';
import { operatorUsersQuery, operatorWorkspacesQuery } from './api.ts';

const tab = classNames(
  'relative -mb-px border-b-2 border-transparent px-1 pb-2.5 text-sm font-medium text-ink-3 transition-colors hover:text-ink',
  'data-[state=active]:border-accent data-[state=active]:text-ink',
);

/** The operator console: every workspace and every user, searchable. Only operators reach it. */
export function OperatorPage() {
  useDocumentTitle('Operator');
  const search = useSearch({ from: '/app/operator' });
  const navigate = useNavigate({ from: '/operator' });
  const current = search.tab ?? 'workspaces';
  const [typed, setTyped] = useState(search.q ?? '');
  // Search as the operator types, once they pause.
  useEffect(() => {
    const timer = setTimeout(() => {
      if ((search.q ?? '') !== typed.trim()) void navigate({ search: (previous) => ({ ...previous, q: typed.trim() || undefined }), replace: true });
    }, 250);
    return () => clearTimeout(timer);
  }, [typed, search.q, navigate]);

  return (
    <>
      <PageHeader title="Operator" description="Every workspace and user on this Atelier installation." />
      <Tabs.Root value={current} onValueChange={(value) => void navigate({ search: (previous) => ({ ...previous, tab: value === 'users' ? 'users' : undefined }) })}>
        <div className="mb-4 flex flex-col gap-4 border-b border-line sm:flex-row sm:items-end sm:justify-between">
          <Tabs.List aria-label="Operator lists" className="flex gap-6">
            <Tabs.Trigger value="workspaces" className={tab}>
              Workspaces
            </Tabs.Trigger>
            <Tabs.Trigger value="users" className={tab}>
              Users
            </Tabs.Trigger>
          </Tabs.List>
          <div className="relative mb-3 w-full sm:w-72">
            <Search className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-ink-3" aria-hidden="true" />
            <input
              type="search"
              aria-label={current === 'users' ? 'Search users by email or name' : 'Search workspaces by name or slug'}
              placeholder={current === 'users' ? 'Search email or name' : 'Search name or slug'}
              className={classNames(inputClass, 'pl-9')}
              value={typed}
              onChange={(event) => setTyped(event.target.value)}
            />
          </div>
        </div>
        <Tabs.Content value="workspaces" className="focus:outline-none">
          <WorkspacesList search={search.q ?? ''} />
        </Tabs.Content>
        <Tabs.Content value="users" className="focus:outline-none">
          <UsersList search={search.q ?? ''} />
        </Tabs.Content>
      </Tabs.Root>
    </>
  );
}

const th = 'px-5 py-2.5 text-left text-xs font-medium tracking-wide text-ink-3 uppercase';
const td = 'px-5 py-3 text-sm text-ink-2 whitespace-nowrap';

function WorkspacesList({ search }: { search: string }) {
  const list = useInfiniteQuery(operatorWorkspacesQuery(search));
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Card>
      {list.isPending ? (
        <LoadingRows rows={4} label="Loading workspaces" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState icon={<Building2 />} title={search ? `No workspace matches “${search}”` : 'No workspaces yet'} />
      ) : (
        <TableScroll label="Workspaces">
          <table className="w-full">
            <caption className="sr-only">Workspaces</caption>
            <thead className="border-b border-line bg-subtle/60">
              <tr>
                <th scope="col" className={th}>Workspace</th>
                <th scope="col" className={th}>Members</th>
                <th scope="col" className={th}>Created</th>
                <th scope="col" className={th}>Status</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-line">
              {rows.map((workspace) => (
                <tr key={workspace.id}>
                  <td className={td}>
                    <span className="block font-medium text-ink">{workspace.name}</span>
                    <span className="block font-mono text-xs text-ink-3">{workspace.slug}</span>
                  </td>
                  <td className={td}>{formatNumber(workspace.members)}</td>
                  <td className={td}>{formatDate(workspace.createdAt)}</td>
                  <td className={td}>{workspace.deletedAt ? <Badge tone="danger">Deleted {formatDate(workspace.deletedAt)}</Badge> : <Badge tone="success">Active</Badge>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <LoadMore list={list} />
    </Card>
  );
}

function UsersList({ search }: { search: string }) {
  const list = useInfiniteQuery(operatorUsersQuery(search));
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Card>
      {list.isPending ? (
        <LoadingRows rows={4} label="Loading users" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState icon={<UsersRound />} title={search ? `No user matches “${search}”` : 'No users yet'} />
      ) : (
        <TableScroll label="Users">
          <table className="w-full">
            <caption className="sr-only">Users</caption>
            <thead className="border-b border-line bg-subtle/60">
              <tr>
                <th scope="col" className={th}>User</th>
                <th scope="col" className={th}>Workspaces</th>
                <th scope="col" className={th}>Joined</th>
                <th scope="col" className={th}>Email</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-line">
              {rows.map((user) => (
                <tr key={user.id}>
                  <td className={td}>
                    <span className="flex items-center gap-2 font-medium text-ink">
                      {user.name || user.email.split('@')[0]}
                      {user.isOperator ? <Badge tone="accent">Operator</Badge> : null}
                    </span>
                    <span className="block text-xs text-ink-3">{user.email}</span>
                  </td>
                  <td className={td}>{formatNumber(user.workspaces)}</td>
                  <td className={td}>{formatDate(user.createdAt)}</td>
                  <td className={td}>{user.emailVerified ? <Badge tone="success">Confirmed</Badge> : <Badge tone="warning">Unconfirmed</Badge>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <LoadMore list={list} />
    </Card>
  );
}
