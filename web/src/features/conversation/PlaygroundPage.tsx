import { useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Button, Empty, ErrorMessage, Loading, PageHeader, SelectField, TextArea, fieldErrorsOf } from '../../components/ui';
import type { Schemas } from '../../lib/api';
import { useApi } from '../../lib/auth';
import { count, dateTime, latency, money } from '../../lib/format';
import { useResource } from '../../lib/useResource';
import { sendToPlayground, type PlaygroundReply } from './playground';

type Bot = Schemas['BotView'];
type Message = Schemas['MessageRow'];
type Model = Schemas['ModelJson'];

/** The longest message the server accepts (as Telegram). */
const MAX_TEXT = 4096;

/**
 * Talk to one of your bots from the browser, through the same pipeline as Telegram; the reply
 * grows as the model writes it. Everything the user or the bot wrote is rendered as text.
 */
export default function PlaygroundPage() {
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const bots = useResource(() => api.get<Bot[]>('/api/bots'), [api]);
  const models = useResource(() => api.get<Model[]>('/api/models'), [api]);
  const modelNames = useMemo(() => new Map((models.data ?? []).map((m) => [m.id, m.modelName])), [models.data]);
  const botId = params.get('bot') ?? bots.data?.[0]?.id ?? '';
  const history = useResource(
    () => (botId ? api.get<Schemas['PlaygroundHistory']>(`/api/bots/${botId}/playground`) : Promise.resolve(undefined)),
    [api, botId],
  );

  const [messages, setMessages] = useState<Message[]>([]);
  const [text, setText] = useState('');
  const [streaming, setStreaming] = useState<string | null>(null);
  const [last, setLast] = useState<PlaygroundReply | null>(null);
  const [error, setError] = useState<unknown>(null);
  const abort = useRef<AbortController | null>(null);
  const end = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    setMessages(history.data?.messages ?? []);
  }, [history.data]);
  useEffect(() => {
    // A new bot: whatever was being streamed belongs to the old one.
    abort.current?.abort();
    setStreaming(null);
    setLast(null);
    setError(null);
  }, [botId]);
  useEffect(() => () => abort.current?.abort(), []);
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: 'end' });
  }, [messages.length, streaming]);

  const busy = streaming !== null;

  async function send(event?: FormEvent) {
    event?.preventDefault();
    const said = text;
    if (!botId || busy || !said.trim()) return;
    const controller = new AbortController();
    abort.current = controller;
    setError(null);
    setLast(null);
    setText('');
    const mine: Message = { id: `local-${Date.now()}`, role: 'USER', text: said, source: 'WEB', createdAt: new Date().toISOString() };
    setMessages((m) => [...m, mine]);
    setStreaming('');
    try {
      const reply = await sendToPlayground(api, botId, said, { onText: setStreaming }, controller.signal);
      if (controller.signal.aborted) return;
      setMessages((m) => [
        ...m,
        {
          id: reply.messageId,
          role: 'ASSISTANT',
          text: reply.text,
          source: 'WEB',
          modelId: reply.modelId,
          inputTokens: reply.inputTokens,
          outputTokens: reply.outputTokens,
          cost: reply.cost,
          latencyMs: reply.latencyMs,
          createdAt: new Date().toISOString(),
        },
      ]);
      setLast(reply);
      // The first message created the web chat: learn its id (for the link to Chats).
      if (!history.data?.chatId) history.reload();
    } catch (e) {
      if (controller.signal.aborted) return;
      // Nothing of the turn was stored: take the message back so it can be sent again.
      setMessages((m) => m.filter((x) => x.id !== mine.id));
      setText(said);
      setError(e);
    } finally {
      if (!controller.signal.aborted) {
        setStreaming(null);
        input.current?.focus();
      }
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void send();
    }
  }

  const botOptions = (bots.data ?? []).map((b) => ({ value: b.id ?? '', label: `${b.name} (@${b.username})${b.enabled ? '' : ' – disabled'}` }));

  return (
    <>
      <PageHeader title="Playground">
        {history.data?.chatId && (
          <Link className="btn btn-secondary" to={`/chats/${history.data.chatId}?bot=${botId}`}>
            Open in Chats
          </Link>
        )}
      </PageHeader>
      <ErrorMessage error={bots.error} />
      {bots.loading && !bots.data && <Loading />}
      {bots.data?.length === 0 && (
        <Empty>
          No bots yet. <Link to="/bots/new">Create a bot</Link> to try it here.
        </Empty>
      )}
      {bots.data && bots.data.length > 0 && (
        <div className="playground">
          <div className="filters">
            <SelectField
              label="Bot"
              value={botId}
              options={botOptions}
              onChange={(e) => setParams({ bot: e.target.value }, { replace: true })}
              hint="Messages go through the same pipeline as Telegram and are kept in this bot's chats (source WEB)."
            />
          </div>
          <ErrorMessage error={history.error} />
          {history.loading && !history.data && <Loading label="Loading the conversation…" />}
          {history.data && messages.length === 0 && !busy && <Empty>Say something to start. Commands work too: /help, /model, /reset.</Empty>}
          <ol className="conversation" aria-label="Conversation">
            {messages.map((m) => {
              const bot = (m.role ?? '').toUpperCase() === 'ASSISTANT';
              return (
                <li key={m.id} className={`bubble ${bot ? 'bubble-bot' : 'bubble-user'}`}>
                  <div className="bubble-meta">
                    <span>{bot ? 'Bot' : 'You'}</span>
                    <time dateTime={m.createdAt}>{dateTime(m.createdAt)}</time>
                  </div>
                  <div className="bubble-text">{m.text}</div>
                  {bot && m.modelId && (
                    <div className="bubble-meta">
                      <span>{modelNames.get(m.modelId) ?? 'model'}</span>
                      {m.inputTokens != null && <span>{count(m.inputTokens)} in / {count(m.outputTokens)} out tokens</span>}
                      {m.cost != null && <span>{money(m.cost)}</span>}
                      {m.latencyMs != null && <span>{latency(m.latencyMs)}</span>}
                    </div>
                  )}
                </li>
              );
            })}
            {busy && (
              <li className="bubble bubble-bot" aria-busy="true" data-testid="streaming-reply">
                <div className="bubble-meta">
                  <span>Bot</span>
                  <span>writing…</span>
                </div>
                <div className="bubble-text">{streaming || '…'}</div>
              </li>
            )}
          </ol>
          <div ref={end} />
          <p className="sr-only" role="status" aria-live="polite">
            {busy ? 'The bot is writing a reply.' : last ? 'The reply is complete.' : ''}
          </p>
          {last && (
            <p className="muted reply-facts" data-testid="reply-facts">
              {last.model ? (
                <>
                  Answered by {last.model}: {count(last.inputTokens)} in / {count(last.outputTokens)} out tokens, {money(last.cost)}, {latency(last.latencyMs)}
                </>
              ) : (
                'Answered without the model (a command or the budget message).'
              )}
            </p>
          )}
          <ErrorMessage error={error} title="Not sent" />
          <form className="composer" onSubmit={send}>
            <TextArea
              ref={input}
              label="Message"
              rows={3}
              maxLength={MAX_TEXT}
              value={text}
              onChange={(e) => setText(e.target.value)}
              onKeyDown={onKeyDown}
              error={fieldErrorsOf(error).text}
              hint="Enter sends, Shift+Enter starts a new line."
            />
            <div className="form-actions">
              <Button type="submit" variant="primary" busy={busy} disabled={!text.trim() || !botId}>
                {busy ? 'Answering…' : 'Send'}
              </Button>
            </div>
          </form>
        </div>
      )}
    </>
  );
}
