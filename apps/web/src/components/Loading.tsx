import { useTranslation } from 'react-i18next';
import { Spinner } from '@digdir/designsystemet-react';

export function Loading() {
  const { t } = useTranslation();
  return <Spinner aria-label={t('layout.loading')} data-size="md" />;
}
