import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, createRoute, createRouter, lazyRouteComponent, notFound, redirect } from '@tanstack/react-router';
import { AuthLayout } from './app/auth-layout.tsx';
import { NotFoundPage, PagePending, RootErrorPage } from './app/fallback-pages.tsx';
import { RootLayout } from './app/root-layout.tsx';
import { meQuery } from './modules/identity/api.ts';

/**
 * The app's pages. Each page component is loaded on demand (lazyRouteComponent: one chunk per
 * page), so the first visit to /login fetches the login form and not the dashboard.
 */

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
/** A `next` that stays on this site: a path, never `//elsewhere` or a full URL. */
export const safeNext = (value: unknown): string | undefined => {
  const next = text(value);
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : undefined;
};

const rootRoute = createRootRouteWithContext<{ queryClient: QueryClient }>()({
  component: RootLayout,
  notFoundComponent: NotFoundPage,
  errorComponent: RootErrorPage,
});

// Pages for people who are not signed in (signed-in visitors of /login and /signup go on to the app).
const authRoute = createRoute({ getParentRoute: () => rootRoute, id: 'auth', component: AuthLayout });

const redirectIfSignedIn = async ({ context, search }: { context: { queryClient: QueryClient }; search: { next?: string } }) => {
  const me = await context.queryClient.ensureQueryData(meQuery);
  if (me) throw redirect({ href: search.next ?? '/' });
};

const loginRoute = createRoute({
  getParentRoute: () => authRoute,
  path: '/login',
  validateSearch: (search: Record<string, unknown>): { next?: string; email?: string } => ({ next: safeNext(search.next), email: text(search.email) }),
  beforeLoad: redirectIfSignedIn,
  component: lazyRouteComponent(() => import('./modules/identity/log-in-page.tsx'), 'LogInPage'),
});

const signUpRoute = createRoute({
  getParentRoute: () => authRoute,
  path: '/signup',
  validateSearch: (search: Record<string, unknown>): { next?: string; email?: string } => ({ next: safeNext(search.next), email: text(search.email) }),
  beforeLoad: redirectIfSignedIn,
  component: lazyRouteComponent(() => import('./modules/identity/sign-up-page.tsx'), 'SignUpPage'),
});

const forgotPasswordRoute = createRoute({
  getParentRoute: () => authRoute,
  path: '/forgot-password',
  validateSearch: (search: Record<string, unknown>): { email?: string } => ({ email: text(search.email) }),
  component: lazyRouteComponent(() => import('./modules/identity/forgot-password-page.tsx'), 'ForgotPasswordPage'),
});

const tokenSearch = (search: Record<string, unknown>): { token?: string } => ({ token: text(search.token) });

// The three pages emailed links open (src/modules/identity/mails.ts): PUBLIC_URL + path + ?token=.
const resetPasswordRoute = createRoute({
  getParentRoute: () => authRoute,
  path: '/reset-password',
  validateSearch: tokenSearch,
  component: lazyRouteComponent(() => import('./modules/identity/reset-password-page.tsx'), 'ResetPasswordPage'),
});

const verifyEmailRoute = createRoute({
  getParentRoute: () => authRoute,
  path: '/verify-email',
  validateSearch: tokenSearch,
  component: lazyRouteComponent(() => import('./modules/identity/verify-email-page.tsx'), 'VerifyEmailPage'),
});

const acceptInvitationRoute = createRoute({
  getParentRoute: () => authRoute,
  path: '/invitations/accept',
  validateSearch: tokenSearch,
  component: lazyRouteComponent(() => import('./modules/identity/accept-invitation-page.tsx'), 'AcceptInvitationPage'),
});

// The signed-in app: anyone else goes to /login and comes back here after.
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async ({ context, location }) => {
    const me = await context.queryClient.ensureQueryData(meQuery);
    if (!me) throw redirect({ to: '/login', search: { next: location.href === '/' ? undefined : location.href } });
    return { me };
  },
  component: lazyRouteComponent(() => import('./app/app-shell.tsx'), 'AppShell'),
});

const homeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  component: lazyRouteComponent(() => import('./app/home-redirect.tsx'), 'HomeRedirect'),
});

const newWorkspaceRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/workspaces/new',
  component: lazyRouteComponent(() => import('./modules/identity/new-workspace-page.tsx'), 'NewWorkspacePage'),
});

const accountRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/account',
  component: lazyRouteComponent(() => import('./modules/identity/account-page.tsx'), 'AccountPage'),
});

const operatorRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/operator',
  validateSearch: (search: Record<string, unknown>): { tab?: 'workspaces' | 'users'; q?: string } => ({
    tab: search.tab === 'users' ? 'users' : undefined,
    q: text(search.q),
  }),
  beforeLoad: ({ context }) => {
    if (!context.me.user.isOperator) throw notFound();
  },
  component: lazyRouteComponent(() => import('./modules/identity/operator-page.tsx'), 'OperatorPage'),
});

const workspaceRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/w/$workspaceId',
  beforeLoad: ({ context, params }) => {
    const workspace = context.me.workspaces.find((candidate) => candidate.id === params.workspaceId);
    if (!workspace) throw notFound();
    try {
      localStorage.setItem('atelier-last-workspace', workspace.id);
    } catch {
      // Storage is off: the home page picks the first workspace instead.
    }
    return { workspace };
  },
});

const overviewRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: '/',
  component: lazyRouteComponent(() => import('./app/overview-page.tsx'), 'OverviewPage'),
});

const membersRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: '/members',
  component: lazyRouteComponent(() => import('./modules/identity/members-page.tsx'), 'MembersPage'),
});

const apiKeysRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: '/api-keys',
  component: lazyRouteComponent(() => import('./modules/identity/api-keys-page.tsx'), 'ApiKeysPage'),
});

export interface CreditsSearch {
  type?: string;
  from?: string;
  to?: string;
  meter?: string;
  groupBy?: 'model';
  range?: string;
}

const creditsRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: '/credits',
  validateSearch: (search: Record<string, unknown>): CreditsSearch => ({
    type: text(search.type),
    from: text(search.from),
    to: text(search.to),
    meter: text(search.meter),
    groupBy: search.groupBy === 'model' ? 'model' : undefined,
    range: text(search.range),
  }),
  component: lazyRouteComponent(() => import('./modules/usage/credits-page.tsx'), 'CreditsPage'),
});

const sitesRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: '/sites',
  component: lazyRouteComponent(() => import('./modules/sites/sites-page.tsx'), 'SitesPage'),
});

// The editor is its own chunk (with the preview, the panels and the fields), loaded only here.
const siteEditorRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: '/sites/$siteId',
  component: lazyRouteComponent(() => import('./modules/sites/site-editor-page.tsx'), 'SiteEditorPage'),
});

const webhooksRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: '/webhooks',
  component: lazyRouteComponent(() => import('./modules/webhooks/webhooks-page.tsx'), 'WebhooksPage'),
});

const webhookEndpointRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: '/webhooks/$endpointId',
  component: lazyRouteComponent(() => import('./modules/webhooks/endpoint-page.tsx'), 'EndpointPage'),
});

const webhookDeliveryRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: '/webhooks/$endpointId/deliveries/$deliveryId',
  component: lazyRouteComponent(() => import('./modules/webhooks/delivery-page.tsx'), 'DeliveryPage'),
});

const settingsRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: '/settings',
  component: lazyRouteComponent(() => import('./modules/identity/settings-page.tsx'), 'SettingsPage'),
});

const routeTree = rootRoute.addChildren([
  authRoute.addChildren([loginRoute, signUpRoute, forgotPasswordRoute, resetPasswordRoute, verifyEmailRoute, acceptInvitationRoute]),
  appRoute.addChildren([
    homeRoute,
    newWorkspaceRoute,
    accountRoute,
    operatorRoute,
    workspaceRoute.addChildren([overviewRoute, membersRoute, apiKeysRoute, creditsRoute, sitesRoute, siteEditorRoute, webhooksRoute, webhookEndpointRoute, webhookDeliveryRoute, settingsRoute]),
  ]),
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    // The query cache decides freshness; the router only asks it.
    defaultPreloadStaleTime: 0,
    scrollRestoration: true,
    defaultPendingMs: 150,
    defaultPendingComponent: PagePending,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}

export { workspaceRoute, creditsRoute, operatorRoute, loginRoute, signUpRoute, forgotPasswordRoute, resetPasswordRoute, verifyEmailRoute, acceptInvitationRoute };
