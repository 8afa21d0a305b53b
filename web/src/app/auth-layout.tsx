import { Link, Outlet } from '@tanstack/react-router';
import { Logo } from '../ui/logo.tsx';
import { ThemeToggle } from '../ui/theme-toggle.tsx';

/** The pages before the app (log in, sign up, emailed links): one card in the middle of the screen. */
export function AuthLayout() {
  return (
    <div className="flex min-h-dvh flex-col bg-canvas">
      <header className="flex items-center justify-between px-5 py-4 sm:px-8">
        <Link to="/" aria-label="Atelier home" className="rounded-md">
          <Logo />
        </Link>
        <ThemeToggle />
      </header>
      <main id="main" className="flex flex-1 items-start justify-center px-4 pt-6 pb-16 sm:items-center sm:pt-0">
        <div className="w-full max-w-[400px]">
          <Outlet />
        </div>
      </main>
      <footer className="px-5 pb-6 text-center text-xs text-ink-3">Atelier · open-source AI workspace platform</footer>
    </div>
  );
}

/** The card the auth pages sit in: a title, a line under it, the form, and links below. */
export function AuthCard({ title, description, children, footer }: { title: string; description?: React.ReactNode; children: React.ReactNode; footer?: React.ReactNode }) {
  return (
    <div>
      <div className="rounded-2xl border border-line bg-surface p-6 shadow-card sm:p-8">
        <h1 className="text-xl font-semibold tracking-tight text-ink">{title}</h1>
        {description ? <p className="mt-1.5 text-sm leading-relaxed text-ink-3">{description}</p> : null}
        <div className="mt-6">{children}</div>
      </div>
      {footer ? <p className="mt-5 text-center text-sm text-ink-3">{footer}</p> : null}
    </div>
  );
}
