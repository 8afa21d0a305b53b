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

export function SignUpPage() {
  useDocumentTitle('Create your account');
  const search = useSearch({ from: '/auth/signup' });
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useZodForm(contract.signUpRequest, { name: '', email: search.email ?? '', password: '' }, { name: 'Name', email: 'Email', password: 'Password' });

  const submit = form.handleSubmit(async (body) => {
    const signedIn = await auth.signUp(body);
    await queryClient.fetchQuery({ ...meQuery, staleTime: 0 });
    if (search.next) await navigate({ href: search.next, replace: true });
    else if (signedIn.workspace) await navigate({ to: '/w/$workspaceId', params: { workspaceId: signedIn.workspace.id }, replace: true });
    else await navigate({ to: '/', replace: true });
  });

  return (
    <AuthCard
      title="Create your account"
      description="Your own workspace comes with it, and free monthly credits once you confirm your email."
      footer={
        <>
          Already have an account?{' '}
          <Link to="/login" search={{ next: search.next, email: search.email }} className="font-medium text-accent-ink hover:underline">
            Log in
          </Link>
        </>
      }
    >
      <form ref={form.formRef} onSubmit={submit} noValidate className="space-y-4">
        <TextField label="Name" autoComplete="name" placeholder="Ada Lovelace" autoFocus description="Optional. Shown to the people you work with." {...form.field('name')} />
        <TextField label="Email" type="email" autoComplete="email" required {...form.field('email')} />
        <TextField label="Password" type="password" autoComplete="new-password" required description="At least 10 characters." {...form.field('password')} />
        {form.failure ? <Alert tone="error">{messageOf(form.failure)}</Alert> : null}
        <Button type="submit" variant="primary" className="w-full" busy={form.submitting}>
          Create account
        </Button>
      </form>
    </AuthCard>
  );
}
