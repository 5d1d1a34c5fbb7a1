import { createColumnHelper } from '@tanstack/react-table';
import { useEffect, useState } from 'react';
import { ApiError } from '../../lib/api';
import { Link, useSearchParams } from 'react-router';
import { Empty, ErrorMessage, Loading, PageHeader, SelectField, TextField } from '../../components/ui';
import { DataTable } from '../../components/ui/DataTable';
import type { Schemas } from '../../lib/api';
import { useApi } from '../../lib/auth';
import { count, dateTime, relative } from '../../lib/format';
import { useResource } from '../../lib/useResource';

type Chat = Schemas['ChatRow'];
type Bot = Schemas['BotView'];
const column = createColumnHelper<Chat>();

export default function ChatsPage() {
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const bots = useResource(() => api.get<Bot[]>('/api/bots'), [api]);
  const botId = params.get('bot') ?? bots.data?.[0]?.id ?? '';
  const search = params.get('q') ?? '';
  const [typed, setTyped] = useState(search);

  // Search as the user types, once they pause.
  useEffect(() => {
    const timer = setTimeout(() => {
      if (typed !== search) {
        const next = new URLSearchParams(params);
        if (typed) next.set('q', typed);
        else next.delete('q');
        setParams(next, { replace: true });
      }
    }, 300);
    return () => clearTimeout(timer);
  }, [typed, search, params, setParams]);

  const chats = useResource(() => {
    if (!botId) return Promise.resolve<Chat[]>([]);
    const query = new URLSearchParams({ limit: '200' });
    if (search) query.set('search', search);
    return api.get<Chat[]>(`/api/bots/${botId}/chats?${query}`);
  }, [api, botId, search]);

  const bot = bots.data?.find((b) => b.id === botId);
  const columns = [
    column.accessor((c) => c.title || String(c.telegramChatId), {
      id: 'title',
      header: 'Chat',
      cell: (c) => <Link to={`/chats/${c.row.original.id}?bot=${botId}`}>{c.getValue()}</Link>,
    }),
    column.accessor('type', { header: 'Type' }),
    column.accessor('messages', { header: 'Messages', cell: (c) => count(c.getValue()) }),
    column.accessor((c) => c.approval ?? 'inherit', {
      id: 'approval',
      header: 'Replies',
      // The playground (type web) and the API (type api) always answer directly: an approval mode would mean nothing there.
      cell: (c) =>
        c.row.original.type === 'web' || c.row.original.type === 'api' ? (
          <span className="muted">direct ({c.row.original.type === 'web' ? 'playground' : 'API'})</span>
        ) : (
          <ApprovalSelect chat={c.row.original} botMode={bot?.approval ?? 'auto'} onChanged={chats.reload} />
        ),
    }),
    column.accessor('lastMessageAt', { header: 'Last message', cell: (c) => <time dateTime={c.getValue()} title={dateTime(c.getValue())}>{relative(c.getValue())}</time> }),
  ];

  return (
    <>
      <PageHeader title="Chats" />
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <SelectField
          label="Bot"
          options={(bots.data ?? []).map((b) => ({ value: b.id!, label: `${b.name} (@${b.username})` }))}
          value={botId}
          onChange={(e) => setParams({ bot: e.target.value })}
        />
        <TextField label="Search" type="search" placeholder="Title or chat id" value={typed} onChange={(e) => setTyped(e.target.value)} />
      </form>
      <ErrorMessage error={bots.error ?? chats.error} />
      {bots.data?.length === 0 && <Empty>No bots yet, so no chats.</Empty>}
      {chats.loading && !chats.data ? <Loading /> : null}
      {chats.data && botId && (chats.data.length === 0 ? <Empty>{search ? 'No chat matches.' : 'No chats yet: nobody has written to this bot.'}</Empty> : <DataTable data={chats.data} columns={columns} initialSort={[{ id: 'lastMessageAt', desc: true }]} />)}
    </>
  );
}

const MODE_LABELS: Record<string, string> = { auto: 'sent at once', review: 'reviewed first', off: 'not answered' };

/** A chat's own approval mode, or the bot's ("inherit"); changes are saved at once. */
function ApprovalSelect({ chat, botMode, onChanged }: { chat: Chat; botMode: string; onChanged: () => void }) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const label = `Replies in chat ${chat.title || chat.telegramChatId}`;
  return (
    <>
      <select
        aria-label={label}
        value={chat.approval ?? 'inherit'}
        disabled={busy}
        onChange={async (e) => {
          setBusy(true);
          setError(undefined);
          try {
            await api.request('PUT', `/api/chats/${chat.id}/approval`, { mode: e.target.value });
            onChanged();
          } catch (err) {
            setError(err instanceof ApiError || err instanceof Error ? err.message : String(err));
          } finally {
            setBusy(false);
          }
        }}
      >
        <option value="inherit">Bot's setting ({MODE_LABELS[botMode] ?? botMode})</option>
        <option value="auto">Sent at once</option>
        <option value="review">Reviewed first</option>
        <option value="off">Not answered</option>
      </select>
      {error && <small className="field-error" role="alert">{error}</small>}
    </>
  );
}
