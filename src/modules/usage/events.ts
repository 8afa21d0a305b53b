import { z } from 'zod';
import { defineEvent } from '../../platform/events/define-event.ts';

/** The ledger's facts: amounts and ids, no names. */
const id = z.uuid();
const amount = z.number().int();

export const creditsGranted = defineEvent('credits.granted', 1, z.object({ grantId: id, source: z.string(), amount, expiresAt: z.iso.datetime().nullable(), balance: amount }));
export const creditsConsumed = defineEvent('credits.consumed', 1, z.object({ entryId: id, amount, balance: amount }));
export const creditsReserved = defineEvent('credits.reserved', 1, z.object({ reservationId: id, amount, balance: amount }));
export const creditsSettled = defineEvent('credits.settled', 1, z.object({ reservationId: id, charged: amount, released: amount, balance: amount }));
export const creditsReleased = defineEvent('credits.released', 1, z.object({ reservationId: id, amount, balance: amount, reason: z.enum(['released', 'timed_out']) }));
export const creditsExpired = defineEvent('credits.expired', 1, z.object({ grantId: id, amount, balance: amount }));
export const creditsLow = defineEvent('credits.low', 1, z.object({ balance: amount, threshold: amount }));
