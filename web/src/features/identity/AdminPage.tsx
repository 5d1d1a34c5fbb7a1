import { createColumnHelper } from '@tanstack/react-table';
import { useState } from 'react';
import { Badge, Button, Card, Checkbox, Empty, ErrorMessage, Loading, PageHeader } from '../../components/ui';
import { DataTable } from '../../components/ui/DataTable';
import type { Schemas } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { dateTime } from '../../lib/format';
import { useResource } from '../../lib/useResource';

type User = Schemas['UserView'];
const column = createColumnHelper<User>();

export default function AdminPage() {
  const { api, user: me } = useAuth();
  const users = useResource(() => api.get<User[]>('/api/admin/users'), [api]);
  const settings = useResource(() => api.get<Schemas['Settings']>('/api/admin/settings'), [api]);
  const audit = useResource(() => api.get<Schemas['Entry'][]>('/api/admin/audit?limit=50'), [api]);
  const [error, setError] = useState<unknown>();

  if (me && me.role !== 'ADMIN') return <ErrorMessage error="This page is for admins." />;

  async function setEnabled(user: User, enabled: boolean) {
    setError(undefined);
    try {
      await api.post(`/api/admin/users/${user.id}/${enabled ? 'enable' : 'disable'}`);
      users.reload();
    } catch (err) {
      setError(err);
    }
  }

  async function setRegistration(open: boolean) {
    setError(undefined);
    try {
      await api.patch('/api/admin/settings', { registrationOpen: open });
      settings.reload();
    } catch (err) {
      setError(err);
    }
  }

  const columns = [
    column.accessor('email', { header: 'Email' }),
    column.accessor('name', { header: 'Name', cell: (c) => c.getValue() || '—' }),
    column.accessor('role', { header: 'Role' }),
    column.accessor('enabled', { header: 'Status', cell: (c) => (c.getValue() ? <Badge tone="good">enabled</Badge> : <Badge tone="bad">disabled</Badge>) }),
    column.accessor('createdAt', { header: 'Registered', cell: (c) => dateTime(c.getValue()) }),
    column.display({
      id: 'actions',
      header: '',
      cell: (c) =>
        c.row.original.id === me?.id ? null : c.row.original.enabled ? (
          <Button variant="danger" onClick={() => setEnabled(c.row.original, false)}>Disable</Button>
        ) : (
          <Button onClick={() => setEnabled(c.row.original, true)}>Enable</Button>
        ),
    }),
  ];

  return (
    <>
      <PageHeader title="Admin" />
      <ErrorMessage error={error} />
      <Card title="Settings">
        {settings.data ? (
          <Checkbox
            label="Registration open (anyone can create an account)"
            checked={settings.data.registrationOpen ?? false}
            onChange={(e) => setRegistration(e.target.checked)}
          />
        ) : (
          <ErrorMessage error={settings.error} />
        )}
      </Card>
      <Card title="Users">
        {users.loading && !users.data ? <Loading /> : <ErrorMessage error={users.error} />}
        {users.data && <DataTable data={users.data} columns={columns} initialSort={[{ id: 'createdAt', desc: false }]} />}
      </Card>
      <Card title="Security log">
        <ErrorMessage error={audit.error} />
        {audit.data && (audit.data.length === 0 ? <Empty>Nothing recorded yet.</Empty> : (
          <ul className="list">
            {audit.data.map((entry) => (
              <li key={entry.id} className="list-row">
                <span>
                  <strong>{entry.event}</strong> {entry.email}
                </span>
                <small className="muted">
                  {dateTime(entry.at)}
                  {entry.ip && ` · ${entry.ip}`}
                </small>
              </li>
            ))}
          </ul>
        ))}
      </Card>
    </>
  );
}
