import { and, desc, eq, inArray, lt } from 'drizzle-orm';
import { isIP } from 'node:net';
import { newId } from '../../platform/db/new-id.ts';
import type { Tx } from '../../platform/db/tenancy.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { classifyAddress, unbracket } from './address-guard.ts';
import { catalogueTypes } from './catalogue.ts';
import type { Delivery, Endpoint } from './contract.ts';
import { rotationOverlapMs, secretBinding, type WebhookParts } from './deliveries.ts';
import { generateSecret } from './signature.ts';
import { deliveries, deliveryAttempts, endpoints } from './webhooks.schema.ts';
import { pageOf } from '../../platform/db/page.ts';

type EndpointRow = typeof endpoints.$inferSelect;
type DeliveryRow = typeof deliveries.$inferSelect;

export const endpointView = (row: EndpointRow): Endpoint => ({
  id: row.id,
  url: row.url,
  description: row.description,
  eventTypes: row.eventTypes,
  enabled: row.enabled,
  disabledReason: row.disabledReason,
  failingSince: row.failingSince?.toISOString() ?? null,
  previousSecretExpiresAt: row.previousSecretExpiresAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export const deliveryView = (row: DeliveryRow): Delivery => ({
  id: row.id,
  endpointId: row.endpointId,
  messageId: row.messageId,
  eventType: row.eventType,
  status: row.status,
  attempts: row.attempts,
  nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
  lastAttemptAt: row.lastAttemptAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
});

/** Refuses event types outside the public catalogue, and URLs whose literal address is refused (names are checked at each connection). */
export function checkEndpoint(parts: WebhookParts, input: { url?: string | undefined; eventTypes?: string[] | undefined }): void {
  if (input.eventTypes) {
    const known = new Set(catalogueTypes());
    const unknown = input.eventTypes.filter((type) => !known.has(type));
    if (unknown.length > 0) throw new AppError('invalid_input', `Not in the event catalogue: ${unknown.join(', ')}`, { field: 'eventTypes', unknown });
  }
  if (input.url) {
    const host = unbracket(new URL(input.url).hostname);
    if (isIP(host) !== 0) {
      const verdict = classifyAddress(host, parts.allowed);
      if (!verdict.allowed) throw new AppError('invalid_input', `Webhooks cannot be sent to ${host}: it is a ${verdict.range} address`, { field: 'url', range: verdict.range });
    }
  }
}

export async function createEndpoint(
  parts: WebhookParts,
  tx: Tx,
  workspaceId: string,
  input: { url: string; description: string; eventTypes: string[]; enabled: boolean },
): Promise<Endpoint & { secret: string }> {
  checkEndpoint(parts, input);
  const id = newId();
  const secret = generateSecret();
  const [row] = await tx
    .insert(endpoints)
    .values({ id, workspaceId, ...input, eventTypes: [...new Set(input.eventTypes)], secretSealed: parts.secrets().seal(secret, secretBinding(workspaceId, id)) })
    .returning();
  return { ...endpointView(row as EndpointRow), secret };
}

export async function findEndpoint(tx: Tx, endpointId: string): Promise<EndpointRow> {
  const [row] = await tx.select().from(endpoints).where(eq(endpoints.id, endpointId));
  if (!row) throw new AppError('not_found', 'No such webhook endpoint in this workspace');
  return row;
}

export async function listEndpoints(tx: Tx): Promise<Endpoint[]> {
  return (await tx.select().from(endpoints).orderBy(desc(endpoints.createdAt))).map(endpointView);
}

export async function updateEndpoint(
  parts: WebhookParts,
  tx: Tx,
  endpointId: string,
  changes: { url?: string | undefined; description?: string | undefined; eventTypes?: string[] | undefined; enabled?: boolean | undefined },
): Promise<Endpoint> {
  checkEndpoint(parts, changes);
  const existing = await findEndpoint(tx, endpointId);
  const set: Partial<typeof endpoints.$inferInsert> = { updatedAt: parts.now() };
  if (changes.url !== undefined) set.url = changes.url;
  if (changes.description !== undefined) set.description = changes.description;
  if (changes.eventTypes !== undefined) set.eventTypes = [...new Set(changes.eventTypes)];
  if (changes.enabled !== undefined) {
    set.enabled = changes.enabled;
    // Enabling again is a fresh start: the 5-day count begins at the next failure.
    if (changes.enabled && !existing.enabled) Object.assign(set, { disabledReason: null, failingSince: null });
  }
  const [row] = await tx.update(endpoints).set(set).where(eq(endpoints.id, endpointId)).returning();
  return endpointView(row as EndpointRow);
}

export async function deleteEndpoint(tx: Tx, endpointId: string): Promise<void> {
  const [row] = await tx.delete(endpoints).where(eq(endpoints.id, endpointId)).returning({ id: endpoints.id });
  if (!row) throw new AppError('not_found', 'No such webhook endpoint in this workspace');
}

export async function endpointSecret(parts: WebhookParts, tx: Tx, workspaceId: string, endpointId: string) {
  const row = await findEndpoint(tx, endpointId);
  const expires = row.previousSecretExpiresAt && row.previousSecretExpiresAt > parts.now() ? row.previousSecretExpiresAt.toISOString() : null;
  return { secret: parts.secrets().open(row.secretSealed, secretBinding(workspaceId, row.id)), previousSecretExpiresAt: expires };
}

/** A new secret signs from now on; the old one keeps signing beside it for 24 hours, so receivers can switch without losing a message. */
export async function rotateSecret(parts: WebhookParts, tx: Tx, workspaceId: string, endpointId: string) {
  const row = await findEndpoint(tx, endpointId);
  const secret = generateSecret();
  const now = parts.now();
  const previousSecretExpiresAt = new Date(now.getTime() + rotationOverlapMs);
  const box = parts.secrets();
  await tx
    .update(endpoints)
    .set({ secretSealed: box.seal(secret, secretBinding(workspaceId, row.id)), previousSecretSealed: row.secretSealed, previousSecretExpiresAt, updatedAt: now })
    .where(eq(endpoints.id, row.id));
  return { secret, previousSecretExpiresAt: previousSecretExpiresAt.toISOString() };
}

export async function listDeliveries(tx: Tx, query: { endpointId?: string; limit: number; cursor?: string | undefined; status?: DeliveryRow['status'] | undefined }) {
  const rows = await tx
    .select()
    .from(deliveries)
    .where(
      and(
        query.endpointId ? eq(deliveries.endpointId, query.endpointId) : undefined,
        query.status ? eq(deliveries.status, query.status) : undefined,
        query.cursor ? lt(deliveries.id, query.cursor) : undefined,
      ),
    )
    .orderBy(desc(deliveries.id))
    .limit(query.limit + 1);
  const page = pageOf(rows, query.limit, deliveryView);
  const latest = await latestAttempts(tx, page.items.map((delivery) => delivery.id));
  const items = page.items.map((delivery) => {
    const attempt = latest.get(delivery.id);
    return { ...delivery, lastResponseStatus: attempt?.responseStatus ?? null, lastDurationMs: attempt?.durationMs ?? null };
  });
  return { ...page, items };
}

/** The latest attempt of each delivery (across resends), so the log shows what each one got back without a request per row. */
async function latestAttempts(tx: Tx, deliveryIds: string[]) {
  if (deliveryIds.length === 0) return new Map<string, { responseStatus: number | null; durationMs: number }>();
  const rows = await tx
    .selectDistinctOn([deliveryAttempts.deliveryId], { deliveryId: deliveryAttempts.deliveryId, responseStatus: deliveryAttempts.responseStatus, durationMs: deliveryAttempts.durationMs })
    .from(deliveryAttempts)
    .where(inArray(deliveryAttempts.deliveryId, deliveryIds))
    .orderBy(deliveryAttempts.deliveryId, desc(deliveryAttempts.attempt));
  return new Map(rows.map((row) => [row.deliveryId, row]));
}

export async function deliveryDetail(tx: Tx, deliveryId: string) {
  const [row] = await tx.select().from(deliveries).where(eq(deliveries.id, deliveryId));
  if (!row) throw new AppError('not_found', 'No such webhook delivery in this workspace');
  const attempts = await tx.select().from(deliveryAttempts).where(eq(deliveryAttempts.deliveryId, deliveryId)).orderBy(deliveryAttempts.attempt);
  return {
    ...deliveryView(row),
    payload: row.payload,
    attemptLog: attempts.map((attempt) => ({
      id: attempt.id,
      attempt: attempt.attempt,
      requestHeaders: attempt.requestHeaders,
      requestBody: attempt.requestBody,
      responseStatus: attempt.responseStatus,
      responseBody: attempt.responseBody,
      durationMs: attempt.durationMs,
      error: attempt.error,
      startedAt: attempt.startedAt.toISOString(),
    })),
  };
}
