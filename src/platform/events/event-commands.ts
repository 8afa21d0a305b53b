import { sql } from 'drizzle-orm';
import { queryRows } from '../db/tenancy.ts';
import { CommandError, defineCommand, type CommandDefinition } from '../process/command.ts';
import { createDispatcher } from './dispatcher.ts';
import type { SubscriberDefinition } from './subscriber.ts';

function find(subscribers: readonly SubscriberDefinition[], name: string | undefined): SubscriberDefinition {
  const subscriber = subscribers.find((candidate) => candidate.name === name);
  if (!subscriber) {
    throw new CommandError(`unknown subscriber "${name ?? ''}"; known: ${subscribers.map((s) => s.name).join(', ') || 'none'}`);
  }
  return subscriber;
}

/** Operators' handles on the event log: rebuild a projection, see and retry parked events. */
export const eventCommands: CommandDefinition[] = [
  defineCommand({
    name: 'replay',
    usage: 'replay <subscriber>',
    summary: 'Rebuild a projection from the start of the event log',
    async run({ db, subscribers }, [name]) {
      const subscriber = find(subscribers, name);
      if (!subscriber.reset) throw new CommandError(`${subscriber.name} keeps no projection to rebuild; replaying it would repeat its side effects`);
      await db.system(async (tx) => {
        await subscriber.reset?.(tx);
        await tx.execute(sql`update platform.subscriber_cursors
                             set tx_id = '0'::xid8, position = 0, failed_attempts = 0, last_error = null, retry_at = null, updated_at = now()
                             where subscriber = ${subscriber.name}`);
        await tx.execute(sql`delete from platform.parked_events where subscriber = ${subscriber.name}`);
      });
      return `${subscriber.name} was reset to position 0; the worker is rebuilding it from the event log`;
    },
  }),
  defineCommand({
    name: 'events parked',
    usage: 'events parked',
    summary: 'List events that subscribers gave up on',
    async run({ db }) {
      const rows = await db.system((tx) =>
        queryRows<{ subscriber: string; event_id: string; type: string; attempts: number; error: string; parked_at: Date }>(
          tx,
          sql`select p.subscriber, p.event_id, e.type, p.attempts, p.error, p.parked_at
              from platform.parked_events p join platform.event_log e on e.id = p.event_id order by p.parked_at`,
        ),
      );
      if (rows.length === 0) return 'No parked events';
      return rows
        .map((row) => `${row.subscriber}  ${row.event_id}  ${row.type}  ${row.attempts} attempts  ${new Date(row.parked_at).toISOString()}  ${row.error}`)
        .join('\n');
    },
  }),
  defineCommand({
    name: 'events retry',
    usage: 'events retry <subscriber> <event-id>',
    summary: 'Run a parked event through its subscriber again',
    async run({ db, subscribers, logger, jobs }, [name, eventId]) {
      const subscriber = find(subscribers, name);
      if (!eventId) throw new CommandError('usage: events retry <subscriber> <event-id>');
      const dispatcher = createDispatcher({ db, subscribers: [subscriber], logger, jobs });
      try {
        await dispatcher.retryParked(subscriber.name, eventId);
      } catch (error) {
        throw new CommandError((error as Error).message);
      }
      return `Event ${eventId} was handled by ${subscriber.name} and is no longer parked`;
    },
  }),
];
