import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Card, Empty, ErrorMessage, Loading, PageHeader, SelectField, TextField } from '../../components/ui';
import { DataTable } from '../../components/ui/DataTable';
import type { Schemas } from '../../lib/api';
import { useApi } from '../../lib/auth';
import { count, isoDay, latency, money, tokens } from '../../lib/format';
import { useResource } from '../../lib/useResource';

type Row = Schemas['Row'];
type Report = Schemas['Report'];
type Bot = Schemas['BotView'];

const GROUPS = [
  { value: 'day', label: 'Day' },
  { value: 'model', label: 'Model' },
  { value: 'bot', label: 'Bot' },
  { value: 'user', label: 'Telegram user' },
];

interface Labelled extends Row {
  name: string;
}
const column = createColumnHelper<Labelled>();

export default function UsagePage() {
  const api = useApi();
  const today = new Date();
  const [groupBy, setGroupBy] = useState('day');
  const [from, setFrom] = useState(isoDay(new Date(today.getTime() - 29 * 86_400_000)));
  const [to, setTo] = useState(isoDay(today));
  const bots = useResource(() => api.get<Bot[]>('/api/bots'), [api]);
  const report = useResource(() => {
    const params = new URLSearchParams({ groupBy });
    if (from) params.set('from', `${from}T00:00:00Z`);
    if (to) params.set('to', new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString());
    return api.get<Report>(`/api/usage?${params}`);
  }, [api, groupBy, from, to]);

  const rows: Labelled[] = useMemo(() => {
    const botNames = new Map((bots.data ?? []).map((b) => [b.id, b.name ?? b.username ?? '']));
    return (report.data?.rows ?? []).map((row) => ({
      ...row,
      name: row.label || (groupBy === 'bot' ? botNames.get(row.key) || row.key : row.key) || '—',
      cost: Number(row.cost ?? 0),
    }));
  }, [report.data, bots.data, groupBy]);

  const columns = [
    column.accessor('name', { header: GROUPS.find((g) => g.value === groupBy)?.label ?? 'Key' }),
    column.accessor('messages', { header: 'Replies', cell: (c) => count(c.getValue()) }),
    column.accessor('inputTokens', { header: 'Input tokens', cell: (c) => count(c.getValue()) }),
    column.accessor('outputTokens', { header: 'Output tokens', cell: (c) => count(c.getValue()) }),
    column.accessor('cost', { header: 'Cost', cell: (c) => money(c.getValue()) }),
    column.accessor('avgLatencyMs', { header: 'Avg latency', cell: (c) => latency(c.getValue()) }),
    column.accessor('failedCalls', { header: 'Failed calls', cell: (c) => count(c.getValue()) }),
  ];
  const totals = report.data?.totals;

  return (
    <>
      <PageHeader title="Usage" />
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <SelectField label="Group by" options={GROUPS} value={groupBy} onChange={(e) => setGroupBy(e.target.value)} />
        <TextField label="From (UTC)" type="date" value={from} max={to} onChange={(e) => setFrom(e.target.value)} />
        <TextField label="To (UTC, inclusive)" type="date" value={to} min={from} onChange={(e) => setTo(e.target.value)} />
      </form>
      <ErrorMessage error={report.error} />
      {report.loading && !report.data && <Loading />}
      {totals && (
        <div className="stats">
          <div className="stat"><span>Replies</span><strong>{count(totals.messages)}</strong></div>
          <div className="stat"><span>Tokens in / out</span><strong>{tokens(totals.inputTokens)} / {tokens(totals.outputTokens)}</strong></div>
          <div className="stat"><span>Cost</span><strong>{money(totals.cost)}</strong></div>
          <div className="stat"><span>Avg latency</span><strong>{latency(totals.avgLatencyMs)}</strong></div>
        </div>
      )}
      {report.data && rows.length === 0 && <Empty>No model calls in this period.</Empty>}
      {rows.length > 0 && (
        <div className="chart-grid">
          <Card title="Tokens">
            <div className="chart" role="img" aria-label={`Input and output tokens per ${groupBy}`}>
              <ResponsiveContainer width="100%" height={260}>
                <BarChart data={rows}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="name" tick={{ fontSize: 12 }} />
                  <YAxis tickFormatter={(v) => tokens(v)} width={50} />
                  <Tooltip formatter={(v) => count(v as number)} />
                  <Legend />
                  <Bar dataKey="inputTokens" name="Input" stackId="t" fill="#4f7cff" />
                  <Bar dataKey="outputTokens" name="Output" stackId="t" fill="#22a06b" />
                </BarChart>
              </ResponsiveContainer>
            </div>
          </Card>
          <Card title="Cost">
            <div className="chart" role="img" aria-label={`Cost per ${groupBy}`}>
              <ResponsiveContainer width="100%" height={260}>
                <BarChart data={rows}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="name" tick={{ fontSize: 12 }} />
                  <YAxis tickFormatter={(v) => money(v)} width={60} />
                  <Tooltip formatter={(v) => money(v as number)} />
                  <Bar dataKey="cost" name="Cost" fill="#c9742b" />
                </BarChart>
              </ResponsiveContainer>
            </div>
          </Card>
        </div>
      )}
      {rows.length > 0 && (
        <Card title="Details">
          <DataTable data={rows} columns={columns} initialSort={groupBy === 'day' ? [{ id: 'name', desc: false }] : [{ id: 'cost', desc: true }]} />
        </Card>
      )}
    </>
  );
}
