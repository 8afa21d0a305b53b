/**
 * The server's contracts: the one place the web app reaches into src/, and only for the modules'
 * contract.ts files (zod schemas, nothing else; .dependency-cruiser.cjs enforces it). Forms
 * validate with these schemas and the API client parses answers with them, so a field means the
 * same thing on both sides and a change on the server is a type error here.
 */
export * as identity from '../../../src/modules/identity/contract.ts';
export * as usage from '../../../src/modules/usage/contract.ts';
