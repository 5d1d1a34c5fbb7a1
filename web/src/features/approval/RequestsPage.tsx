import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Badge, Button, Card, Empty, ErrorMessage, Loading, PageHeader, SelectField, TextField } from '../../components/ui';
import type { Schemas } from '../../lib/api';
import { useApi } from '../../lib/auth';
import { dateTime, relative } from '../../lib/format';
import { useResource } from '../../lib/useResource';
import { REQUEST_STATUSES, answerChoices, describeDecision, statusLabel, statusTone, timeLeft } from './approval';

type HumanRequest = Schemas['RequestView'];

/** Requests for a human decision (from workflows, agents or the API): read and answer them. */
export default function RequestsPage() {
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? 'pending';
  const requests = useResource(() => {
    const query = new URLSearchParams({ limit: '100' });
    if (status !== 'all') query.set('status', status);
    return api.get<HumanRequest[]>(`/api/requests?${query}`);
  }, [api, status]);

  return (
    <>
      <PageHeader title="Requests">
        <Button onClick={requests.reload}>Refresh</Button>
      </PageHeader>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <SelectField
          label="Status"
          options={[...REQUEST_STATUSES.map((s) => ({ value: s, label: statusLabel(s) })), { value: 'all', label: 'All' }]}
          value={status}
          onChange={(e) => setParams({ status: e.target.value }, { replace: true })}
        />
      </form>
      <ErrorMessage error={requests.error} />
      {requests.loading && !requests.data && <Loading />}
      {requests.data?.length === 0 && <Empty>{status === 'pending' ? 'No request waits for you.' : 'No requests.'}</Empty>}
      <ul className="draft-list" aria-label="Requests">
        {requests.data?.map((request) => (
          <li key={request.id}>
            <RequestCard request={request} onAnswered={requests.reload} />
          </li>
        ))}
      </ul>
    </>
  );
}

function RequestCard({ request, onAnswered }: { request: HumanRequest; onAnswered: () => void }) {
  const api = useApi();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const choices = answerChoices(request);

  const answer = async (body: { option?: string; text?: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      await api.post(`/api/requests/${request.id}/answer`, body);
      onAnswered();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={request.title} actions={<Badge tone={statusTone(request.status)}>{statusLabel(request.status)}</Badge>}>
      <p className="muted">
        {(request.type ?? '').replace('_', ' ')} · asked <time dateTime={request.createdAt} title={dateTime(request.createdAt)}>{relative(request.createdAt)}</time>
        {request.status === 'pending' && request.timeoutAt && (
          <> · times out {timeLeft(request.timeoutAt)}{request.defaultOption ? ` (then: ${request.defaultOption})` : ''}</>
        )}
        {request.telegramChatId != null && <> · asked in Telegram chat {request.telegramChatId}</>}
      </p>
      <div className="draft-text">{request.message}</div>
      {request.status !== 'pending' && (
        <p>
          Response: <strong>{request.response ?? 'none'}</strong>
          {request.answeredVia && <> ({describeDecision({ decision: request.status, source: request.answeredVia })}{request.resolvedAt && <>, {dateTime(request.resolvedAt)}</>})</>}
        </p>
      )}
      <ErrorMessage error={error} />
      {(choices.options.length > 0 || choices.text) && (
        <div className="actions">
          {choices.options.map((option) => (
            <Button key={option} variant={option === 'reject' ? 'danger' : option === 'approve' ? 'primary' : 'secondary'} disabled={busy} onClick={() => answer({ option })}>
              {option}
            </Button>
          ))}
        </div>
      )}
      {choices.text && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (text.trim()) answer({ text: text.trim() });
          }}
        >
          <TextField label="Your answer" value={text} onChange={(e) => setText(e.target.value)} maxLength={4000} />
          <Button type="submit" variant="primary" busy={busy} disabled={!text.trim()}>
            Send answer
          </Button>
        </form>
      )}
    </Card>
  );
}
