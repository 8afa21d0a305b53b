import { Link, useSearch } from '@tanstack/react-router';
import { MailCheck } from 'lucide-react';
import { useState } from 'react';
import { identity as contract } from '../../api/contracts.ts';
import { messageOf } from '../../api/client.ts';
import { AuthCard } from '../../app/auth-layout.tsx';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { TextField } from '../../ui/field.tsx';
import { useZodForm } from '../../ui/form.ts';
import { useDocumentTitle } from '../../ui/page.tsx';
import { auth } from './api.ts';

export function ForgotPasswordPage() {
  useDocumentTitle('Reset your password');
  const search = useSearch({ from: '/auth/forgot-password' });
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useZodForm(contract.forgotPasswordRequest, { email: search.email ?? '' }, { email: 'Email' });
  const submit = form.handleSubmit(async (body) => {
    await auth.forgotPassword(body);
    setSentTo(body.email);
  });

  const footer = (
    <Link to="/login" className="font-medium text-accent-ink hover:underline">
      Back to log in
    </Link>
  );

  if (sentTo) {
    return (
      <AuthCard title="Check your email" footer={footer}>
        <div className="flex gap-3 text-sm leading-relaxed text-ink-2">
          <MailCheck className="mt-0.5 size-5 shrink-0 text-success-ink" aria-hidden="true" />
          <p role="status">
            If an account uses <strong className="text-ink">{sentTo}</strong>, a link to choose a new password is on its way. It works for one hour.
          </p>
        </div>
      </AuthCard>
    );
  }

  return (
    <AuthCard title="Reset your password" description="Enter your account's email and we will send you a link to choose a new password." footer={footer}>
      <form ref={form.formRef} onSubmit={submit} noValidate className="space-y-4">
        <TextField label="Email" type="email" autoComplete="email" autoFocus required {...form.field('email')} />
        {form.failure ? <Alert tone="error">{messageOf(form.failure)}</Alert> : null}
        <Button type="submit" variant="primary" className="w-full" busy={form.submitting}>
          Send reset link
        </Button>
      </form>
    </AuthCard>
  );
}
