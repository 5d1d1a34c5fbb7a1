import { useMemo } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { Empty, ErrorMessage, Loading, PageHeader } from '../../components/ui';
import type { Schemas } from '../../lib/api';
import { useApi } from '../../lib/auth';
import { count, dateTime, latency, money } from '../../lib/format';
import { useResource } from '../../lib/useResource';

type Message = Schemas['MessageRow'];
type Model = Schemas['ModelJson'];

/** One chat as a conversation. Message text is user input: it is only ever rendered as text. */
export default function ChatPage() {
  const { chatId } = useParams();
  const [params] = useSearchParams();
  const api = useApi();
  const messages = useResource(() => api.get<Message[]>(`/api/chats/${chatId}/messages?limit=500`), [api, chatId]);
  const models = useResource(() => api.get<Model[]>('/api/models'), [api]);
  const modelNames = useMemo(() => new Map((models.data ?? []).map((m) => [m.id, m.modelName])), [models.data]);
  const bot = params.get('bot');

  return (
    <>
      <PageHeader title="Conversation">
        <Link className="btn btn-secondary" to={bot ? `/chats?bot=${bot}` : '/chats'}>All chats</Link>
      </PageHeader>
      <ErrorMessage error={messages.error} />
      {messages.loading && !messages.data && <Loading />}
      {messages.data?.length === 0 && <Empty>No messages in this chat.</Empty>}
      <ol className="conversation" aria-label="Messages">
        {messages.data?.map((m) => {
          const role = (m.role ?? '').toLowerCase();
          const mine = role === 'assistant';
          return (
            <li key={m.id} className={`bubble ${mine ? 'bubble-bot' : 'bubble-user'}`}>
              <div className="bubble-meta">
                <span>{mine ? 'Bot' : role === 'user' ? (m.source === 'WEB' ? 'Owner (playground)' : `User${m.telegramUserId ? ` ${m.telegramUserId}` : ''}`) : role}</span>
                <time dateTime={m.createdAt}>{dateTime(m.createdAt)}</time>
              </div>
              <div className="bubble-text">{m.text}</div>
              {mine && (m.modelId || m.inputTokens != null) && (
                <div className="bubble-meta">
                  {m.modelId && <span>{modelNames.get(m.modelId) ?? 'model'}</span>}
                  {m.inputTokens != null && <span>{count(m.inputTokens)} in / {count(m.outputTokens)} out tokens</span>}
                  {m.cost != null && <span>{money(m.cost)}</span>}
                  {m.latencyMs != null && <span>{latency(m.latencyMs)}</span>}
                  {m.source && m.source.toLowerCase() !== 'telegram' && <span>{m.source}</span>}
                </div>
              )}
            </li>
          );
        })}
      </ol>
    </>
  );
}
