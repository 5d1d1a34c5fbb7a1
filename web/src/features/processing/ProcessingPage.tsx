import { Fragment, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Badge, Button, Empty, ErrorMessage, Loading, Notice, PageHeader, SelectField } from '../../components/ui';
import type { Schemas } from '../../lib/api';
import { useApi } from '../../lib/auth';
import { dateTime, relative } from '../../lib/format';
import { useResource } from '../../lib/useResource';

type Item = Schemas['ItemView'];
type Detail = Schemas['ItemDetail'];
type Bot = Schemas['BotView'];

const STATUSES = [
  { value: 'TERMINAL', label: 'Terminal (gave up)' },
  { value: 'FAILED', label: 'Failed (will retry)' },
  { value: 'PROCESSING', label: 'Processing' },
  { value: 'RECEIVED', label: 'Received' },
  { value: 'COMPLETED', label: 'Completed' },
  { value: '', label: 'All' },
];

export default function ProcessingPage() {
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? 'TERMINAL';
  const botId = params.get('bot') ?? '';
  const bots = useResource(() => api.get<Bot[]>('/api/bots'), [api]);
  const items = useResource(() => {
    const q = new URLSearchParams({ limit: '200' });
    if (status) q.set('status', status);
    if (botId) q.set('botId', botId);
    return api.get<Item[]>(`/api/processing?${q}`);
  }, [api, status, botId]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [open, setOpen] = useState<string>();
  const [result, setResult] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const botName = new Map((bots.data ?? []).map((b) => [b.id, b.name]));
  const retryable = (item: Item) => item.status === 'FAILED' || item.status === 'TERMINAL';

  function update(key: string, value: string) {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next, { replace: true });
    setSelected(new Set());
  }

  async function retry(ids: string[]) {
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    const outcomes = await Promise.allSettled(ids.map((id) => api.post(`/api/processing/${id}/retry`)));
    const failed = outcomes.filter((o) => o.status === 'rejected') as PromiseRejectedResult[];
    setResult(`${ids.length - failed.length} of ${ids.length} queued for another attempt.`);
    if (failed.length) setError(failed[0].reason);
    setSelected(new Set());
    setBusy(false);
    items.reload();
  }

  const list = items.data ?? [];
  const selectable = list.filter(retryable);
  const allSelected = selectable.length > 0 && selectable.every((i) => selected.has(i.id!));

  return (
    <>
      <PageHeader title="Processing">
        <Button variant="primary" disabled={selected.size === 0} busy={busy} onClick={() => retry([...selected])}>
          Retry selected ({selected.size})
        </Button>
      </PageHeader>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <SelectField label="Status" options={STATUSES} value={status} onChange={(e) => update('status', e.target.value)} />
        <SelectField label="Bot" options={[{ value: '', label: 'All bots' }, ...(bots.data ?? []).map((b) => ({ value: b.id!, label: b.name ?? '' }))]} value={botId} onChange={(e) => update('bot', e.target.value)} />
      </form>
      {result && <Notice tone="success">{result}</Notice>}
      <ErrorMessage error={error ?? items.error} />
      {items.loading && !items.data && <Loading />}
      {items.data && list.length === 0 && <Empty>Nothing here. {status === 'TERMINAL' || status === 'FAILED' ? 'No message is stuck.' : ''}</Empty>}
      {list.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>
                  <input
                    type="checkbox"
                    aria-label="Select every retryable item"
                    checked={allSelected}
                    disabled={selectable.length === 0}
                    onChange={(e) => setSelected(e.target.checked ? new Set(selectable.map((i) => i.id!)) : new Set())}
                  />
                </th>
                <th>Received</th>
                <th>Bot</th>
                <th>Chat</th>
                <th>Status</th>
                <th>Attempts</th>
                <th>Last error</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              {list.map((item) => (
                <Fragment key={item.id}>
                  <tr>
                    <td>
                      {retryable(item) && (
                        <input
                          type="checkbox"
                          aria-label={`Select item of chat ${item.chatId} received ${dateTime(item.receivedAt)}`}
                          checked={selected.has(item.id!)}
                          onChange={(e) => {
                            const next = new Set(selected);
                            if (e.target.checked) next.add(item.id!);
                            else next.delete(item.id!);
                            setSelected(next);
                          }}
                        />
                      )}
                    </td>
                    <td><time dateTime={item.receivedAt} title={dateTime(item.receivedAt)}>{relative(item.receivedAt)}</time></td>
                    <td>{botName.get(item.botId) ?? '—'}</td>
                    <td>{item.chatId}</td>
                    <td>
                      <Badge tone={item.status === 'TERMINAL' ? 'bad' : item.status === 'FAILED' ? 'warn' : item.status === 'COMPLETED' ? 'good' : 'neutral'}>{item.status}</Badge>
                      {item.status === 'FAILED' && item.nextAttemptAt && <small className="muted"> next {relative(item.nextAttemptAt)}</small>}
                    </td>
                    <td>{item.attempts}</td>
                    <td className="wrap">{item.terminalReason ? `${item.terminalReason}: ` : ''}{shorten(item.lastError)}</td>
                    <td className="nowrap">
                      <Button variant="link" aria-expanded={open === item.id} onClick={() => setOpen(open === item.id ? undefined : item.id)}>
                        Attempts
                      </Button>
                      {retryable(item) && <Button onClick={() => retry([item.id!])} disabled={busy}>Retry</Button>}
                    </td>
                  </tr>
                  {open === item.id && (
                    <tr>
                      <td colSpan={8}>
                        <Attempts id={item.id!} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** Error chains can be long; the row shows the start, the attempts list shows each in full. */
function shorten(text: string | undefined, max = 240): string {
  if (!text) return '—';
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function Attempts({ id }: { id: string }) {
  const api = useApi();
  const detail = useResource(() => api.get<Detail>(`/api/processing/${id}`), [api, id]);
  if (detail.loading && !detail.data) return <Loading />;
  if (detail.error) return <ErrorMessage error={detail.error} />;
  const history = detail.data?.history ?? [];
  return history.length === 0 ? (
    <Empty>No attempt recorded yet.</Empty>
  ) : (
    <ol className="attempts">
      {history.map((a) => (
        <li key={a.attempt}>
          <strong>Attempt {a.attempt}</strong> · {dateTime(a.startedAt)} · <Badge tone={a.outcome === 'COMPLETED' ? 'good' : 'bad'}>{a.outcome ?? 'running'}</Badge>
          {a.worker && <small className="muted"> on {a.worker}</small>}
          {a.error && <pre className="error-text">{a.error}</pre>}
        </li>
      ))}
    </ol>
  );
}
