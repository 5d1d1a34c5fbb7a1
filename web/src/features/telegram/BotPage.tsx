import { useEffect, useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { Badge, Button, Card, Checkbox, ErrorMessage, fieldErrorsOf, Loading, Notice, PageHeader, SelectField, TextArea, TextField } from '../../components/ui';
import type { Schemas } from '../../lib/api';
import { useApi } from '../../lib/auth';
import { dateTime, money, relative } from '../../lib/format';
import { useResource } from '../../lib/useResource';

type Bot = Schemas['BotView'];
type Model = Schemas['ModelJson'];

interface Form {
  name: string;
  token: string;
  modelId: string;
  fallbackModelId: string;
  mode: string;
  approval: string;
  systemPrompt: string;
  temperature: string;
  startMessage: string;
  helpMessage: string;
  errorMessage: string;
  allowedTelegramUserIds: string;
  recordGroupMessages: boolean;
  monthlyBudget: string;
  budgetMessage: string;
}

function formOf(bot?: Bot): Form {
  return {
    name: bot?.name ?? '',
    token: '',
    modelId: bot?.modelId ?? '',
    fallbackModelId: bot?.fallbackModelId ?? '',
    mode: bot?.mode ?? 'polling',
    approval: bot?.approval ?? 'auto',
    systemPrompt: bot?.systemPrompt ?? '',
    temperature: bot?.temperature?.toString() ?? '',
    startMessage: bot?.startMessage ?? '',
    helpMessage: bot?.helpMessage ?? '',
    errorMessage: bot?.errorMessage ?? '',
    allowedTelegramUserIds: (bot?.allowedTelegramUserIds ?? []).join(', '),
    recordGroupMessages: bot?.recordGroupMessages ?? false,
    monthlyBudget: bot?.monthlyBudget?.toString() ?? '',
    budgetMessage: bot?.budgetMessage ?? '',
  };
}

/** Telegram user ids typed as a list: numbers separated by commas, spaces or new lines. */
export function parseUserIds(text: string): number[] | string {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  if (parts.some((p) => !/^-?\d{1,19}$/.test(p))) return 'Only Telegram user ids (numbers), separated by commas';
  return parts.map(Number);
}

const orNull = (value: string) => (value.trim() === '' ? null : value);

/**
 * One editor per bot, and a fresh one for a new bot: React would otherwise keep the editor's state
 * when the route changes (from /bots/new to the created bot's page, or from one bot to another),
 * and for a moment show the old form, the token just typed included, under the new page.
 */
export default function BotPage() {
  const { botId } = useParams();
  return <BotEditor key={botId ?? 'new'} botId={botId} />;
}

function BotEditor({ botId }: { botId?: string }) {
  const creating = !botId;
  const api = useApi();
  const navigate = useNavigate();
  const location = useLocation();
  async function remove() {
    if (!confirm(`Delete the bot "${bot.data?.name}"? Switchboard stops answering it and its webhook is removed.`)) return;
    try {
      await api.del(`/api/bots/${botId}`);
      navigate('/bots', { replace: true });
    } catch (err) {
      setError(err);
    }
  }

  const createdUsername = (location.state as { created?: string } | null)?.created;
  const bot = useResource(() => (botId ? api.get<Bot>(`/api/bots/${botId}`) : Promise.resolve(undefined)), [api, botId]);
  const models = useResource(() => api.get<Model[]>('/api/models'), [api]);
  const budget = useResource(() => (botId ? api.get<Schemas['Budget']>(`/api/bots/${botId}/budget`) : Promise.resolve(undefined)), [api, botId]);
  const business = useResource(
    () => (botId ? api.get<BusinessConnection[]>(`/api/bots/${botId}/business-connections`) : Promise.resolve(undefined)),
    [api, botId],
  );
  const [form, setForm] = useState<Form>(formOf());
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (bot.data) setForm(formOf(bot.data));
  }, [bot.data]);

  const set = <K extends keyof Form>(key: K) => (value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));

  if (!creating && bot.loading && !bot.data) return <Loading />;
  if (!creating && bot.error) return <ErrorMessage error={bot.error} />;

  const modelOptions = (models.data ?? []).map((m) => ({ value: m.id!, label: `${m.modelName} (${m.providerType})` }));
  const userIds = parseUserIds(form.allowedTelegramUserIds);
  const fields: Record<string, string | undefined> = { ...fieldErrorsOf(error) };
  if (typeof userIds === 'string') fields.allowedTelegramUserIds = userIds;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (typeof userIds === 'string') return;
    setBusy(true);
    setError(undefined);
    setSaved(undefined);
    const body: Record<string, unknown> = {
      name: form.name,
      modelId: form.modelId || undefined,
      fallbackModelId: form.fallbackModelId || null,
      mode: form.mode,
      approval: form.approval,
      systemPrompt: orNull(form.systemPrompt),
      temperature: form.temperature.trim() === '' ? null : Number(form.temperature),
      startMessage: orNull(form.startMessage),
      helpMessage: orNull(form.helpMessage),
      errorMessage: orNull(form.errorMessage),
      allowedTelegramUserIds: userIds,
      recordGroupMessages: form.recordGroupMessages,
      monthlyBudget: form.monthlyBudget.trim() === '' ? null : Number(form.monthlyBudget),
      budgetMessage: orNull(form.budgetMessage),
    };
    if (form.token) body.token = form.token;
    try {
      if (creating) {
        const created = await api.post<Bot>('/api/bots', body);
        navigate(`/bots/${created.id}`, { replace: true, state: { created: created.username } });
      } else {
        const updated = await api.patch<Bot>(`/api/bots/${botId}`, body);
        setForm(formOf(updated));
        setSaved(`Saved. Telegram knows this bot as @${updated.username}.`);
        bot.reload();
        budget.reload();
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PageHeader title={creating ? 'New bot' : `Bot ${bot.data?.name ?? ''}`}>
        {!creating && <Link className="btn btn-secondary" to={`/chats?bot=${botId}`}>Chats</Link>}
      </PageHeader>
      {createdUsername && !saved && <Notice tone="success">Created. Telegram checked the token: this bot is @{createdUsername}.</Notice>}
      {saved && <Notice tone="success">{saved}</Notice>}
      {!creating && bot.data?.lastError && <ErrorMessage error={`Last error: ${bot.data.lastError}`} />}
      {models.data?.length === 0 && <Notice tone="warning">Add a provider and a model first: <Link to="/providers">Providers & models</Link>.</Notice>}
      <form onSubmit={submit} noValidate>
        <ErrorMessage error={error} />
        <Card title="Telegram">
          <div className="form-grid">
            <TextField label="Name" required value={form.name} onChange={(e) => set('name')(e.target.value)} error={fields.name} />
            <TextField
              label={creating ? 'Bot token' : 'Replace bot token'}
              type="password"
              autoComplete="off"
              required={creating}
              value={form.token}
              onChange={(e) => set('token')(e.target.value)}
              error={fields.token}
              hint={creating ? 'From @BotFather. Checked with Telegram, stored encrypted, never shown again.' : `The stored token is never shown. Leave empty to keep it${bot.data?.username ? ` (@${bot.data.username})` : ''}.`}
            />
            <SelectField label="Mode" options={[{ value: 'polling', label: 'Long polling' }, { value: 'webhook', label: 'Webhook' }]} value={form.mode} onChange={(e) => set('mode')(e.target.value)} error={fields.mode} hint="Webhook needs SWITCHBOARD_PUBLIC_URL reachable by Telegram." />
            <SelectField label="Replies" options={[{ value: 'auto', label: 'Sent at once' }, { value: 'review', label: 'Reviewed before sending' }, { value: 'off', label: 'Not answered (messages only recorded)' }]} value={form.approval} onChange={(e) => set('approval')(e.target.value)} error={fields.approval} />
            <TextArea label="Allowed Telegram user ids" rows={2} value={form.allowedTelegramUserIds} onChange={(e) => set('allowedTelegramUserIds')(e.target.value)} error={fields.allowedTelegramUserIds} hint="Empty: everyone may talk to the bot." />
            <Checkbox label="Keep group messages that do not address the bot as context" checked={form.recordGroupMessages} onChange={(e) => set('recordGroupMessages')(e.target.checked)} />
          </div>
        </Card>
        <Card title="Model">
          <div className="form-grid">
            <SelectField label="Model" required options={[{ value: '', label: 'Choose a model…' }, ...modelOptions]} value={form.modelId} onChange={(e) => set('modelId')(e.target.value)} error={fields.modelId} />
            <SelectField label="Fallback model" options={[{ value: '', label: 'None' }, ...modelOptions]} value={form.fallbackModelId} onChange={(e) => set('fallbackModelId')(e.target.value)} error={fields.fallbackModelId} hint="Used on the last attempt when the model keeps failing." />
            <TextField label="Temperature" type="number" min={0} max={2} step="0.1" value={form.temperature} onChange={(e) => set('temperature')(e.target.value)} error={fields.temperature} hint="Empty: the model's default." />
            <TextArea label="System prompt" rows={6} value={form.systemPrompt} onChange={(e) => set('systemPrompt')(e.target.value)} error={fields.systemPrompt} />
          </div>
        </Card>
        <Card title="Messages">
          <div className="form-grid">
            <TextArea label="/start message" rows={2} value={form.startMessage} onChange={(e) => set('startMessage')(e.target.value)} error={fields.startMessage} hint="Empty: the default." />
            <TextArea label="/help message" rows={2} value={form.helpMessage} onChange={(e) => set('helpMessage')(e.target.value)} error={fields.helpMessage} hint="Empty: the default." />
            <TextArea label="Error message" rows={2} value={form.errorMessage} onChange={(e) => set('errorMessage')(e.target.value)} error={fields.errorMessage} hint="What users read when their message could not be answered." />
          </div>
        </Card>
        <Card title="Budget">
          {budget.data && (
            <p className="muted">
              {budget.data.month}: spent {money(budget.data.spent)}
              {budget.data.monthlyBudget != null && <> of {money(budget.data.monthlyBudget)}</>}
              {budget.data.reached && ' — reached: users get the budget message'}
            </p>
          )}
          <div className="form-grid">
            <TextField label="Monthly budget" type="number" min={0} step="any" value={form.monthlyBudget} onChange={(e) => set('monthlyBudget')(e.target.value)} error={fields.monthlyBudget} hint="Most the model calls may cost per calendar month (UTC). Empty: no limit." />
            <TextArea label="Budget message" rows={2} value={form.budgetMessage} onChange={(e) => set('budgetMessage')(e.target.value)} error={fields.budgetMessage} />
          </div>
        </Card>
        <div className="form-actions sticky-actions">
          <Button type="submit" variant="primary" busy={busy}>{creating ? 'Create bot' : 'Save'}</Button>
          <Link className="btn btn-secondary" to="/bots">Back to bots</Link>
          {!creating && <Button variant="danger" onClick={remove}>Delete bot</Button>}
        </div>
      </form>
      {!creating && (
        <Card title="Telegram Business connections">
          <p className="muted">
            People who connected this bot to their Telegram Business account. Their customers' chats are answered as them while
            the connection is enabled, allows replying and the customer wrote within the last 24 hours.
          </p>
          {business.loading && !business.data ? <Loading /> : <ErrorMessage error={business.error} />}
          {business.data?.length === 0 && <p className="muted">None yet.</p>}
          <ul className="list">
            {business.data?.map((c) => (
              <li key={c.id} className="list-row">
                <div>
                  <div>
                    Telegram user {c.telegramUserId}{' '}
                    {c.enabled ? <Badge tone="good">enabled</Badge> : <Badge tone="bad">disabled</Badge>}{' '}
                    {c.canReply ? <Badge>may reply</Badge> : <Badge tone="warn">read only</Badge>}
                  </div>
                  <small className="muted">connected {dateTime(c.connectedAt)} · updated {relative(c.updatedAt)}</small>
                </div>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </>
  );
}

/** A Telegram Business connection of the bot (`GET /api/bots/{id}/business-connections`). */
type BusinessConnection = Schemas['BusinessConnection'];
