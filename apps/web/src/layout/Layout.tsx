import { Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Link, Paragraph, SkipLink } from '@digdir/designsystemet-react';
import { changeLanguage } from '../i18n';
import { signOut, useSession } from '../auth/session';
import type { Role } from '../auth/session';
import { ExpiryWarning } from '../auth/ExpiryWarning';
import { Loading } from '../components/Loading';
import { areaNav } from '../areas';

const NAV: Readonly<Record<Role, ReadonlyArray<readonly [string, string]>>> = {
  caseworker: [
    ['/', 'nav.home'],
    ['/inkorg', 'nav.inbox'],
    ['/utkorg', 'nav.outbox'],
    ['/deltagare/ny', 'nav.register'],
    ['/deltagare/sok', 'nav.find'],
  ],
  manager: [['/', 'nav.home']],
  evaluator: [
    ['/', 'nav.home'],
    ['/utvardering/resa', 'nav.history'],
  ],
  admin: [['/', 'nav.home']],
};

/** Skip link, banner with the menu, the page in <main>, and a footer; focus moves to the new page's h1. */
export function Layout() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const first = useRef(true);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    // After a route change a screen reader starts at the new page's heading, not at the link just followed.
    const heading = document.querySelector<HTMLElement>('main h1');
    (heading ?? document.getElementById('main'))?.focus();
  }, [location.pathname]);

  const other = i18n.language === 'sv' ? 'en' : 'sv';
  return (
    <div className="layout">
      <SkipLink href="#main">{t('layout.skipLink')}</SkipLink>
      <header className="banner">
        <div className="banner-inner">
          <a className="brand" href="/">
            {t('app.name')}
          </a>
          {session && (
            <nav aria-label={t('layout.mainNav')}>
              <ul className="nav-list">
                {[...NAV[session.role], ...areaNav(session.role)].map(([to, label]) => (
                  <li key={to}>
                    <NavLink to={to} end className="nav-link">
                      {t(label)}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          <div className="banner-tools">
            <Button variant="tertiary" data-size="sm" lang={other} onClick={() => void changeLanguage(other)}>
              {t('layout.language')}
            </Button>
            {session && (
              <>
                <Paragraph data-size="sm" className="signed-in">
                  {t('layout.signedInAs', { role: t(`roles.${session.role}`) })}
                </Paragraph>
                <Button
                  variant="secondary"
                  data-size="sm"
                  onClick={() => {
                    signOut('user');
                    // Personal data read in this sign-in goes with it.
                    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'sign-in-config' });
                    void navigate('/inloggning');
                  }}
                >
                  {t('layout.signOut')}
                </Button>
              </>
            )}
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="main">
        {session && <ExpiryWarning session={session} />}
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="footer">
        <Paragraph data-size="sm">{t('layout.footer')}</Paragraph>
        <Paragraph data-size="sm">
          <Link asChild>
            <RouterLink to="/tillganglighet">{t('accessibility.link')}</RouterLink>
          </Link>
        </Paragraph>
      </footer>
    </div>
  );
}
