import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Paragraph } from '@digdir/designsystemet-react';
import { useNavigate } from 'react-router';
import { formatTime } from '../i18n';
import { signOut } from './session';
import type { Session } from './session';

/** Warn this long before the sign-in ends: time to finish a form. */
export const WARN_BEFORE_MS = 5 * 60_000;
const systemNow = () => Date.now();

/**
 * A polite announcement five minutes before the token expires, and another when it has; forms keep their drafts,
 * so signing in again loses nothing.
 */
export function ExpiryWarning({ session, now = systemNow }: { readonly session: Session; readonly now?: () => number }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [time, setTime] = useState(now);

  useEffect(() => {
    const timer = setInterval(() => setTime(now()), 15_000);
    return () => clearInterval(timer);
  }, [now]);

  const phase = phaseOf(session.expiresAt, time);
  if (phase === 'fine') return null;
  return (
    <Alert data-color={phase === 'expired' ? 'danger' : 'warning'} role="status" className="expiry">
      <Paragraph>
        {phase === 'expired' ? t('signIn.expired') : t('signIn.expiresSoon', { time: formatTime(new Date(session.expiresAt)) })}
      </Paragraph>
      <Button
        data-size="sm"
        variant="secondary"
        onClick={() => {
          signOut();
          void navigate('/inloggning', { state: { from: location.pathname } });
        }}
      >
        {t('signIn.renew')}
      </Button>
    </Alert>
  );
}

export function phaseOf(expiresAt: number, now: number): 'fine' | 'soon' | 'expired' {
  if (now >= expiresAt) return 'expired';
  return expiresAt - now <= WARN_BEFORE_MS ? 'soon' : 'fine';
}
