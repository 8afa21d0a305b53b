import { Link, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { identity as contract } from '../../api/contracts.ts';
import { messageOf } from '../../api/client.ts';
import { AuthCard } from '../../app/auth-layout.tsx';
import { Alert } from '../../ui/alert.tsx';
import { Button, buttonClass } from '../../ui/button.tsx';
import { TextField } from '../../ui/field.tsx';
import { useZodForm } from '../../ui/form.ts';
import { useDocumentTitle } from '../../ui/page.tsx';
import { auth } from './api.ts';

/** Opened from the emailed link: /reset-password?token=… */
export function ResetPasswordPage() {
  useDocumentTitle('Choose a new password');
  const { token } = useSearch({ from: '/auth/reset-password' });
  const [done, setDone] = useState(false);
  const form = useZodForm(contract.resetPasswordRequest, { token: token ?? '', password: '' }, { password: 'Password', token: 'The link' });
  const submit = form.handleSubmit(async (body) => {
    await auth.resetPassword(body);
    setDone(true);
  });

  if (!token) {
    return (
      <AuthCard title="This link is incomplete" description="Open the link from the email again, or ask for a new one.">
        <Link to="/forgot-password" className={buttonClass('primary', 'md', 'w-full')}>
          Send a new link
        </Link>
      </AuthCard>
    );
  }

  if (done) {
    return (
      <AuthCard title="Your password is changed" description="You are signed out everywhere else. Log in with your new password.">
        <Link to="/login" className={buttonClass('primary', 'md', 'w-full')}>
          Log in
        </Link>
      </AuthCard>
    );
  }

  return (
    <AuthCard title="Choose a new password" description="Choosing one signs you out of every other session.">
      <form ref={form.formRef} onSubmit={submit} noValidate className="space-y-4">
        <TextField label="New password" type="password" autoComplete="new-password" autoFocus required description="At least 10 characters." {...form.field('password')} />
        {form.errors.token ? <Alert tone="error">{form.errors.token}</Alert> : null}
        {form.failure ? (
          <Alert tone="error">
            {messageOf(form.failure)} <Link to="/forgot-password">Ask for a new link</Link>
          </Alert>
        ) : null}
        <Button type="submit" variant="primary" className="w-full" busy={form.submitting}>
          Set new password
        </Button>
      </form>
    </AuthCard>
  );
}
