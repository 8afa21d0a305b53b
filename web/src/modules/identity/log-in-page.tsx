import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { identity as contract } from '../../api/contracts.ts';
import { messageOf } from '../../api/client.ts';
import { AuthCard } from '../../app/auth-layout.tsx';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { TextField } from '../../ui/field.tsx';
import { useZodForm } from '../../ui/form.ts';
import { useDocumentTitle } from '../../ui/page.tsx';
import { auth, meQuery } from './api.ts';

export function LogInPage() {
  useDocumentTitle('Log in');
  const search = useSearch({ from: '/auth/login' });
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useZodForm(contract.logInRequest, { email: search.email ?? '', password: '' }, { email: 'Email', password: 'Password' });

  const submit = form.handleSubmit(async (body) => {
    await auth.logIn(body);
    await queryClient.fetchQuery({ ...meQuery, staleTime: 0 });
    await navigate({ href: search.next ?? '/', replace: true });
  });

  return (
    <AuthCard
      title="Log in to Atelier"
      description="Welcome back. Pick up where you left off."
      footer={
        <>
          New to Atelier?{' '}
          <Link to="/signup" search={{ next: search.next, email: search.email }} className="font-medium text-accent-ink hover:underline">
            Create an account
          </Link>
        </>
      }
    >
      <form ref={form.formRef} onSubmit={submit} noValidate className="space-y-4">
        <TextField label="Email" type="email" autoComplete="email" autoFocus={!search.email} required {...form.field('email')} />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          autoFocus={Boolean(search.email)}
          required
          aside={
            <Link to="/forgot-password" search={{ email: form.values.email || undefined }} className="text-[13px] font-medium text-accent-ink hover:underline">
              Forgot password?
            </Link>
          }
          {...form.field('password')}
        />
        {form.failure ? <Alert tone="error">{messageOf(form.failure)}</Alert> : null}
        <Button type="submit" variant="primary" className="w-full" busy={form.submitting}>
          Log in
        </Button>
      </form>
    </AuthCard>
  );
}
