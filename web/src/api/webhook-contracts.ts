/**
 * The webhooks contract, apart from contracts.ts for the same reason as site-contracts.ts: only
 * the webhooks pages (their own chunks) need it. Only the modules' contract.ts files.
 */
export * as webhooks from '../../../src/modules/webhooks/contract.ts';
