import { createColumnHelper } from '@tanstack/react-table';
import { useEffect, useState } from 'react';
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

  const columns = [
    column.accessor((c) => c.title || String(c.telegramChatId), {
      id: 'title',
      header: 'Chat',
      cell: (c) => <Link to={`/chats/${c.row.original.id}?bot=${botId}`}>{c.getValue()}</Link>,
    }),
    column.accessor('type', { header: 'Type' }),
    column.accessor('messages', { header: 'Messages', cell: (c) => count(c.getValue()) }),
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
