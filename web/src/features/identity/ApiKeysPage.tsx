import { createColumnHelper } from '@tanstack/react-table';
import { useState, type FormEvent } from 'react';
import { Button, Card, Empty, ErrorMessage, fieldErrorsOf, Loading, Notice, PageHeader, TextField } from '../../components/ui';
import { DataTable } from '../../components/ui/DataTable';
import type { Schemas } from '../../lib/api';
import { useApi } from '../../lib/auth';
import { dateTime } from '../../lib/format';
import { useResource } from '../../lib/useResource';

type ApiKey = Schemas['ApiKeyView'];
const column = createColumnHelper<ApiKey>();

export default function ApiKeysPage() {
  const api = useApi();
  const keys = useResource(() => api.get<ApiKey[]>('/api/api-keys'), [api]);
  const [name, setName] = useState('');
  const [expires, setExpires] = useState('');
  const [created, setCreated] = useState<ApiKey>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function create(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const key = await api.post<ApiKey>('/api/api-keys', { name, expiresAt: expires ? new Date(`${expires}T23:59:59Z`).toISOString() : undefined });
      setCreated(key);
      setName('');
      setExpires('');
      keys.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function remove(key: ApiKey) {
    if (!confirm(`Delete the API key "${key.name}"? Programs using it stop working.`)) return;
    try {
      await api.del(`/api/api-keys/${key.id}`);
      keys.reload();
    } catch (err) {
      setError(err);
    }
  }

  const columns = [
    column.accessor('name', { header: 'Name' }),
    column.accessor('prefix', { header: 'Key starts with', cell: (c) => <code>{c.getValue()}…</code> }),
    column.accessor('createdAt', { header: 'Created', cell: (c) => dateTime(c.getValue()) }),
    column.accessor('lastUsedAt', { header: 'Last used', cell: (c) => dateTime(c.getValue()) }),
    column.accessor('expiresAt', { header: 'Expires', cell: (c) => (c.getValue() ? dateTime(c.getValue()) : 'never') }),
    column.display({ id: 'actions', header: '', cell: (c) => <Button variant="danger" onClick={() => remove(c.row.original)} aria-label={`Delete ${c.row.original.name}`}>Delete</Button> }),
  ];
  const fields = fieldErrorsOf(error);

  return (
    <>
      <PageHeader title="API keys" />
      <p className="muted">API keys let programs call the API and the OpenAI-compatible <code>/v1</code> endpoints as you.</p>
      <p className="muted">
        To talk to a bot from any OpenAI client, give it the base URL <code>{`${window.location.origin}/v1`}</code>, a key as its
        API key, and the bot&apos;s username as the model.
      </p>
      {created && (
        <Notice tone="success">
          <p>
            Key <strong>{created.name}</strong> created. Copy it now: it is shown only this once.
          </p>
          <div className="secret-row">
            <code className="secret" aria-label="The new API key">{created.key}</code>
            <Button onClick={() => navigator.clipboard?.writeText(created.key ?? '')}>Copy</Button>
            <Button variant="link" onClick={() => setCreated(undefined)}>Done</Button>
          </div>
        </Notice>
      )}
      <Card title="New key">
        <form className="form-grid" onSubmit={create} noValidate>
          <ErrorMessage error={error} />
          <TextField label="Name" required value={name} onChange={(e) => setName(e.target.value)} error={fields.name} />
          <TextField label="Expires on (optional)" type="date" value={expires} onChange={(e) => setExpires(e.target.value)} error={fields.expiresAt} />
          <div className="form-actions">
            <Button type="submit" variant="primary" busy={busy}>Create key</Button>
          </div>
        </form>
      </Card>
      <Card title="Your keys">
        {keys.loading && !keys.data ? <Loading /> : <ErrorMessage error={keys.error} />}
        {keys.data && (keys.data.length === 0 ? <Empty>No API keys yet.</Empty> : <DataTable data={keys.data} columns={columns} />)}
      </Card>
    </>
  );
}
