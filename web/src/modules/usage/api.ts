import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import { request, withQuery } from '../../api/client.ts';
import { usage as contract } from '../../api/contracts.ts';

/** Usage's API, typed from src/modules/usage/contract.ts. */

export type CreditBalance = z.output<typeof contract.creditBalanceView>;
export type CreditEntry = z.output<typeof contract.creditEntryView>;
export type EntryType = CreditEntry['type'];
export type WorkspacePlan = z.output<typeof contract.workspacePlanView>;
export type UsageHistory = z.output<typeof contract.usageHistory>;
/** The ledger's filters: the contract's query, less paging and format. */
export type EntryFilters = Pick<z.input<typeof contract.entriesQuery>, 'type' | 'from' | 'to'>;

export const entryTypes = contract.entryTypes;

/** A range of UTC days, both ends included. */
export interface Period {
  from: string;
  to: string;
}

const ws = (workspaceId: string) => `/api/workspaces/${encodeURIComponent(workspaceId)}`;

export const planQuery = (workspaceId: string) =>
  queryOptions({ queryKey: ['workspace', workspaceId, 'plan'], queryFn: () => request('GET', `${ws(workspaceId)}/plan`, { schema: contract.workspacePlanView }) });

export const creditsQuery = (workspaceId: string) =>
  queryOptions({ queryKey: ['workspace', workspaceId, 'credits'], queryFn: () => request('GET', `${ws(workspaceId)}/credits`, { schema: contract.creditBalanceView }) });

export const entriesQuery = (workspaceId: string, filters: EntryFilters, limit = 25) =>
  infiniteQueryOptions({
    queryKey: ['workspace', workspaceId, 'credit-entries', filters, limit],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => request('GET', `${ws(workspaceId)}/credits/entries`, { query: { ...filters, limit, cursor: pageParam }, schema: contract.entriesPage }),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });

/** The CSV export of every entry the filters match: a plain link, downloaded with the session cookie. */
export const entriesCsvUrl = (workspaceId: string, filters: EntryFilters) => withQuery(`${ws(workspaceId)}/credits/entries`, { ...filters, format: 'csv' });

export const metersQuery = (workspaceId: string) =>
  queryOptions({ queryKey: ['workspace', workspaceId, 'meters'], queryFn: () => request('GET', `${ws(workspaceId)}/usage/meters`, { schema: contract.usageMeters }) });

export const usageQuery = (workspaceId: string, query: z.input<typeof contract.usageQuery>) =>
  queryOptions({
    queryKey: ['workspace', workspaceId, 'usage', query],
    queryFn: () => request('GET', `${ws(workspaceId)}/usage`, { query, schema: contract.usageHistory }),
  });
