import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../api/client';
import { setSession } from '../api/session';
import { Link, navigate } from '../lib/router';
import { field } from '../lib/form';

/** Sign up (a personal workspace comes with it) or log in. */
export default function AuthScreen({ params }: { params: Record<string, string> }) {
  const signup = params.mode === 'signup';
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = field(form, 'email');
    const password = field(form, 'password');
    setBusy(true);
    setError(undefined);
    const result = signup
      ? await api.POST('/api/v1/auth/register', { body: { email, password, name: field(form, 'name') } })
      : await api.POST('/api/v1/auth/login', { body: { email, password } });
    setBusy(false);
    if (!result.data) return setError(errorMessage(result.error));
    navigate(signup ? '/onboarding' : '/listings', { replace: true });
    setSession({ accessToken: result.data.accessToken, refreshToken: result.data.refreshToken });
  };

  return (
    <main className="auth" id="main">
      <h1>Listcast</h1>
      <p className="muted">Market every listing on Instagram, Facebook, LinkedIn and X — from one place.</p>
      <form className="card stack" onSubmit={(e) => void submit(e)} aria-labelledby="auth-title">
        <h2 id="auth-title">{signup ? 'Create your account' : 'Log in'}</h2>
        {signup && (
          <label>
            Your name
            <input name="name" autoComplete="name" required maxLength={200} />
          </label>
        )}
        <label>
          Email
          <input name="email" type="email" autoComplete="email" required />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete={signup ? 'new-password' : 'current-password'}
            required
            minLength={signup ? 10 : 1}
          />
          {signup && <small className="muted">At least 10 characters.</small>}
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Please wait…' : signup ? 'Sign up' : 'Log in'}
        </button>
        {signup ? (
          <p>
            Already have an account? <Link href="/login">Log in</Link>
          </p>
        ) : (
          <p>
            New to Listcast? <Link href="/signup">Create an account</Link>
          </p>
        )}
      </form>
    </main>
  );
}
