import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { Badge, Button, Card, ErrorMessage, fieldErrorsOf, Loading, PageHeader, TextField } from '../../components/ui';
import type { Schemas } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { dateTime, relative } from '../../lib/format';
import { useResource } from '../../lib/useResource';

type Session = Schemas['SessionView'];

export default function AccountPage() {
  const { api, user, forget } = useAuth();
  const navigate = useNavigate();
  const sessions = useResource(() => api.get<Session[]>('/api/me/sessions'), [api]);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function changePassword(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api.post('/api/me/password', { currentPassword: current, newPassword: next });
      // The server ended every session, this one included.
      forget();
      navigate('/login', { replace: true, state: { notice: 'Password changed. Sign in with the new password.' } });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function revoke(session: Session) {
    try {
      await api.del(`/api/me/sessions/${session.id}`);
      sessions.reload();
    } catch (err) {
      setError(err);
    }
  }

  const fields = fieldErrorsOf(error);
  return (
    <>
      <PageHeader title="Account" />
      {user && (
        <Card title="You">
          <dl className="facts">
            <dt>Email</dt>
            <dd>{user.email}</dd>
            <dt>Name</dt>
            <dd>{user.name || '—'}</dd>
            <dt>Role</dt>
            <dd>{user.role}</dd>
          </dl>
        </Card>
      )}
      <Card title="Change password">
        <form className="form-grid" onSubmit={changePassword} noValidate>
          <ErrorMessage error={error} />
          <TextField label="Current password" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} error={fields.currentPassword} />
          <TextField label="New password" type="password" autoComplete="new-password" minLength={8} hint="At least 8 characters. Every session, this one included, is signed out." value={next} onChange={(e) => setNext(e.target.value)} error={fields.newPassword} />
          <div className="form-actions">
            <Button type="submit" variant="primary" busy={busy}>Change password</Button>
          </div>
        </form>
      </Card>
      <Card title="Sessions">
        {sessions.loading && !sessions.data ? <Loading /> : <ErrorMessage error={sessions.error} />}
        <ul className="list">
          {sessions.data?.map((s) => (
            <li key={s.id} className="list-row">
              <div>
                <div>{s.userAgent || 'Unknown device'} {s.current && <Badge tone="good">this session</Badge>}</div>
                <small className="muted">
                  {s.ip} · signed in {dateTime(s.createdAt)} · last used {relative(s.lastUsedAt)}
                </small>
              </div>
              {!s.current && <Button variant="danger" onClick={() => revoke(s)}>Revoke</Button>}
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}
