import { defineRetention } from '../../platform/jobs/define-retention.ts';
import { defineModule } from '../../platform/module.ts';
import { deliveries } from './webhooks.schema.ts';
import { deliverWebhook, webhookFanOut } from './webhooks-jobs.ts';
import { webhooksRoutes } from './webhooks.routes.ts';

export * from './events.ts';
export { publicCatalogue, catalogueVersion } from './catalogue.ts';

/** The delivery log is kept 30 days (a delivery's attempts go with it). */
export const deliveryRetention = defineRetention({
  name: 'webhook-deliveries',
  cron: '17 3 * * *',
  rows: 'webhook deliveries',
  table: deliveries,
  column: deliveries.createdAt,
  keepSeconds: 30 * 24 * 3600,
});

/**
 * Outgoing webhooks: workspaces register endpoints for events of the public catalogue; each
 * event becomes a signed (Standard Webhooks) delivery per endpoint, attempted on Svix's schedule
 * through SSRF-guarded connections, with every attempt in the delivery log.
 */
export const webhooksModule = defineModule({
  name: 'webhooks',
  routes: webhooksRoutes,
  permissions: [{ name: 'webhooks:manage', description: 'Register webhook endpoints, see their delivery log, resend and recover deliveries', roles: ['owner', 'admin'] }],
  subscribers: [webhookFanOut],
  jobs: [deliverWebhook, deliveryRetention.job],
  schedules: [deliveryRetention.schedule],
});
