import { useQuery } from '@tanstack/react-query';
import { ChartColumnBig } from 'lucide-react';
import { useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Card, CardHeader } from '../../ui/card.tsx';
import { Select } from '../../ui/field.tsx';
import { formatNumber } from '../../ui/format.ts';
import { EmptyState, ErrorState, Skeleton } from '../../ui/states.tsx';
import { metersQuery, usageQuery, type Period } from './api.ts';
import { meterLabel, meterNoun } from './labels.ts';

/** Series colours, distinguishable in both themes; past the last, the rest are summed as "Other". */
const palette = ['#5b5bd6', '#14b8a6', '#f59e0b', '#ec4899', '#0ea5e9', '#84cc16'];
const shortDay = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const longDay = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
const dayLabel = (day: string) => shortDay.format(new Date(`${day}T00:00:00Z`));

interface Props {
  workspaceId: string;
  period: Period;
  meter: string | undefined;
  groupBy: 'model' | undefined;
  onChange: (next: { meter?: string; groupBy?: 'model' }) => void;
}

/** Usage per UTC day for one meter over the page's period, as one series or one per model. */
export function UsageChart({ workspaceId, period, meter, groupBy, onChange }: Props) {
  const meters = useQuery(metersQuery(workspaceId));
  const chosen = meter ?? meters.data?.items[0]?.meter;
  const history = useQuery({ ...usageQuery(workspaceId, { meter: chosen ?? 'none.none', from: period.from, to: period.to, groupBy }), enabled: Boolean(chosen) });

  const { rows, series, total } = useMemo(() => {
    const data = history.data;
    if (!data) return { rows: [], series: [] as string[], total: 0 };
    const shown = data.series.slice(0, palette.length);
    const rest = data.series.slice(palette.length);
    const names = shown.map((entry) => entry.key ?? (groupBy ? 'Not set' : meterLabel(data.meter)));
    if (rest.length > 0 || data.omittedSeries > 0) names.push('Other');
    let sum = 0;
    const table = (data.series[0]?.points ?? []).map((point, index) => {
      const row: Record<string, string | number> = { day: point.day };
      shown.forEach((entry, position) => {
        const quantity = entry.points[index]?.quantity ?? 0;
        row[names[position] as string] = quantity;
        sum += quantity;
      });
      if (rest.length > 0) {
        const other = rest.reduce((acc, entry) => acc + (entry.points[index]?.quantity ?? 0), 0);
        row.Other = other;
        sum += other;
      }
      return row;
    });
    return { rows: table, series: names, total: sum };
  }, [history.data, groupBy]);

  const controls = meters.data && meters.data.items.length > 0 ? (
    <>
      <Select aria-label="Meter" className="w-44" value={chosen} onChange={(event) => onChange({ meter: event.target.value })}>
        {meters.data.items.map((item) => (
          <option key={item.meter} value={item.meter}>
            {meterLabel(item.meter)}
          </option>
        ))}
      </Select>
      <Select aria-label="Split by" className="w-36" value={groupBy ?? ''} onChange={(event) => onChange({ groupBy: event.target.value === 'model' ? 'model' : undefined })}>
        <option value="">Total</option>
        <option value="model">By model</option>
      </Select>
    </>
  ) : null;

  return (
    <Card aria-labelledby="usage-heading">
      <CardHeader
        id="usage-heading"
        title="Usage"
        description={chosen && history.data ? `${formatNumber(total)} ${meterNoun(chosen)} from ${longDay.format(new Date(`${period.from}T00:00:00Z`))} to ${longDay.format(new Date(`${period.to}T00:00:00Z`))}, per UTC day.` : 'What this workspace used, per day.'}
        actions={controls}
      />
      <div className="p-5">
        {meters.isPending || (chosen && history.isPending) ? (
          <Skeleton className="h-64 w-full" />
        ) : meters.isError ? (
          <ErrorState error={meters.error} onRetry={() => void meters.refetch()} />
        ) : !chosen ? (
          <EmptyState icon={<ChartColumnBig />} title="No usage recorded yet" className="py-10">
            When this workspace generates sites, images or text, what it used appears here day by day.
          </EmptyState>
        ) : history.isError ? (
          <ErrorState error={history.error} onRetry={() => void history.refetch()} />
        ) : (
          <figure className="m-0">
            <div className="h-64 w-full text-ink-3" role="img" aria-label={`Bar chart of ${meterLabel(chosen)} per day${groupBy ? ' by model' : ''}: ${formatNumber(total)} in total.`}>
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={rows} margin={{ top: 4, right: 4, bottom: 0, left: 0 }} accessibilityLayer={false}>
                  <CartesianGrid vertical={false} stroke="var(--color-line)" />
                  <XAxis dataKey="day" tickFormatter={dayLabel} tick={{ fill: 'currentColor', fontSize: 12 }} tickLine={false} axisLine={{ stroke: 'var(--color-line)' }} minTickGap={16} />
                  <YAxis tickFormatter={(value: number) => formatNumber(value)} tick={{ fill: 'currentColor', fontSize: 12 }} tickLine={false} axisLine={false} width={56} allowDecimals={false} />
                  <Tooltip
                    cursor={{ fill: 'var(--color-hover)' }}
                    labelFormatter={(label) => longDay.format(new Date(`${String(label)}T00:00:00Z`))}
                    formatter={(value) => formatNumber(Number(value))}
                    contentStyle={{ background: 'var(--color-surface)', border: '1px solid var(--color-line)', borderRadius: 8, color: 'var(--color-ink)', fontSize: 13 }}
                  />
                  {series.length > 1 ? <Legend wrapperStyle={{ fontSize: 12 }} iconType="circle" iconSize={8} /> : null}
                  {series.map((name, index) => (
                    <Bar key={name} dataKey={name} stackId="usage" fill={palette[index] ?? '#94a3b8'} radius={index === series.length - 1 ? [3, 3, 0, 0] : 0} maxBarSize={28} />
                  ))}
                </BarChart>
              </ResponsiveContainer>
            </div>
            <figcaption className="sr-only">
              {rows
                .filter((row) => series.some((name) => Number(row[name] ?? 0) > 0))
                .map((row) => `${row.day}: ${series.map((name) => `${name} ${formatNumber(Number(row[name] ?? 0))}`).join(', ')}`)
                .join('; ') || 'No usage in this period.'}
            </figcaption>
          </figure>
        )}
      </div>
    </Card>
  );
}
