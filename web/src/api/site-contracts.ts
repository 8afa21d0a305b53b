/**
 * The generation and sites contracts, apart from contracts.ts: the site document's schemas are
 * large, and only the sites pages (their own chunks) need them, so the login page's first load
 * does not carry them. Same rule as contracts.ts: only the modules' contract.ts files.
 */
export * as generation from '../../../src/modules/generation/contract.ts';
export * as sites from '../../../src/modules/sites/contract.ts';
