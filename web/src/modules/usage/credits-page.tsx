import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { Coins, Download, ReceiptText } from 'lucide-react';
import { lazy, Suspense } from 'react';
import { useMe, useWorkspace } from '../../app/current.ts';
import { Badge } from '../../ui/badge.tsx';
import { buttonClass } from '../../ui/button.tsx';
import { LoadMore } from '../../ui/load-more.tsx';
import { Card, CardHeader } from '../../ui/card.tsx';
import { classNames } from '../../ui/class-names.ts';
import { TableScroll } from '../../ui/table-scroll.tsx';
import { inputClass, Select } from '../../ui/field.tsx';
import { daysBefore, formatDate, formatDateTime, formatNumber, formatSigned, utcDay } from '../../ui/format.ts';
import { PageHeader, useDocumentTitle } from '../../ui/page.tsx';
import { EmptyState, ErrorState, LoadingRows, Skeleton } from '../../ui/states.tsx';
import { can } from '../identity/permissions.ts';
import { creditsQuery, entriesCsvUrl, entriesQuery, entryTypes, planQuery, type EntryFilters, type EntryType, type Period } from './api.ts';
import { entryLabels, grantSources } from './labels.ts';

// The chart library is the largest piece of this page: it loads beside the ledger, not before it.
const UsageChart = lazy(() => import('./usage-chart.tsx').then((module) => ({ default: module.UsageChart })));

const presets = [
  { id: '7d', label: '7 days', days: 7 },
  { id: '30d', label: '30 days', days: 30 },
  { id: '90d', label: '90 days', days: 90 },
] as const;

/** The page's period: a preset (default the last 30 days) or the custom days in the URL. */
function periodOf(search: { range?: string; from?: string; to?: string }): Period & { preset: string } {
  const today = utcDay();
  if (search.range === 'custom' && search.from && search.to) return { preset: 'custom', from: search.from, to: search.to };
  const preset = presets.find((candidate) => candidate.id === search.range) ?? presets[1];
  return { preset: preset.id, from: daysBefore(today, preset.days - 1), to: today };
}

export function CreditsPage() {
  const workspace = useWorkspace();
  useDocumentTitle('Credits & usage', workspace.name);
  const search = useSearch({ from: '/app/w/$workspaceId/credits' });
  const navigate = useNavigate({ from: '/w/$workspaceId/credits' });
  const period = periodOf(search);

  if (!can(workspace, 'usage:read')) {
    return (
      <>
        <PageHeader title="Credits & usage" />
        <Card>
          <EmptyState icon={<Coins />} title="Your role cannot see credits">
            Viewers see the workspace and its members. Ask an admin of {workspace.name} for the member role to see credits and usage.
          </EmptyState>
        </Card>
      </>
    );
  }

  const setPeriod = (next: { range: string; from?: string; to?: string }) => void navigate({ search: (previous) => ({ ...previous, ...next }), replace: true });

  return (
    <>
      <PageHeader
        title="Credits & usage"
        description="Your balance, where it came from, what it was spent on."
        actions={<PeriodPicker period={period} onChange={setPeriod} />}
      />
      <div className="space-y-6">
        <Balance workspaceId={workspace.id} />
        <Suspense
          fallback={
            <Card>
              <CardHeader title="Usage" />
              <div className="p-5">
                <Skeleton className="h-64 w-full" />
              </div>
            </Card>
          }
        >
          <UsageChart
            workspaceId={workspace.id}
            period={period}
            meter={search.meter}
            groupBy={search.groupBy}
            onChange={(next) => void navigate({ search: (previous) => ({ ...previous, ...next }), replace: true })}
          />
        </Suspense>
        <Ledger workspaceId={workspace.id} period={period} type={search.type as EntryType | undefined} onType={(type) => void navigate({ search: (previous) => ({ ...previous, type }), replace: true })} />
      </div>
    </>
  );
}

function PeriodPicker({ period, onChange }: { period: Period & { preset: string }; onChange: (next: { range: string; from?: string; to?: string }) => void }) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      <div role="group" aria-label="Period" className="inline-flex rounded-lg border border-line bg-surface p-0.5 shadow-sm">
        {presets.map((preset) => (
          <button
            key={preset.id}
            type="button"
            aria-pressed={period.preset === preset.id}
            onClick={() => onChange({ range: preset.id, from: undefined, to: undefined })}
            className={classNames('rounded-md px-2.5 py-1.5 text-[13px] font-medium text-ink-3 transition-colors hover:text-ink', period.preset === preset.id && 'bg-accent-soft text-accent-ink hover:text-accent-ink')}
          >
            {preset.label}
          </button>
        ))}
      </div>
      <div className="flex items-center gap-1.5">
        <input
          type="date"
          aria-label="From (UTC day)"
          className={classNames(inputClass, 'h-8 w-[9.5rem] px-2 text-[13px]')}
          value={period.from}
          max={period.to}
          onChange={(event) => event.target.value && onChange({ range: 'custom', from: event.target.value, to: period.to })}
        />
        <span className="text-ink-3" aria-hidden="true">
          –
        </span>
        <input
          type="date"
          aria-label="To (UTC day)"
          className={classNames(inputClass, 'h-8 w-[9.5rem] px-2 text-[13px]')}
          value={period.to}
          min={period.from}
          onChange={(event) => event.target.value && onChange({ range: 'custom', from: period.from, to: event.target.value })}
        />
      </div>
    </div>
  );
}

function Balance({ workspaceId }: { workspaceId: string }) {
  const me = useMe();
  const credits = useQuery(creditsQuery(workspaceId));
  const plan = useQuery(planQuery(workspaceId));

  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <Card className="p-5">
        <p className="text-sm font-medium text-ink-3">Available credits</p>
        {credits.isPending ? (
          <Skeleton className="mt-2 h-9 w-32" />
        ) : credits.isError ? (
          <p className="mt-2 text-sm text-danger-ink">{credits.error.message}</p>
        ) : (
          <>
            <p className="mt-1 text-3xl font-semibold tracking-tight text-ink tabular-nums" data-testid="credit-balance">
              {formatNumber(credits.data.balance)}
            </p>
            <p className="mt-1 text-[13px] text-ink-3">{credits.data.held > 0 ? `${formatNumber(credits.data.held)} held for work in progress` : 'Nothing held for work in progress'}</p>
          </>
        )}
        <div className="mt-5 border-t border-line pt-4">
          <p className="text-sm font-medium text-ink-3">Plan</p>
          {plan.isPending ? (
            <Skeleton className="mt-2 h-5 w-40" />
          ) : plan.isError ? (
            <p className="mt-1 text-sm text-danger-ink">{plan.error.message}</p>
          ) : (
            <>
              <p className="mt-1 flex items-center gap-2 text-base font-semibold text-ink">
                {plan.data.plan.name} <Badge tone="accent">{formatNumber(plan.data.plan.monthlyCredits)} credits / month</Badge>
              </p>
              <p className="mt-1 text-[13px] text-ink-3">
                {plan.data.nextAllowanceAt ? `Next allowance ${formatDate(plan.data.nextAllowanceAt)}` : `Renews on day ${plan.data.cycleDay} of each month`} · {plan.data.plan.limits.seats} seats
              </p>
            </>
          )}
        </div>
      </Card>

      <Card className="lg:col-span-2" aria-labelledby="grants-heading">
        <CardHeader id="grants-heading" title="Where your credits come from" description="Credits that expire soonest are spent first." />
        {credits.isPending ? (
          <LoadingRows rows={2} label="Loading credit grants" />
        ) : credits.isError ? (
          <ErrorState error={credits.error} onRetry={() => void credits.refetch()} />
        ) : credits.data.grants.filter((grant) => grant.remaining > 0).length === 0 ? (
          <EmptyState icon={<Coins />} title="No credits right now" className="py-8">
            {me.user.emailVerified ? 'Your plan allowance arrives at the start of each cycle.' : 'Confirm your email address to receive your free monthly allowance.'}
          </EmptyState>
        ) : (
          <ul className="divide-y divide-line">
            {credits.data.grants
              .filter((grant) => grant.remaining > 0)
              .map((grant) => {
                const used = grant.amount === 0 ? 0 : Math.round(((grant.amount - grant.remaining) / grant.amount) * 100);
                return (
                  <li key={grant.id} className="px-5 py-3.5">
                    <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
                      <p className="text-sm font-medium text-ink">{grantSources[grant.source]}</p>
                      <p className="text-sm text-ink-2 tabular-nums">
                        <span className="font-semibold text-ink">{formatNumber(grant.remaining)}</span> of {formatNumber(grant.amount)} left
                      </p>
                    </div>
                    <div
                      className="mt-2 h-1.5 overflow-hidden rounded-full bg-subtle"
                      role="progressbar"
                      aria-label={`${grantSources[grant.source]}: ${used}% used`}
                      aria-valuenow={100 - used}
                      aria-valuemin={0}
                      aria-valuemax={100}
                    >
                      <div className="h-full rounded-full bg-accent" style={{ width: `${100 - used}%` }} />
                    </div>
                    <p className="mt-1.5 text-[13px] text-ink-3">
                      Granted {formatDate(grant.createdAt)} · {grant.expiresAt ? `expires ${formatDate(grant.expiresAt)}` : 'never expires'}
                    </p>
                  </li>
                );
              })}
          </ul>
        )}
      </Card>
    </div>
  );
}

const th = 'px-5 py-2.5 text-left text-xs font-medium tracking-wide text-ink-3 uppercase whitespace-nowrap';

function Ledger({ workspaceId, period, type, onType }: { workspaceId: string; period: Period; type: EntryType | undefined; onType: (type: string | undefined) => void }) {
  const filters: EntryFilters = { type, from: period.from, to: period.to };
  const entries = useInfiniteQuery(entriesQuery(workspaceId, filters));
  const rows = entries.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Card aria-labelledby="ledger-heading">
      <CardHeader
        id="ledger-heading"
        title="Ledger"
        description={`Every credit movement from ${formatDate(`${period.from}T00:00:00Z`)} to ${formatDate(`${period.to}T00:00:00Z`)} (UTC), newest first.`}
        actions={
          <>
            <Select aria-label="Entry type" className="w-40" value={type ?? ''} onChange={(event) => onType(event.target.value || undefined)}>
              <option value="">All entries</option>
              {entryTypes.map((entryType) => (
                <option key={entryType} value={entryType}>
                  {entryLabels[entryType].label}
                </option>
              ))}
            </Select>
            <a href={entriesCsvUrl(workspaceId, filters)} download className={buttonClass('secondary', 'md')}>
              <Download aria-hidden="true" />
              Export CSV
            </a>
          </>
        }
      />
      {entries.isPending ? (
        <LoadingRows rows={4} label="Loading the ledger" />
      ) : entries.isError ? (
        <ErrorState error={entries.error} onRetry={() => void entries.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState icon={<ReceiptText />} title={type ? `No ${entryLabels[type].label.toLowerCase()} entries in this period` : 'No credit movements in this period'}>
          Grants, purchases and spending appear here as they happen.
        </EmptyState>
      ) : (
        <>
        {/* Phones: one line per movement, amount at the right; wider screens: the table. */}
        <ul className="divide-y divide-line sm:hidden" aria-label="Credit ledger">
          {rows.map((entry) => (
            <li key={entry.id} className="flex items-start justify-between gap-3 px-5 py-3">
              <div className="min-w-0 space-y-1">
                <p className="truncate text-sm text-ink">{entry.description ?? entryLabels[entry.type].label}</p>
                <p className="flex items-center gap-2 text-xs text-ink-3">
                  <Badge tone={entryLabels[entry.type].tone}>{entryLabels[entry.type].label}</Badge>
                  {formatDateTime(entry.createdAt)}
                </p>
              </div>
              <div className="shrink-0 text-right tabular-nums">
                <p className={classNames('text-sm font-medium', entry.amount > 0 ? 'text-success-ink' : 'text-ink')}>{formatSigned(entry.amount)}</p>
                <p className="text-xs text-ink-3">{formatNumber(entry.balanceAfter)}</p>
              </div>
            </li>
          ))}
        </ul>
        <div className="hidden sm:block">
        <TableScroll label="Credit ledger">
          <table className="w-full min-w-[40rem]" data-testid="ledger">
            <caption className="sr-only">Credit ledger</caption>
            <thead className="border-b border-line bg-subtle/60">
              <tr>
                <th scope="col" className={th}>Date</th>
                <th scope="col" className={th}>Type</th>
                <th scope="col" className={th}>Description</th>
                <th scope="col" className={classNames(th, 'text-right')}>Amount</th>
                <th scope="col" className={classNames(th, 'text-right')}>Balance</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-line">
              {rows.map((entry) => (
                <tr key={entry.id} className="hover:bg-subtle/50">
                  <td className="px-5 py-3 text-sm whitespace-nowrap text-ink-2">{formatDateTime(entry.createdAt)}</td>
                  <td className="px-5 py-3">
                    <Badge tone={entryLabels[entry.type].tone}>{entryLabels[entry.type].label}</Badge>
                  </td>
                  <td className="max-w-xs truncate px-5 py-3 text-sm text-ink">{entry.description ?? '—'}</td>
                  <td className={classNames('px-5 py-3 text-right text-sm font-medium whitespace-nowrap tabular-nums', entry.amount > 0 ? 'text-success-ink' : entry.amount < 0 ? 'text-ink' : 'text-ink-3')}>
                    {formatSigned(entry.amount)}
                  </td>
                  <td className="px-5 py-3 text-right text-sm whitespace-nowrap text-ink-2 tabular-nums">{formatNumber(entry.balanceAfter)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        </div>
        </>
      )}
      <LoadMore list={entries} label="Load older entries" />
    </Card>
  );
}
