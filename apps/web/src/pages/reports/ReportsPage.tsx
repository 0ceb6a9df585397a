import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { Card, Heading, Link, Paragraph } from '@digdir/designsystemet-react';
import { PageHeading } from '../../components/PageHeading';
import { REPORTS } from './reports';

/** The manager's and evaluator's way in: every report, with what it answers. */
export function ReportsPage() {
  const { t } = useTranslation();
  return (
    <section>
      <PageHeading title={t('reports.title')}>{t('reports.title')}</PageHeading>
      <Paragraph>{t('reports.intro')}</Paragraph>
      <ul className="cards report-cards">
        {REPORTS.map((report) => (
          <li key={report.slug}>
            <Card data-color={report.protected ? 'accent' : 'neutral'}>
              <Heading level={2} data-size="xs">
                <Link asChild>
                  <RouterLink to={`/rapporter/${report.slug}`}>{t(`reports.names.${report.key}`)}</RouterLink>
                </Link>
              </Heading>
              <Paragraph data-size="sm">{t(`reports.descriptions.${report.key}`)}</Paragraph>
              <Paragraph data-size="xs">{t(report.protected ? 'reports.protectedNote' : 'reports.exactNote')}</Paragraph>
            </Card>
          </li>
        ))}
      </ul>
    </section>
  );
}
