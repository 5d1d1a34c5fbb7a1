import { Link } from 'react-router';
import { Badge, Card, Empty, ErrorMessage, Loading, PageHeader } from '../../components/ui';
import type { ApiClient, Schemas } from '../../lib/api';
import { useApi } from '../../lib/auth';
import { count, latency, money, relative, startOfUtcDay, startOfUtcMonth, tokens } from '../../lib/format';
import { useResource } from '../../lib/useResource';

type Bot = Schemas['BotView'];
type Report = Schemas['Report'];
type Row = Schemas['Row'];

function usage(api: ApiClient, from: Date) {
  return api.get<Report>(`/api/usage?groupBy=bot&from=${encodeURIComponent(from.toISOString())}`);
}

/** Per bot: is it healthy, what did it do today and this month, what is stuck. */
export default function DashboardPage() {
  const api = useApi();
  const bots = useResource(() => api.get<Bot[]>('/api/bots'), [api]);
  const today = useResource(() => usage(api, startOfUtcDay()), [api]);
  const month = useResource(() => usage(api, startOfUtcMonth()), [api]);
  const rowsToday = new Map((today.data?.rows ?? []).map((r) => [r.key, r]));
  const rowsMonth = new Map((month.data?.rows ?? []).map((r) => [r.key, r]));

  return (
    <>
      <PageHeader title="Dashboard" />
      {bots.loading && !bots.data ? <Loading /> : <ErrorMessage error={bots.error ?? today.error} />}
      {today.data?.totals && (
        <div className="stats">
          <div className="stat"><span>Model calls today</span><strong>{count(today.data.totals.messages)}</strong></div>
          <div className="stat"><span>Tokens today</span><strong>{tokens((today.data.totals.inputTokens ?? 0) + (today.data.totals.outputTokens ?? 0))}</strong></div>
          <div className="stat"><span>Cost today</span><strong>{money(today.data.totals.cost)}</strong></div>
          <div className="stat"><span>Cost this month</span><strong>{money(month.data?.totals?.cost)}</strong></div>
        </div>
      )}
      {bots.data?.length === 0 && (
        <Empty>
          No bots yet. <Link to="/providers">Add a provider and model</Link>, then <Link to="/bots/new">create a bot</Link>.
        </Empty>
      )}
      <div className="cards">
        {bots.data?.map((bot) => <BotStatus key={bot.id} bot={bot} today={rowsToday.get(bot.id)} month={rowsMonth.get(bot.id)} />)}
      </div>
    </>
  );
}

function BotStatus({ bot, today, month }: { bot: Bot; today?: Row; month?: Row }) {
  const api = useApi();
  const summary = useResource(() => api.get<Schemas['Summary']>(`/api/processing/summary?botId=${bot.id}`), [api, bot.id]);
  const budget = useResource(() => api.get<Schemas['Budget']>(`/api/bots/${bot.id}/budget`), [api, bot.id]);
  const activity = useResource(() => api.get<Schemas['Activity']>(`/api/bots/${bot.id}/activity`), [api, bot.id]);
  const counts = summary.data?.counts ?? {};
  const healthy = bot.enabled && !bot.lastError;
  return (
    <Card title={<Link to={`/bots/${bot.id}`}>{bot.name}</Link>}>
      <p>
        <span className="muted">@{bot.username}</span>{' '}
        {!bot.enabled ? <Badge tone="bad">disabled</Badge> : healthy ? <Badge tone="good">{bot.mode} healthy</Badge> : <Badge tone="warn">{bot.mode} with errors</Badge>}
      </p>
      {bot.disabledReason && <p className="muted">Disabled: {bot.disabledReason}</p>}
      {bot.lastError && <p className="error-text">Last error {relative(bot.lastErrorAt)}: {bot.lastError}</p>}
      <dl className="facts">
        <dt>Messages today</dt>
        <dd data-testid="messages-today">
          {activity.data ? `${count(activity.data.received)} received / ${count(activity.data.replies)} replies` : '…'}
        </dd>
        <dt>Model calls today</dt>
        <dd>{count(today?.messages ?? 0)}</dd>
        <dt>Tokens today</dt>
        <dd>{tokens(today?.inputTokens ?? 0)} in / {tokens(today?.outputTokens ?? 0)} out</dd>
        <dt>Cost today / month</dt>
        <dd>{money(today?.cost ?? 0)} / {money(month?.cost ?? 0)}</dd>
        <dt>Avg latency today</dt>
        <dd>{latency(today?.avgLatencyMs)}</dd>
        <dt>In progress</dt>
        <dd>{count((counts.RECEIVED ?? 0) + (counts.PROCESSING ?? 0))}</dd>
        <dt>Failed / terminal</dt>
        <dd>
          <Link to={`/processing?status=FAILED&bot=${bot.id}`}>{count(counts.FAILED ?? 0)}</Link> /{' '}
          <Link to={`/processing?status=TERMINAL&bot=${bot.id}`}>{count(counts.TERMINAL ?? 0)}</Link>
        </dd>
        {budget.data?.monthlyBudget != null && (
          <>
            <dt>Budget</dt>
            <dd>
              {money(budget.data.spent)} of {money(budget.data.monthlyBudget)} {budget.data.reached && <Badge tone="bad">reached</Badge>}
            </dd>
          </>
        )}
      </dl>
    </Card>
  );
}
