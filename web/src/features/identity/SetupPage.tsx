import { useEffect, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { Button, ErrorMessage, fieldErrorsOf, Loading, TextField } from '../../components/ui';
import { useAuth } from '../../lib/auth';
import type { Schemas } from '../../lib/api';

/** First run: while no user exists, create the admin account (the first registration is the admin). */
export function SetupPage() {
  const { api, login } = useAuth();
  const navigate = useNavigate();
  const [checking, setChecking] = useState(true);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api
      .get<Schemas['Setup']>('/api/setup', { anonymous: true })
      .then((setup) => (setup.needsAdmin ? setChecking(false) : navigate('/login', { replace: true })))
      .catch((e) => {
        setError(e);
        setChecking(false);
      });
  }, [api, navigate]);

  if (checking) return <Loading />;
  const fields = fieldErrorsOf(error);
  const mismatch = confirm !== '' && confirm !== password ? 'The passwords differ' : undefined;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (mismatch) return;
    setBusy(true);
    setError(undefined);
    try {
      await api.post('/api/auth/register', { email, password, name: name || undefined }, { anonymous: true });
      await login(email, password);
      navigate('/', { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="auth-page" id="main">
      <form className="auth-card" onSubmit={submit} noValidate>
        <h1>Welcome to Switchboard</h1>
        <p>No account exists yet. Create the administrator account to start.</p>
        <ErrorMessage error={error} />
        <TextField label="Name" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} error={fields.name} />
        <TextField label="Email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} error={fields.email} />
        <TextField label="Password" type="password" autoComplete="new-password" required minLength={8} hint="At least 8 characters" value={password} onChange={(e) => setPassword(e.target.value)} error={fields.password} />
        <TextField label="Repeat password" type="password" autoComplete="new-password" required value={confirm} onChange={(e) => setConfirm(e.target.value)} error={mismatch} />
        <Button type="submit" variant="primary" busy={busy}>
          Create admin account
        </Button>
      </form>
    </main>
  );
}
