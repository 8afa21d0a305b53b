import { and, asc, eq, sql } from 'drizzle-orm';
import type { BlockList } from 'node:net';
import { newId } from '../../platform/db/new-id.ts';
import type { Config } from '../../platform/config/config.ts';
import { secretBoxFor, type SecretBox } from '../../platform/crypto/secret-box.ts';
import type { Database } from '../../platform/db/database.ts';
import type { Tx } from '../../platform/db/tenancy.ts';
import { appendEvent } from '../../platform/events/append-event.ts';
import type { JobDefinition, JobQueue } from '../../platform/jobs/define-job.ts';
import { parseAllowedNetworks } from './address-guard.ts';
import { webhookDeliveryFailed, webhookEndpointDisabled } from './events.ts';
import { sendWebhook, type WebhookRequest, type WebhookResponse } from './send-webhook.ts';
import { signedHeaders } from './signature.ts';
import { deliveries, deliveryAttempts, endpoints } from './webhooks.schema.ts';

/**
 * When each attempt is made, counted from the one before (Svix's schedule): at once, then 5 s,
 * 5 min, 30 min, 2 h, 5 h, 10 h and 10 h later. Eight attempts over about 27.5 hours.
 */
export const retryScheduleSeconds = [0, 5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600] as const;
export const maxAttempts = retryScheduleSeconds.length;
/** An endpoint whose every attempt has failed for this long is disabled, and the workspace told. */
export const disableAfterMs = 5 * 24 * 3600 * 1000;
/** After a rotation, the old secret signs beside the new one this long. */
export const rotationOverlapMs = 24 * 3600 * 1000;

/** What the delivery use cases work with; tests swap the clock and the sender. */
export interface WebhookParts {
  db: Database;
  config: Config;
  allowed: BlockList;
  now: () => Date;
  send: (request: WebhookRequest, options: { allowed: BlockList; signal?: AbortSignal }) => Promise<WebhookResponse>;
  secrets: () => SecretBox;
}

export function webhookParts(db: Database, config: Config, overrides: Partial<Pick<WebhookParts, 'now' | 'send'>> = {}): WebhookParts {
  return {
    db,
    config,
    allowed: parseAllowedNetworks(config.WEBHOOKS_ALLOWED_NETWORKS),
    now: overrides.now ?? (() => new Date()),
    send: overrides.send ?? sendWebhook,
    secrets: () => secretBoxFor(config),
  };
}

/** The associated data binding a sealed secret to its endpoint: a secret copied to another row does not open. */
export const secretBinding = (workspaceId: string, endpointId: string) => `webhooks.endpoint:${workspaceId}:${endpointId}`;

export interface DeliverPayload {
  deliveryId: string;
  /** Which round of attempts (0 the first, one more per resend or recovery) and which attempt of it. */
  round: number;
  attempt: number;
}

/** The job's key: one job per attempt of a round, however often it is enqueued. */
export const deliverKey = (payload: DeliverPayload) => `${payload.deliveryId}:${payload.round}:${payload.attempt}`;

/**
 * The queue of delivery attempts, handed in so the use cases do not import the job (which wraps
 * them). `enqueueAttempt` runs in the caller's transaction.
 */
export interface AttemptQueue {
  jobs: JobQueue;
  job: JobDefinition<DeliverPayload>;
}

export async function enqueueAttempt(tx: Tx, queue: AttemptQueue, workspaceId: string, payload: DeliverPayload, runAt?: Date): Promise<void> {
  await queue.jobs.enqueue(tx, queue.job, payload, { workspaceId, idempotencyKey: deliverKey(payload), ...(runAt ? { runAt } : {}) });
}

/**
 * Creates the delivery of one message to every enabled endpoint of the workspace that takes its
 * type and existed when it happened, and enqueues each first attempt, in `tx`. One delivery per
 * (endpoint, message): a second call for the same event creates nothing.
 */
export async function fanOut(
  tx: Tx,
  queue: AttemptQueue,
  workspaceId: string,
  message: { id: string; type: string; payload: unknown; occurredAt?: Date },
  onlyEndpointId?: string,
): Promise<string[]> {
  const targets = await tx
    .select({ id: endpoints.id })
    .from(endpoints)
    .where(
      and(
        eq(endpoints.workspaceId, workspaceId),
        onlyEndpointId ? eq(endpoints.id, onlyEndpointId) : sql`${endpoints.enabled} and ${endpoints.eventTypes} ? ${message.type}`,
        // An endpoint receives what happens after it was registered, never the log's history.
        message.occurredAt ? sql`${endpoints.createdAt} <= ${message.occurredAt.toISOString()}` : undefined,
      ),
    );
  const created: string[] = [];
  for (const target of targets) {
    const [row] = await tx
      .insert(deliveries)
      .values({ id: newId(), workspaceId, endpointId: target.id, messageId: message.id, eventType: message.type, payload: message.payload })
      .onConflictDoNothing({ target: [deliveries.endpointId, deliveries.messageId] })
      .returning({ id: deliveries.id });
    if (!row) continue;
    await enqueueAttempt(tx, queue, workspaceId, { deliveryId: row.id, round: 0, attempt: 1 });
    created.push(row.id);
  }
  return created;
}

/** `superseded`: the attempt was made and logged, but a resend started a new round meanwhile, which it leaves alone. */
export type AttemptOutcome = 'succeeded' | 'retrying' | 'failed' | 'skipped' | 'superseded';

/**
 * A receiver's text made fit for a PostgreSQL `text` column, which cannot hold NUL (a gzipped or
 * binary answer has them): each becomes U+FFFD, as bytes that are not UTF-8 already do.
 */
const storableText = (text: string | null): string | null => text?.replaceAll('\u0000', '\uFFFD') ?? null;

/**
 * Makes one attempt of a delivery: signs the message with the endpoint's secrets (both during a
 * rotation), POSTs it with no transaction open, logs the attempt, and then either marks the
 * delivery succeeded, schedules the next attempt, or, after the last one, marks it failed and
 * tells the workspace. An endpoint that has failed everything for 5 days is disabled. If the
 * delivery was resent while the request was out, the attempt is only logged.
 */
export async function attemptDelivery(parts: WebhookParts, queue: AttemptQueue, workspaceId: string, payload: DeliverPayload, signal?: AbortSignal): Promise<AttemptOutcome> {
  const { db } = parts;
  const loaded = await db.tenant(workspaceId, async (tx) => {
    const [row] = await tx
      .select({ delivery: deliveries, endpoint: endpoints })
      .from(deliveries)
      .innerJoin(endpoints, eq(endpoints.id, deliveries.endpointId))
      .where(eq(deliveries.id, payload.deliveryId));
    return row;
  });
  if (!loaded) return 'skipped';
  const { delivery, endpoint } = loaded;
  // A stale job (an older round, an attempt already made) or a disabled endpoint sends nothing.
  if (delivery.status !== 'pending' || delivery.round !== payload.round || delivery.attempts !== payload.attempt - 1 || !endpoint.enabled) return 'skipped';

  const startedAt = parts.now();
  const box = parts.secrets();
  const binding = secretBinding(workspaceId, endpoint.id);
  const secrets = [box.open(endpoint.secretSealed, binding)];
  if (endpoint.previousSecretSealed && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt.getTime() > startedAt.getTime()) {
    secrets.push(box.open(endpoint.previousSecretSealed, binding));
  }
  const body = JSON.stringify(delivery.payload);
  const headers = signedHeaders(secrets, delivery.messageId, Math.floor(startedAt.getTime() / 1000), body);
  const response = await parts.send({ url: endpoint.url, headers, body }, { allowed: parts.allowed, ...(signal ? { signal } : {}) });
  const succeeded = response.status !== null && response.status >= 200 && response.status < 300;

  return db.tenant(workspaceId, async (tx) => {
    const attempt = payload.attempt;
    // Locked, then re-read: a resend may have started a new round while the request was out.
    const [current] = await tx
      .select({ status: deliveries.status, round: deliveries.round, attempts: deliveries.attempts })
      .from(deliveries)
      .where(eq(deliveries.id, delivery.id))
      .for('update');
    // Deleted with its endpoint meanwhile: there is nothing left to log it in.
    if (!current) return 'skipped';
    const [logged] = await tx.select({ count: sql<number>`count(*)::int` }).from(deliveryAttempts).where(eq(deliveryAttempts.deliveryId, delivery.id));
    await tx.insert(deliveryAttempts).values({
      id: newId(),
      workspaceId,
      deliveryId: delivery.id,
      // Numbered across rounds in the log: a resend continues the count.
      attempt: (logged?.count ?? 0) + 1,
      // The signature is a credential of sorts for this message only; kept so a receiver's bug can be reproduced.
      requestHeaders: headers,
      requestBody: body,
      responseStatus: response.status,
      responseBody: storableText(response.body),
      durationMs: response.durationMs,
      error: storableText(response.error) ?? (succeeded ? null : `the endpoint answered ${response.status}`),
      startedAt,
    });
    // An older round's answer (or a duplicate job's) is history: the current round owns the delivery.
    if (current.status !== 'pending' || current.round !== payload.round || current.attempts !== attempt - 1) return 'superseded';
    if (succeeded) {
      await tx.update(deliveries).set({ status: 'succeeded', attempts: attempt, lastAttemptAt: startedAt, nextAttemptAt: null }).where(eq(deliveries.id, delivery.id));
      await tx.update(endpoints).set({ failingSince: null }).where(eq(endpoints.id, endpoint.id));
      return 'succeeded';
    }

    const failingSince = endpoint.failingSince ?? startedAt;
    if (!endpoint.failingSince) await tx.update(endpoints).set({ failingSince }).where(eq(endpoints.id, endpoint.id));
    if (startedAt.getTime() - failingSince.getTime() >= disableAfterMs) {
      await disableEndpoint(tx, workspaceId, endpoint.id, failingSince);
    }
    if (attempt >= maxAttempts || startedAt.getTime() - failingSince.getTime() >= disableAfterMs) {
      await tx.update(deliveries).set({ status: 'failed', attempts: attempt, lastAttemptAt: startedAt, nextAttemptAt: null }).where(eq(deliveries.id, delivery.id));
      await appendEvent(tx, webhookDeliveryFailed, {
        workspaceId,
        payload: { endpointId: endpoint.id, deliveryId: delivery.id, eventId: delivery.messageId, eventType: delivery.eventType, attempts: attempt },
      });
      return 'failed';
    }
    const delaySeconds: number = retryScheduleSeconds[attempt] ?? 36_000;
    const nextAttemptAt = new Date(startedAt.getTime() + delaySeconds * 1000);
    await tx.update(deliveries).set({ attempts: attempt, lastAttemptAt: startedAt, nextAttemptAt }).where(eq(deliveries.id, delivery.id));
    await enqueueAttempt(tx, queue, workspaceId, { deliveryId: delivery.id, round: payload.round, attempt: payload.attempt + 1 }, nextAttemptAt);
    return 'retrying';
  });
}

async function disableEndpoint(tx: Tx, workspaceId: string, endpointId: string, failingSince: Date): Promise<void> {
  const reason = 'Every delivery failed for 5 days';
  const [changed] = await tx
    .update(endpoints)
    .set({ enabled: false, disabledReason: reason, updatedAt: sql`now()` })
    .where(and(eq(endpoints.id, endpointId), eq(endpoints.enabled, true)))
    .returning({ id: endpoints.id });
  if (changed) {
    await appendEvent(tx, webhookEndpointDisabled, { workspaceId, payload: { endpointId, failingSince: failingSince.toISOString(), reason } });
  }
}

/** Starts a new round of attempts for one delivery (a resend), whatever its status. */
export async function resendDelivery(tx: Tx, queue: AttemptQueue, workspaceId: string, deliveryId: string): Promise<boolean> {
  const [row] = await tx
    .update(deliveries)
    .set({ status: 'pending', round: sql`${deliveries.round} + 1`, attempts: 0, nextAttemptAt: sql`now()` })
    .where(eq(deliveries.id, deliveryId))
    .returning({ id: deliveries.id, round: deliveries.round });
  if (!row) return false;
  await enqueueAttempt(tx, queue, workspaceId, { deliveryId: row.id, round: row.round, attempt: 1 });
  return true;
}

/** Resends every failed delivery of the workspace created since `since` (optionally of one endpoint). */
export async function recoverFailedSince(tx: Tx, queue: AttemptQueue, workspaceId: string, since: Date, endpointId?: string): Promise<number> {
  const failed = await tx
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(and(eq(deliveries.status, 'failed'), sql`${deliveries.createdAt} >= ${since.toISOString()}`, endpointId ? eq(deliveries.endpointId, endpointId) : undefined))
    .orderBy(asc(deliveries.createdAt))
    .limit(10_000);
  for (const { id } of failed) await resendDelivery(tx, queue, workspaceId, id);
  return failed.length;
}
