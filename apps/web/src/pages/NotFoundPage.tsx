import { useTranslation } from 'react-i18next';
import { Paragraph } from '@digdir/designsystemet-react';
import { PageHeading } from '../components/PageHeading';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <section>
      <PageHeading title={t('errors.notFound')}>{t('errors.notFound')}</PageHeading>
      <Paragraph>{t('errors.notFoundText')}</Paragraph>
    </section>
  );
}
