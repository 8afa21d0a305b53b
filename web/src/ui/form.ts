import { useCallback, useRef, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/client.ts';
import { refreshAfterRefusal } from './refusal.ts';

type Values<S extends z.ZodObject> = { [K in keyof z.input<S>]-?: z.input<S>[K] };

/**
 * A form validated by a contract's schema, before sending and again by the server with the same
 * schema: a field's error reads the same whichever side found it. Errors name the field
 * ("Password must be at least 10 characters"); a refusal that is not about one field
 * (permission, seat limit, rate limit) lands in `failure` for an alert above the buttons.
 */
export function useZodForm<S extends z.ZodObject>(schema: S, initial: Values<S>, labels: Partial<Record<keyof Values<S>, string>> = {}) {
  const [values, setValues] = useState<Values<S>>(initial);
  const [errors, setErrors] = useState<Partial<Record<keyof Values<S>, string>>>({});
  const [failure, setFailure] = useState<ApiError | Error | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const formRef = useRef<HTMLFormElement | null>(null);
  const queryClient = useQueryClient();

  const describe = useCallback(
    (name: string, message: string) => {
      const label = labels[name as keyof Values<S>];
      return label ? `${label} ${message}` : message.charAt(0).toUpperCase() + message.slice(1);
    },
    [labels],
  );

  const showErrors = (found: Record<string, string>) => {
    const named: Partial<Record<keyof Values<S>, string>> = {};
    for (const [name, message] of Object.entries(found)) named[name as keyof Values<S>] = describe(name, message);
    setErrors(named);
    const first = Object.keys(found)[0];
    if (first) formRef.current?.querySelector<HTMLElement>(`[name="${CSS.escape(first)}"]`)?.focus();
  };

  function set<K extends keyof Values<S>>(name: K, value: Values<S>[K]) {
    setValues((current) => ({ ...current, [name]: value }));
    setErrors((current) => (current[name] ? { ...current, [name]: undefined } : current));
  }

  /** Props for an input bound to `name`. */
  function field<K extends keyof Values<S> & string>(name: K) {
    return {
      name,
      value: (values[name] ?? '') as string,
      error: errors[name],
      onChange: (event: { target: { value: string } }) => set(name, event.target.value as Values<S>[K]),
    };
  }

  function handleSubmit(onValid: (data: z.output<S>) => Promise<unknown>) {
    return async (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      if (submitting) return;
      setFailure(null);
      // An optional field left empty is absent, not an empty string its schema would refuse.
      const present: Record<string, unknown> = { ...values };
      for (const [name, value] of Object.entries(present)) {
        if (value === '' && schema.shape[name]?.safeParse(undefined).success) delete present[name];
      }
      const parsed = schema.safeParse(present);
      if (!parsed.success) {
        const found: Record<string, string> = {};
        for (const issue of parsed.error.issues) {
          const name = String(issue.path[0] ?? '');
          found[name] ??= issue.message;
        }
        showErrors(found);
        return;
      }
      setErrors({});
      setSubmitting(true);
      try {
        await onValid(parsed.data);
      } catch (error) {
        refreshAfterRefusal(queryClient, error);
        const fields = error instanceof ApiError ? error.fieldErrors() : {};
        if (Object.keys(fields).length > 0) showErrors(fields);
        else setFailure(error instanceof Error ? error : new Error(String(error)));
      } finally {
        setSubmitting(false);
      }
    };
  }

  return { values, set, field, errors, failure, setFailure, submitting, handleSubmit, formRef, reset: () => { setValues(initial); setErrors({}); setFailure(null); } };
}
