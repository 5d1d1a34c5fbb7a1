import { useEffect, useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { Button, ErrorMessage, Notice, TextField } from '../../components/ui';
import { useAuth } from '../../lib/auth';
import type { Schemas } from '../../lib/api';

export function LoginPage() {
  const { api, signedIn, login, sessionExpired } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string; notice?: string } | null)?.from ?? '/';
  const notice = (location.state as { notice?: string } | null)?.notice;
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api
      .get<Schemas['Setup']>('/api/setup', { anonymous: true })
      .then((setup) => {
        if (setup.needsAdmin) navigate('/setup', { replace: true });
      })
      .catch(() => undefined);
  }, [api, navigate]);

  if (signedIn) return <Navigate to={from} replace />;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await login(email, password);
      navigate(from, { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="auth-page" id="main">
      <form className="auth-card" onSubmit={submit} noValidate>
        <h1>Sign in to Switchboard</h1>
        {sessionExpired && <Notice tone="warning">Your session ended. Please sign in again.</Notice>}
        {notice && <Notice tone="success">{notice}</Notice>}
        <ErrorMessage error={error} />
        <TextField label="Email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
        <TextField label="Password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        <Button type="submit" variant="primary" busy={busy}>
          Sign in
        </Button>
      </form>
    </main>
  );
}
