import { MutationCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from './api/client.ts';
import { createAppRouter } from './router.tsx';
import { refreshAfterRefusal } from './ui/refusal.ts';
import { followSystemTheme } from './ui/theme.ts';
import { ToastProvider } from './ui/toast.tsx';
import './styles.css';

const queryClient: QueryClient = new QueryClient({
  // A refusal (403) or a vanished workspace (404) means what this page knows about the person's
  // role is out of date (changed by someone else): fetch it again, so the page shows only what is allowed.
  mutationCache: new MutationCache({
    onError: (error) => refreshAfterRefusal(queryClient, error),
  }),
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      // A refusal (4xx) will not change by asking again; a network blip or a 5xx might.
      retry: (count, error) => count < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      refetchOnWindowFocus: true,
    },
  },
});

const router = createAppRouter(queryClient);
followSystemTheme();

// A session that ends while the app is open (signed out elsewhere, expired) sends the person to log in.
queryClient.getQueryCache().subscribe((event) => {
  const error = event.query.state.error;
  if (event.type === 'updated' && error instanceof ApiError && error.status === 401 && event.query.queryKey[0] !== 'me') {
    queryClient.setQueryData(['me'], null);
    void router.navigate({ to: '/login', search: { next: window.location.pathname } });
  }
});

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <RouterProvider router={router} />
      </ToastProvider>
    </QueryClientProvider>
  </StrictMode>,
);
