import { Link } from 'react-router';
import { useState } from 'react';
import { Badge, Button, Card, Empty, ErrorMessage, Loading, PageHeader } from '../../components/ui';
import type { Schemas } from '../../lib/api';
import { useApi } from '../../lib/auth';
import { relative } from '../../lib/format';
import { useResource } from '../../lib/useResource';

type Bot = Schemas['BotView'];

export default function BotsPage() {
  const api = useApi();
  const bots = useResource(() => api.get<Bot[]>('/api/bots'), [api]);
  const [error, setError] = useState<unknown>();

  async function toggle(bot: Bot) {
    setError(undefined);
    try {
      await api.post(`/api/bots/${bot.id}/${bot.enabled ? 'disable' : 'enable'}`);
      bots.reload();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <>
      <PageHeader title="Bots">
        <Link className="btn btn-primary" to="/bots/new">New bot</Link>
      </PageHeader>
      <ErrorMessage error={error} />
      {bots.loading && !bots.data ? <Loading /> : <ErrorMessage error={bots.error} />}
      {bots.data?.length === 0 && <Empty>No bots yet. Create one with a token from @BotFather.</Empty>}
      <div className="cards">
        {bots.data?.map((bot) => (
          <Card key={bot.id} title={<Link to={`/bots/${bot.id}`}>{bot.name}</Link>}>
            <p>
              <span className="muted">@{bot.username}</span>{' '}
              {bot.enabled ? <Badge tone="good">enabled</Badge> : <Badge tone="bad">disabled</Badge>} <Badge>{bot.mode}</Badge>{' '}
              <Badge>{bot.approval === 'review' ? 'replies reviewed' : 'replies sent at once'}</Badge>
            </p>
            {bot.disabledReason && <p className="muted">Disabled: {bot.disabledReason}</p>}
            {bot.lastError && (
              <p className="error-text">
                Last error {relative(bot.lastErrorAt)}: {bot.lastError}
              </p>
            )}
            <div className="actions">
              <Link className="btn btn-secondary" to={`/bots/${bot.id}`}>Edit</Link>
              <Link className="btn btn-secondary" to={`/chats?bot=${bot.id}`}>Chats</Link>
              <Button onClick={() => toggle(bot)}>{bot.enabled ? 'Disable' : 'Enable'}</Button>
            </div>
          </Card>
        ))}
      </div>
    </>
  );
}
