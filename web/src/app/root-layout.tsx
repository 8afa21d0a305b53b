import { Outlet, useRouterState } from '@tanstack/react-router';

/** Every page: a thin progress bar while the next page loads, then the page. */
export function RootLayout() {
  const loading = useRouterState({ select: (state) => state.status === 'pending' });
  return (
    <>
      <div aria-hidden="true" className={`fixed inset-x-0 top-0 z-[70] h-0.5 origin-left bg-accent transition-transform duration-500 ${loading ? 'scale-x-75' : 'scale-x-0'}`} />
      <Outlet />
    </>
  );
}
