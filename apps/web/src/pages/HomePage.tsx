import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { Card, Heading, Link, Paragraph } from '@digdir/designsystemet-react';
import { useSession } from '../auth/session';

const SHORTCUTS = {
  caseworker: [
    ['/arenden', 'lists.journeys'],
    ['/att-gora', 'lists.tasks'],
    ['/inkorg', 'nav.inbox'],
    ['/deltagare/ny', 'nav.register'],
    ['/deltagare/sok', 'nav.find'],
  ],
  manager: [
    ['/rapporter', 'reports.nav'],
    ['/rapporter/utfall', 'nav.outcomes'],
  ],
  evaluator: [
    ['/utvardering/resa', 'nav.history'],
    ['/rapporter', 'reports.nav'],
    ['/utvardering/export', 'evaluation.nav'],
  ],
  admin: [
    ['/admin/organisationer', 'admin.organisations'],
    ['/admin/spar', 'admin.tracks'],
    ['/admin/granskning', 'admin.audit'],
    ['/admin/lasmodeller', 'admin.readModels'],
  ],
} as const;

export function HomePage() {
  const { t } = useTranslation();
  const session = useSession();
  if (!session) return null;
  const role = t(`roles.${session.role}`);
  return (
    <section>
      <Heading level={1} data-size="lg" tabIndex={-1}>
        {t('home.title', { role })}
      </Heading>
      <Paragraph>{t(`home.${session.role}`)}</Paragraph>
      <ul className="cards">
        {SHORTCUTS[session.role].map(([to, label]) => (
          <li key={to}>
            <Card data-color="accent">
              <Heading level={2} data-size="xs">
                <Link asChild>
                  <RouterLink to={to}>{t(label)}</RouterLink>
                </Link>
              </Heading>
            </Card>
          </li>
        ))}
      </ul>
    </section>
  );
}
