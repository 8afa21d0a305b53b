import { useQueryClient } from '@tanstack/react-query';
import { Link, Navigate, Outlet, useNavigate, useParams, useRouterState } from '@tanstack/react-router';
import { ChevronsUpDown, Coins, Globe, KeyRound, LayoutDashboard, LogOut, Menu as MenuIcon, Plus, Settings, Shield, UserRound, Users, Webhook, X, Check } from 'lucide-react';
import { Dialog as RadixDialog } from 'radix-ui';
import { useEffect, useState, type ReactNode } from 'react';
import { useMutation, useSuspenseQuery } from '@tanstack/react-query';
import { account, auth, meQuery, type Me, type Workspace } from '../modules/identity/api.ts';
import { CreateWorkspaceDialog } from '../modules/identity/create-workspace-dialog.tsx';
import { can } from '../modules/identity/permissions.ts';
import { Alert } from '../ui/alert.tsx';
import { Avatar, WorkspaceMark } from '../ui/avatar.tsx';
import { Button } from '../ui/button.tsx';
import { classNames } from '../ui/class-names.ts';
import { Logo } from '../ui/logo.tsx';
import { Menu, MenuContent, MenuItem, MenuLabel, MenuLinkItem, MenuSeparator, MenuTrigger } from '../ui/menu.tsx';
import { ThemeToggle } from '../ui/theme-toggle.tsx';
import { useToast } from '../ui/toast.tsx';
import { messageOf } from '../api/client.ts';
import { lastWorkspaceKey } from './current.ts';
import { NotFoundPage } from './fallback-pages.tsx';

/** The signed-in app: a sidebar (a sheet on phones) with the workspace switcher and the pages, and the page. */
export function AppShell() {
  const { data: me } = useSuspenseQuery(meQuery);
  const { workspaceId } = useParams({ strict: false });
  const [menuOpen, setMenuOpen] = useState(false);
  const [creating, setCreating] = useState(false);
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  useEffect(() => setMenuOpen(false), [pathname]);
  // The site editor uses the whole width: outline, preview and panels side by side.
  const editing = /\/sites\/[^/]+/.test(pathname);

  if (!me) return <Navigate to="/login" />;
  // Outside a workspace's pages (account, operator) the sidebar keeps the last one used.
  const workspace = workspaceId ? me.workspaces.find((candidate) => candidate.id === workspaceId) : lastUsedWorkspace(me);
  const sidebar = <Sidebar me={me} workspace={workspace} onCreateWorkspace={() => setCreating(true)} />;

  return (
    <div className="min-h-dvh bg-canvas">
      <a href="#main" className="sr-only z-[80] rounded-md bg-surface px-3 py-2 text-sm font-medium focus:not-sr-only focus:fixed focus:top-3 focus:left-3">
        Skip to content
      </a>

      <aside className="fixed inset-y-0 left-0 z-20 hidden w-64 border-r border-line bg-surface lg:block" aria-label="Sidebar">
        {sidebar}
      </aside>

      <div className="sticky top-0 z-30 flex h-14 items-center gap-3 border-b border-line bg-surface/90 px-4 backdrop-blur lg:hidden">
        <RadixDialog.Root open={menuOpen} onOpenChange={setMenuOpen}>
          <RadixDialog.Trigger asChild>
            <Button variant="ghost" size="icon" aria-label="Open navigation">
              <MenuIcon aria-hidden="true" />
            </Button>
          </RadixDialog.Trigger>
          <RadixDialog.Portal>
            <RadixDialog.Overlay className="fixed inset-0 z-40 bg-black/40 data-[state=open]:animate-fade-in" />
            <RadixDialog.Content className="fixed inset-y-0 left-0 z-50 w-[min(18rem,85vw)] border-r border-line bg-surface shadow-pop data-[state=open]:animate-slide-in focus:outline-none" aria-describedby={undefined}>
              <RadixDialog.Title className="sr-only">Navigation</RadixDialog.Title>
              <RadixDialog.Close className="absolute top-4 right-3 rounded-md p-1.5 text-ink-3 hover:bg-hover" aria-label="Close navigation">
                <X className="size-4" aria-hidden="true" />
              </RadixDialog.Close>
              {sidebar}
            </RadixDialog.Content>
          </RadixDialog.Portal>
        </RadixDialog.Root>
        <Link to="/" aria-label="Atelier home">
          <Logo withName={false} />
        </Link>
        <span className="min-w-0 truncate text-sm font-medium text-ink">{workspace?.name}</span>
      </div>

      <div className="min-w-0 lg:pl-64">
        {!me.user.emailVerified ? <VerifyBanner email={me.user.email} /> : null}
        <main id="main" className={classNames('mx-auto w-full px-4 py-6 sm:px-6', editing ? 'max-w-[110rem] lg:px-6 lg:py-6' : 'max-w-6xl lg:px-10 lg:py-10')}>
          {workspaceId && !workspace ? <NotFoundPage /> : <Outlet />}
        </main>
      </div>

      <CreateWorkspaceDialog open={creating} onOpenChange={setCreating} />
    </div>
  );
}

function VerifyBanner({ email }: { email: string }) {
  const toast = useToast();
  const resend = useMutation({
    mutationFn: account.resendVerification,
    onSuccess: () => toast(`We sent a new link to ${email}`),
    onError: (error) => toast(messageOf(error), 'error'),
  });
  return (
    <div className="border-b border-line bg-surface px-4 py-3 sm:px-6 lg:px-10">
      <Alert
        tone="warning"
        className="mx-auto max-w-6xl"
        title="Confirm your email address"
        action={
          <Button size="sm" busy={resend.isPending} onClick={() => resend.mutate()}>
            Resend link
          </Button>
        }
      >
        We sent a link to <strong>{email}</strong>. Until you confirm it you cannot invite people or create API keys, and your free credits wait.
      </Alert>
    </div>
  );
}

const navLink = classNames(
  'flex items-center gap-2.5 rounded-lg px-2.5 py-2 text-sm font-medium text-ink-2 transition-colors',
  'hover:bg-hover hover:text-ink [&_svg]:size-4 [&_svg]:text-ink-3',
);
const navActive = { className: 'bg-accent-soft !text-accent-ink [&_svg]:!text-accent-ink' };

function Sidebar({ me, workspace, onCreateWorkspace }: { me: Me; workspace: Workspace | undefined; onCreateWorkspace: () => void }) {
  return (
    <div className="flex h-full flex-col gap-4 overflow-y-auto p-4">
      <Link to="/" className="flex items-center px-1 pt-1" aria-label="Atelier home">
        <Logo />
      </Link>
      <WorkspaceSwitcher me={me} workspace={workspace} onCreate={onCreateWorkspace} />
      {workspace ? (
        <nav aria-label="Workspace" className="space-y-0.5">
          <NavItem icon={<LayoutDashboard aria-hidden="true" />} label="Overview" to="/w/$workspaceId" workspaceId={workspace.id} exact />
          {can(workspace, 'sites:read') ? <NavItem icon={<Globe aria-hidden="true" />} label="Sites" to="/w/$workspaceId/sites" workspaceId={workspace.id} /> : null}
          {can(workspace, 'members:read') ? <NavItem icon={<Users aria-hidden="true" />} label="Members" to="/w/$workspaceId/members" workspaceId={workspace.id} /> : null}
          {can(workspace, 'api_keys:manage') ? <NavItem icon={<KeyRound aria-hidden="true" />} label="API keys" to="/w/$workspaceId/api-keys" workspaceId={workspace.id} /> : null}
          {can(workspace, 'webhooks:manage') ? <NavItem icon={<Webhook aria-hidden="true" />} label="Webhooks" to="/w/$workspaceId/webhooks" workspaceId={workspace.id} /> : null}
          {can(workspace, 'usage:read') ? <NavItem icon={<Coins aria-hidden="true" />} label="Credits & usage" to="/w/$workspaceId/credits" workspaceId={workspace.id} /> : null}
          <NavItem icon={<Settings aria-hidden="true" />} label="Settings" to="/w/$workspaceId/settings" workspaceId={workspace.id} />
        </nav>
      ) : null}
      <div className="flex-1" />
      <nav aria-label="Account" className="space-y-0.5">
        {me.user.isOperator ? (
          <Link to="/operator" className={navLink} activeProps={navActive}>
            <Shield aria-hidden="true" />
            Operator
          </Link>
        ) : null}
        <Link to="/account" className={navLink} activeProps={navActive}>
          <UserRound aria-hidden="true" />
          Account & sessions
        </Link>
      </nav>
      <div className="flex items-center justify-between gap-2 border-t border-line pt-4">
        <UserMenu me={me} />
        <ThemeToggle />
      </div>
    </div>
  );
}

type WorkspacePage = '/w/$workspaceId' | '/w/$workspaceId/sites' | '/w/$workspaceId/members' | '/w/$workspaceId/api-keys' | '/w/$workspaceId/webhooks' | '/w/$workspaceId/credits' | '/w/$workspaceId/settings';

function NavItem({ icon, label, to, workspaceId, exact }: { icon: ReactNode; label: string; to: WorkspacePage; workspaceId: string; exact?: boolean }) {
  return (
    <Link to={to} params={{ workspaceId }} className={navLink} activeProps={navActive} activeOptions={{ exact: exact ?? false, includeSearch: false }}>
      {icon}
      {label}
    </Link>
  );
}

function WorkspaceSwitcher({ me, workspace, onCreate }: { me: Me; workspace: Workspace | undefined; onCreate: () => void }) {
  return (
    <Menu>
      <MenuTrigger asChild>
        <button
          type="button"
          className="flex w-full items-center gap-2.5 rounded-lg border border-line bg-surface px-2.5 py-2 text-left shadow-sm transition-colors hover:bg-subtle"
        >
          {workspace ? <WorkspaceMark name={workspace.name} className="size-7" /> : null}
          <span className="min-w-0 flex-1">
            <span className="block truncate text-sm font-semibold text-ink">{workspace?.name ?? 'Choose a workspace'}</span>
            {workspace ? <span className="block text-xs text-ink-3 capitalize">{workspace.role}</span> : null}
          </span>
          <span className="sr-only">Switch workspace</span>
          <ChevronsUpDown className="size-4 shrink-0 text-ink-3" aria-hidden="true" />
        </button>
      </MenuTrigger>
      <MenuContent align="start" className="w-[var(--radix-dropdown-menu-trigger-width)] min-w-60">
        <MenuLabel>Workspaces</MenuLabel>
        {me.workspaces.map((candidate) => (
          <MenuLinkItem key={candidate.id}>
            <Link to="/w/$workspaceId" params={{ workspaceId: candidate.id }}>
              <WorkspaceMark name={candidate.name} className="size-6 text-[10px]" />
              <span className="min-w-0 flex-1 truncate">{candidate.name}</span>
              {candidate.id === workspace?.id ? <Check className="!text-accent-ink" aria-label="Current" /> : <span className="text-xs text-ink-3 capitalize">{candidate.role}</span>}
            </Link>
          </MenuLinkItem>
        ))}
        <MenuSeparator />
        <MenuItem onSelect={onCreate}>
          <Plus aria-hidden="true" />
          Create workspace
        </MenuItem>
      </MenuContent>
    </Menu>
  );
}

function UserMenu({ me }: { me: Me }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const toast = useToast();
  const logOut = async () => {
    try {
      await auth.logOut();
    } catch (error) {
      toast(messageOf(error), 'error');
      return;
    }
    queryClient.clear();
    queryClient.setQueryData(meQuery.queryKey, null);
    await navigate({ to: '/login' });
  };
  return (
    <Menu>
      <MenuTrigger asChild>
        <button type="button" className="flex min-w-0 flex-1 items-center gap-2 rounded-lg p-1 text-left hover:bg-hover">
          <Avatar name={me.user.name || me.user.email} className="size-7 text-[11px]" />
          <span className="min-w-0">
            <span className="block truncate text-sm font-medium text-ink">{me.user.name || me.user.email.split('@')[0]}</span>
            <span className="block truncate text-xs text-ink-3">{me.user.email}</span>
          </span>
          <span className="sr-only">Account menu</span>
        </button>
      </MenuTrigger>
      <MenuContent align="start">
        <MenuLinkItem>
          <Link to="/account">
            <UserRound aria-hidden="true" />
            Account & sessions
          </Link>
        </MenuLinkItem>
        <MenuSeparator />
        <MenuItem onSelect={() => void logOut()}>
          <LogOut aria-hidden="true" />
          Log out
        </MenuItem>
      </MenuContent>
    </Menu>
  );
}

function lastUsedWorkspace(me: Me): Workspace | undefined {
  let last: string | null = null;
  try {
    last = localStorage.getItem(lastWorkspaceKey);
  } catch {
    last = null;
  }
  return me.workspaces.find((candidate) => candidate.id === last) ?? me.workspaces[0];
}
