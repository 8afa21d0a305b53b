import { defineRetention } from '../jobs/define-retention.ts';
import { idempotencyKeys } from './idempotency.schema.ts';

/** A key is kept until it expires (its answer is replayed until then), not a moment longer. */
export const idempotencyRetention = defineRetention({
  name: 'idempotency-keys',
  cron: '17 * * * *',
  rows: 'expired idempotency keys',
  table: idempotencyKeys,
  column: idempotencyKeys.expiresAt,
  keepSeconds: 0,
});
