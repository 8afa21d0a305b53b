import { z } from 'zod';
import type { EventDefinition } from '../../platform/events/define-event.ts';
import { generationFailed, generationSucceeded } from '../generation/index.ts';
import { memberJoined } from '../identity/index.ts';
import { siteFormSubmitted, sitePublished } from '../sites/index.ts';
import { creditsLow } from '../usage/index.ts';

/**
 * The public event catalogue: the events a workspace may subscribe an endpoint to. Only what is
 * listed here ever leaves Atelier; every other event of the log stays internal. Adding an event
 * or changing a payload's version raises `catalogueVersion`; a payload's new version must keep
 * the old fields (receivers ignore fields they do not know).
 */
export const catalogueVersion = 1;

export interface CatalogueEntry {
  definition: EventDefinition;
  description: string;
  /** An example `data`, checked against the schema by the tests. */
  example: unknown;
}

const entry = <TPayload>(definition: EventDefinition<string, TPayload>, description: string, example: TPayload): CatalogueEntry => ({
  definition: definition as EventDefinition,
  description,
  example,
});

export const catalogue: readonly CatalogueEntry[] = [
  entry(sitePublished, 'A site was published (or republished): its new revision is live at `url`.', {
    siteId: '0190f5a2-7c1e-7b3a-9d42-1f0e6c2b8a11',
    revisionId: '0190f5a2-9e44-7c10-8f21-5a3b2c1d0e99',
    url: 'https://sites.example.com/bakery/',
  }),
  entry(siteFormSubmitted, "A visitor sent a published site's contact form. Read the message through the API; it is not in the event.", {
    siteId: '0190f5a2-7c1e-7b3a-9d42-1f0e6c2b8a11',
    submissionId: '0190f5b0-1234-7abc-8def-0123456789ab',
    page: 'contact',
  }),
  entry(generationSucceeded, 'An AI generation finished; its output is on the generation record.', {
    generationId: '0190f5c1-aaaa-7bbb-8ccc-dddddddddddd',
    task: 'text.rewrite',
    model: 'local',
    creditsCharged: 3,
    tokensIn: 120,
    tokensOut: 80,
  }),
  entry(generationFailed, 'An AI generation ended without a result (or was cancelled); its credits were released.', {
    generationId: '0190f5c1-aaaa-7bbb-8ccc-dddddddddddd',
    task: 'text.rewrite',
    code: 'provider_unavailable',
    cancelled: false,
  }),
  entry(creditsLow, "The workspace's credit balance fell below its plan's warning threshold.", { balance: 40, threshold: 50 }),
  entry(memberJoined, 'Someone joined the workspace (accepted an invitation, or created it).', {
    userId: '0190f5d2-1111-7222-8333-444444444444',
    role: 'member',
    invitationId: '0190f5d2-5555-7666-8777-888888888888',
  }),
];

const byType = new Map(catalogue.map((item) => [item.definition.type, item]));

export const catalogueEntry = (type: string): CatalogueEntry | undefined => byType.get(type);
export const catalogueTypes = (): string[] => [...byType.keys()];

/** The message a receiver gets: Standard Webhooks' `{ type, timestamp, data }`. */
export const messageOf = (type: string, occurredAt: Date, data: unknown) => ({ type, timestamp: occurredAt.toISOString(), data });

/** The catalogue as served at /api/webhooks/catalogue: each event's JSON Schema from its zod definition, and an example. */
export function publicCatalogue() {
  return {
    version: catalogueVersion,
    events: catalogue.map(({ definition, description, example }) => ({
      type: definition.type,
      version: definition.version,
      description,
      schema: z.toJSONSchema(definition.schema, { io: 'output', unrepresentable: 'any' }) as Record<string, unknown>,
      example: messageOf(definition.type, new Date('2026-01-15T09:30:00.000Z'), example),
    })),
  };
}
