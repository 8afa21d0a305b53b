import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Send } from 'lucide-react';
import { useState } from 'react';
import { messageOf } from '../../api/client.ts';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { SelectField } from '../../ui/field.tsx';
import { useToast } from '../../ui/toast.tsx';
import { catalogueQuery, keys, webhooks, type Endpoint } from './api.ts';
import { CatalogueDescription } from './catalogue-text.tsx';
import { CodeBlock } from './code-block.tsx';

/** Sends the catalogue's example of one of the endpoint's event types, to check the receiver end to end. */
export function TestEventDialog({ open, onOpenChange, workspaceId, endpoint }: { open: boolean; onOpenChange: (open: boolean) => void; workspaceId: string; endpoint: Endpoint }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const catalogue = useQuery({ ...catalogueQuery, enabled: open });
  const [picked, setEventType] = useState(endpoint.eventTypes[0] ?? '');
  // The endpoint's types may have been edited since the pick.
  const eventType = endpoint.eventTypes.includes(picked) ? picked : (endpoint.eventTypes[0] ?? '');
  const send = useMutation({
    mutationFn: () => webhooks.sendTest(workspaceId, endpoint.id, { eventType }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.deliveries(workspaceId, endpoint.id) });
      toast(`Test ${eventType} sent. Its delivery is at the top of the log.`);
      onOpenChange(false);
    },
  });
  const entry = catalogue.data?.events.find((event) => event.type === eventType);

  const close = (next: boolean) => {
    if (send.isPending) return;
    if (!next) send.reset();
    onOpenChange(next);
  };

  return (
    <Dialog open={open} onOpenChange={close} title="Send a test event" description="The catalogue's example message, signed and delivered like a real one." wide>
      <div className="space-y-4">
        <SelectField label="Event type" value={eventType} onChange={(event) => setEventType(event.target.value)}>
          {endpoint.eventTypes.map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </SelectField>
        {entry ? (
          <>
            <p className="text-[13px] text-ink-3">
              <CatalogueDescription text={entry.description} />
            </p>
            <CodeBlock label="Example message" code={JSON.stringify({ ...entry.example, timestamp: '(the time it is sent)' }, null, 2)} className="max-h-56" />
          </>
        ) : null}
        {send.isError ? (
          <Alert tone="error" title="The test event was not sent">
            {messageOf(send.error)}
          </Alert>
        ) : null}
        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Button disabled={send.isPending} onClick={() => close(false)}>
            Cancel
          </Button>
          <Button variant="primary" busy={send.isPending} icon={<Send aria-hidden="true" />} disabled={!eventType} onClick={() => send.mutate()}>
            Send test event
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
