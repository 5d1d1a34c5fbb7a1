import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Badge, Button, Card, Empty, ErrorMessage, Loading, PageHeader, SelectField, TextArea } from '../../components/ui';
import type { Schemas } from '../../lib/api';
import { useApi } from '../../lib/auth';
import { dateTime, money, relative } from '../../lib/format';
import { useResource } from '../../lib/useResource';
import { DRAFT_STATUSES, approvalBody, describeDecision, isEdited, statusLabel, statusTone } from './approval';

type Draft = Schemas['DraftView'];
type Bot = Schemas['BotView'];
type Message = Schemas['MessageRow'];

/**
 * Drafts the bots wrote in review mode: the chat's recent messages for context, the suggestion in
 * an editor, approve (as suggested or edited) or reject. Every text shown is rendered as text.
 */
export default function ApprovalsPage() {
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? 'PENDING_APPROVAL';
  const botId = params.get('bot') ?? '';
  const bots = useResource(() => api.get<Bot[]>('/api/bots'), [api]);
  const drafts = useResource(() => {
    const query = new URLSearchParams({ limit: '100' });
    if (status !== 'all') query.set('status', status);
    if (botId) query.set('botId', botId);
    return api.get<Draft[]>(`/api/drafts?${query}`);
  }, [api, status, botId]);
  const botNames = new Map((bots.data ?? []).map((b) => [b.id, `${b.name} (@${b.username})`]));

  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  return (
    <>
      <PageHeader title="Approvals">
        <Button onClick={drafts.reload}>Refresh</Button>
      </PageHeader>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <SelectField
          label="Status"
          options={[...DRAFT_STATUSES.map((s) => ({ value: s, label: statusLabel(s) })), { value: 'all', label: 'All' }]}
          value={status}
          onChange={(e) => setFilter('status', e.target.value)}
        />
        <SelectField
          label="Bot"
          options={[{ value: '', label: 'All bots' }, ...(bots.data ?? []).map((b) => ({ value: b.id!, label: `${b.name} (@${b.username})` }))]}
          value={botId}
          onChange={(e) => setFilter('bot', e.target.value)}
        />
      </form>
      <ErrorMessage error={drafts.error ?? bots.error} />
      {drafts.loading && !drafts.data && <Loading />}
      {drafts.data?.length === 0 && (
        <Empty>{status === 'PENDING_APPROVAL' ? 'Nothing waits for approval. Bots in review mode put their replies here.' : 'No drafts.'}</Empty>
      )}
      <ul className="draft-list" aria-label="Drafts">
        {drafts.data?.map((draft) => (
          <li key={draft.id}>
            <DraftCard draft={draft} botName={botNames.get(draft.botId) ?? 'Bot'} onDecided={drafts.reload} />
          </li>
        ))}
      </ul>
    </>
  );
}

function DraftCard({ draft, botName, onDecided }: { draft: Draft; botName: string; onDecided: () => void }) {
  const api = useApi();
  const [text, setText] = useState(draft.suggestedText ?? '');
  const [busy, setBusy] = useState<'approve' | 'reject'>();
  const [error, setError] = useState<unknown>();
  const [showContext, setShowContext] = useState(false);
  const [showTrail, setShowTrail] = useState(false);
  const pending = draft.status === 'PENDING_APPROVAL';
  const edited = isEdited(draft.suggestedText ?? '', text);

  const decide = async (action: 'approve' | 'reject') => {
    setBusy(action);
    setError(undefined);
    try {
      if (action === 'approve') await api.post(`/api/drafts/${draft.id}/approve`, approvalBody(draft.suggestedText ?? '', text));
      else await api.post(`/api/drafts/${draft.id}/reject`);
      onDecided();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Card
      title={
        <>
          {botName} · chat {draft.chatId ? <Link to={`/chats/${draft.chatId}?bot=${draft.botId}`}>{draft.telegramChatId}</Link> : draft.telegramChatId}
        </>
      }
      actions={<Badge tone={statusTone(draft.status)}>{statusLabel(draft.status)}</Badge>}
    >
      <p className="muted">
        Written <time dateTime={draft.createdAt} title={dateTime(draft.createdAt)}>{relative(draft.createdAt)}</time>
        {draft.cost != null && <> · {money(draft.cost)}</>}
      </p>
      {draft.question && (
        <blockquote className="draft-question" aria-label="The user asked">
          {draft.question}
        </blockquote>
      )}
      {draft.chatId && (
        <Button variant="link" aria-expanded={showContext} onClick={() => setShowContext((s) => !s)}>
          {showContext ? 'Hide the conversation' : 'Show the conversation'}
        </Button>
      )}
      {showContext && draft.chatId && <ChatContext chatId={draft.chatId} />}
      {pending ? (
        <>
          <TextArea
            label="Reply"
            hint={edited ? 'Your edited text will be sent instead of the suggestion.' : 'The suggestion; edit it before approving if you like.'}
            rows={Math.min(12, Math.max(3, text.split('\n').length + 1))}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <ErrorMessage error={error} />
          <div className="actions">
            <Button variant="primary" busy={busy === 'approve'} disabled={!!busy} onClick={() => decide('approve')}>
              {edited ? 'Approve edited text' : 'Approve'}
            </Button>
            {edited && (
              <Button disabled={!!busy} onClick={() => setText(draft.suggestedText ?? '')}>
                Undo edits
              </Button>
            )}
            <Button variant="danger" busy={busy === 'reject'} disabled={!!busy} onClick={() => decide('reject')}>
              Reject
            </Button>
          </div>
        </>
      ) : (
        <>
          <div className="draft-text" aria-label={draft.finalText ? 'Approved text' : 'Suggested text'}>
            {draft.finalText ?? draft.suggestedText}
          </div>
          {draft.edited && <p className="muted">Edited; the model suggested: <span className="draft-suggested">{draft.suggestedText}</span></p>}
          {draft.error && <ErrorMessage error={draft.error} title="Not sent" />}
          <Button variant="link" aria-expanded={showTrail} onClick={() => setShowTrail((s) => !s)}>
            {showTrail ? 'Hide the decisions' : 'Show the decisions'}
          </Button>
          {showTrail && <DecisionTrail draftId={draft.id!} />}
        </>
      )}
    </Card>
  );
}

function ChatContext({ chatId }: { chatId: string }) {
  const api = useApi();
  const messages = useResource(() => api.get<Message[]>(`/api/chats/${chatId}/messages?limit=10`), [api, chatId]);
  if (messages.error) return <ErrorMessage error={messages.error} />;
  if (!messages.data) return <Loading />;
  return (
    <ol className="conversation conversation-compact" aria-label="Recent messages">
      {messages.data.map((m) => {
        const bot = (m.role ?? '').toLowerCase() === 'assistant';
        return (
          <li key={m.id} className={`bubble ${bot ? 'bubble-bot' : 'bubble-user'}`}>
            <div className="bubble-meta">
              <span>{bot ? 'Bot' : 'User'}</span>
              <time dateTime={m.createdAt}>{dateTime(m.createdAt)}</time>
            </div>
            <div className="bubble-text">{m.text}</div>
          </li>
        );
      })}
    </ol>
  );
}

function DecisionTrail({ draftId }: { draftId: string }) {
  const api = useApi();
  const draft = useResource(() => api.get<Draft>(`/api/drafts/${draftId}`), [api, draftId]);
  if (draft.error) return <ErrorMessage error={draft.error} />;
  if (!draft.data) return <Loading />;
  const decisions = draft.data.decisions ?? [];
  if (decisions.length === 0) return <Empty>No decisions recorded.</Empty>;
  return (
    <ul className="decision-trail" aria-label="Decisions">
      {decisions.map((d) => (
        <li key={d.id}>
          <time dateTime={d.at}>{dateTime(d.at)}</time>: {describeDecision(d)}
          {d.actorTelegramId != null && <> (Telegram user {d.actorTelegramId})</>}
        </li>
      ))}
    </ul>
  );
}
