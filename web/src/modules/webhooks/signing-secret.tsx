import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Eye, EyeOff, RotateCw } from 'lucide-react';
import { useState } from 'react';
import { messageOf } from '../../api/client.ts';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { Card, CardHeader } from '../../ui/card.tsx';
import { CopyButton } from '../../ui/copy-button.tsx';
import { ConfirmDialog } from '../../ui/dialog.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { useToast } from '../../ui/toast.tsx';
import { keys, secretQuery, webhooks, type Endpoint } from './api.ts';

/** The endpoint's whsec_ secret: hidden until asked for, copyable, and rotated with 24 hours of overlap. */
export function SigningSecret({ workspaceId, endpoint }: { workspaceId: string; endpoint: Endpoint }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [shown, setShown] = useState(false);
  const [rotating, setRotating] = useState(false);
  const secret = useQuery({ ...secretQuery(workspaceId, endpoint.id), enabled: shown });
  const revealed = shown ? secret.data : undefined;
  const previousUntil = endpoint.previousSecretExpiresAt && Date.parse(endpoint.previousSecretExpiresAt) > Date.now() ? endpoint.previousSecretExpiresAt : null;

  const rotate = async () => {
    const next = await webhooks.rotateSecret(workspaceId, endpoint.id);
    queryClient.setQueryData(keys.secret(workspaceId, endpoint.id), next);
    setShown(true);
    await queryClient.invalidateQueries({ queryKey: keys.endpoint(workspaceId, endpoint.id), exact: true });
    toast('New signing secret made. The old one keeps signing for 24 hours.');
  };

  return (
    <Card aria-labelledby="secret-heading">
      <CardHeader id="secret-heading" title="Signing secret" description="Signs every message (the webhook-signature header)." />
      <div className="space-y-3 px-5 py-4">
        <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
          <code data-testid="signing-secret" className="min-w-0 flex-1 rounded-lg border border-line bg-subtle px-3 py-2 font-mono text-[13px] break-all text-ink">
            {revealed ? (
              <span className="select-all">{revealed.secret}</span>
            ) : (
              <>
                <span aria-hidden="true">whsec_••••••••••••••••••••••••</span>
                <span className="sr-only">Hidden</span>
              </>
            )}
          </code>
          <div className="flex shrink-0 gap-2">
            <Button size="sm" icon={shown ? <EyeOff aria-hidden="true" /> : <Eye aria-hidden="true" />} busy={shown && secret.isPending} onClick={() => setShown(!shown)}>
              {shown ? 'Hide' : 'Reveal'}
            </Button>
            {revealed ? <CopyButton value={revealed.secret} label="Copy secret" /> : null}
          </div>
        </div>
        <p className="text-[13px] leading-relaxed text-ink-3">
          Check each message before trusting it, with a Standard Webhooks library: <code className="rounded bg-subtle px-1 font-mono text-[12px] text-ink-2">new Webhook(secret).verify(body, headers)</code>.
          During a rotation both secrets sign, so either one verifies.
        </p>
        <Button size="sm" icon={<RotateCw aria-hidden="true" />} onClick={() => setRotating(true)}>
          Rotate secret
        </Button>
        {shown && secret.isError ? <Alert tone="error">{messageOf(secret.error)}</Alert> : null}
        {previousUntil ? (
          <Alert tone="info" title="The previous secret still signs">
            Until {formatDateTime(previousUntil)}, every message also carries a signature made with the previous secret, so your receiver can switch to the new one without missing a message.
          </Alert>
        ) : null}
      </div>
      <ConfirmDialog
        open={rotating}
        onOpenChange={setRotating}
        title="Rotate the signing secret?"
        description="A new secret signs every message from now on. The current one keeps signing beside it for 24 hours: give your receiver the new secret within a day and no message fails its check."
        confirmLabel="Rotate secret"
        destructive={false}
        onConfirm={rotate}
      />
    </Card>
  );
}
