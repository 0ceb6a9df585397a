import { useTranslation } from 'react-i18next';
import { Heading, Paragraph } from '@digdir/designsystemet-react';
import { PageHeading } from '../components/PageHeading';
import { formatDate } from '../i18n';

/** The accessibility statement (tillgänglighetsredogörelse) in DIGG's structure; public, like the sign-in page. */
export function AccessibilityPage() {
  const { t } = useTranslation();
  return (
    <section className="narrow">
      <PageHeading title={t('accessibility.title')}>{t('accessibility.title')}</PageHeading>
      <Paragraph>{t('accessibility.intro')}</Paragraph>
      <Heading level={2} data-size="sm">
        {t('accessibility.howTitle')}
      </Heading>
      <Paragraph>{t('accessibility.how')}</Paragraph>
      <Heading level={2} data-size="sm">
        {t('accessibility.reportTitle')}
      </Heading>
      <Paragraph>{t('accessibility.report')}</Paragraph>
      <Heading level={2} data-size="sm">
        {t('accessibility.supervisionTitle')}
      </Heading>
      <Paragraph>{t('accessibility.supervision')}</Paragraph>
      <Heading level={2} data-size="sm">
        {t('accessibility.technicalTitle')}
      </Heading>
      <Heading level={3} data-size="xs">
        {t('accessibility.gapsTitle')}
      </Heading>
      <ul>
        <li>{t('accessibility.gaps1')}</li>
        <li>{t('accessibility.gaps2')}</li>
        <li>{t('accessibility.gaps3')}</li>
      </ul>
      <Heading level={2} data-size="sm">
        {t('accessibility.testedTitle')}
      </Heading>
      <Paragraph>{t('accessibility.tested', { date: formatDate('2026-12-06T12:00:00Z') })}</Paragraph>
    </section>
  );
}
