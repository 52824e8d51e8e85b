import { type FormEvent, useState } from 'react';
import { type Session, signIn } from '../app/session.ts';
import { useI18n } from '../i18n/i18n.tsx';

export function LoginPage({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await signIn(String(form.get('username')), String(form.get('password'))));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="login">
      <h1>{t('auth.title')}</h1>
      <form onSubmit={submit}>
        <label>
          {t('auth.username')}
          <input name="username" autoComplete="username" required />
        </label>
        <label>
          {t('auth.password')}
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? t('auth.signingIn') : t('auth.submit')}
        </button>
        {error && (
          <p role="alert" className="error">
            {t('auth.failed', { message: error })}
          </p>
        )}
      </form>
      <p className="hint">{t('auth.demoHint')}</p>
    </section>
  );
}
