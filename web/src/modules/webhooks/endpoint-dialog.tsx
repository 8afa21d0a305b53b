import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { Switch } from 'radix-ui';
import { useId } from 'react';
import { messageOf } from '../../api/client.ts';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { GroupError, TextField } from '../../ui/field.tsx';
import { useZodForm } from '../../ui/form.ts';
import { ErrorState, LoadingRows } from '../../ui/states.tsx';
import { useToast } from '../../ui/toast.tsx';
import { catalogueQuery, contract, keys, webhooks, type Endpoint } from './api.ts';
import { CatalogueDescription } from './catalogue-text.tsx';

interface EndpointDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  workspaceId: string;
  /** The endpoint to edit; without one, the dialog adds a new endpoint. */
  endpoint?: Endpoint;
}

/**
 * Adds or edits an endpoint: its URL, a description, the catalogue's events it receives (each
 * with what it means), and whether it is on. Its fields start from the endpoint as it was when
 * the dialog mounted.
 */
export function EndpointDialog({ open, onOpenChange, workspaceId, endpoint }: EndpointDialogProps) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const toast = useToast();
  const catalogue = useQuery({ ...catalogueQuery, enabled: open });
  const form = useZodForm(
    contract.createEndpointBody,
    { url: endpoint?.url ?? '', description: endpoint?.description ?? '', eventTypes: endpoint?.eventTypes ?? [], enabled: endpoint?.enabled ?? true },
    { url: 'The URL', description: 'The description' },
  );
  const enabledId = useId();
  const close = (next: boolean) => {
    if (!next) form.reset();
    onOpenChange(next);
  };

  const events = catalogue.data?.events ?? [];
  const chosen = new Set(form.values.eventTypes);
  const toggle = (type: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(type);
    else next.delete(type);
    form.set('eventTypes', events.map((event) => event.type).filter((candidate) => next.has(candidate)));
  };
  const allChosen = events.length > 0 && events.every((event) => chosen.has(event.type));

  const submit = form.handleSubmit(async (body) => {
    if (endpoint) {
      const saved = await webhooks.update(workspaceId, endpoint.id, body);
      queryClient.setQueryData(keys.endpoint(workspaceId, endpoint.id), saved);
      await queryClient.invalidateQueries({ queryKey: keys.endpoints(workspaceId) });
      toast('Endpoint saved');
      close(false);
      return;
    }
    const created = await webhooks.create(workspaceId, body);
    await queryClient.invalidateQueries({ queryKey: keys.endpoints(workspaceId) });
    toast('Endpoint added. Send it a test event to check that it answers.');
    close(false);
    await navigate({ to: '/w/$workspaceId/webhooks/$endpointId', params: { workspaceId, endpointId: created.id } });
  });

  return (
    <Dialog
      open={open}
      onOpenChange={close}
      title={endpoint ? 'Edit endpoint' : 'Add an endpoint'}
      description={endpoint ? undefined : 'Atelier POSTs a signed JSON message to this URL for each event you choose.'}
      wide
    >
      <form ref={form.formRef} onSubmit={(event) => void submit(event)} noValidate className="space-y-5">
        <TextField label="Endpoint URL" type="url" inputMode="url" placeholder="https://example.com/webhooks/atelier" autoFocus required spellCheck={false} autoComplete="off" {...form.field('url')} />
        <TextField label="Description" placeholder="Order system (production)" description="Optional: what listens here, so your team knows." {...form.field('description')} />

        <fieldset className="space-y-2" aria-describedby={form.errors.eventTypes ? 'event-types-error' : undefined}>
          <div className="flex items-baseline justify-between">
            <legend className="text-sm font-medium text-ink">Events to send</legend>
            {events.length > 0 ? (
              <button type="button" className="text-[13px] font-medium text-accent-ink hover:underline" onClick={() => form.set('eventTypes', allChosen ? [] : events.map((event) => event.type))}>
                {allChosen ? 'Clear all' : 'Select all'}
              </button>
            ) : null}
          </div>
          <div className="max-h-72 divide-y divide-line overflow-y-auto rounded-lg border border-line">
            {catalogue.isPending ? (
              <LoadingRows rows={3} label="Loading the event catalogue" />
            ) : catalogue.isError ? (
              <ErrorState error={catalogue.error} onRetry={() => void catalogue.refetch()} />
            ) : (
              events.map((event) => (
                <label key={event.type} className="flex cursor-pointer items-start gap-3 px-3 py-2.5 hover:bg-subtle">
                  <input type="checkbox" name="eventTypes" value={event.type} className="mt-0.5 size-4 shrink-0" checked={chosen.has(event.type)} onChange={(change) => toggle(event.type, change.target.checked)} />
                  <span className="min-w-0">
                    <span className="block font-mono text-[13px] text-ink">{event.type}</span>
                    <span className="block text-[13px] text-ink-3">
                      <CatalogueDescription text={event.description} />
                    </span>
                  </span>
                </label>
              ))
            )}
          </div>
          <GroupError id="event-types" error={form.errors.eventTypes} />
        </fieldset>

        <div className="flex items-start justify-between gap-4 rounded-lg border border-line px-3 py-2.5">
          <div className="min-w-0 space-y-0.5">
            <label htmlFor={enabledId} className="text-sm font-medium text-ink">
              Enabled
            </label>
            <p id={`${enabledId}-description`} className="text-[13px] text-ink-3">
              {endpoint && !endpoint.enabled && endpoint.disabledReason
                ? `Atelier turned it off: ${endpoint.disabledReason.toLowerCase()}. Turning it on starts its failure count afresh.`
                : 'While it is off, no events are sent to it.'}
            </p>
          </div>
          <Switch.Root
            id={enabledId}
            checked={form.values.enabled ?? true}
            onCheckedChange={(checked) => form.set('enabled', checked)}
            aria-describedby={`${enabledId}-description`}
            className="relative mt-0.5 inline-flex h-5 w-9 shrink-0 items-center rounded-full bg-line-strong transition-colors data-[state=checked]:bg-accent"
          >
            <Switch.Thumb className="block size-4 translate-x-0.5 rounded-full bg-white shadow-sm transition-transform data-[state=checked]:translate-x-[1.125rem]" />
          </Switch.Root>
        </div>

        {form.failure ? (
          <Alert tone="error" title={endpoint ? 'The endpoint was not saved' : 'The endpoint was not added'}>
            {messageOf(form.failure)}
          </Alert>
        ) : null}
        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Button onClick={() => close(false)}>Cancel</Button>
          <Button type="submit" variant="primary" busy={form.submitting}>
            {endpoint ? 'Save changes' : 'Add endpoint'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
