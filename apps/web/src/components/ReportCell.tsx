import { useTranslation } from 'react-i18next';
import type { Cell } from '../api/views';
import { formatNumber, formatPercent } from '../i18n';

/** The Swedish statistics convention: `..` for a protected value, `–` for one that is missing. */
export function cellText(cell: Cell | undefined, kind: 'count' | 'rate' | 'days' = 'count'): string {
  if (cell === 'suppressed') return '..';
  if (cell === 'not_available' || cell === undefined) return '–';
  if (kind === 'rate') return formatPercent(cell);
  return formatNumber(cell, kind === 'days' ? 1 : 0);
}

export function ReportCell({
  cell,
  kind = 'count',
}: {
  readonly cell: Cell | undefined;
  readonly kind?: 'count' | 'rate' | 'days';
}) {
  const { t } = useTranslation();
  const text = cellText(cell, kind);
  // A screen reader says what `..` and `–` mean instead of reading the dots.
  if (cell === 'suppressed') return <abbr title={t('outcomes.protected')}>{text}</abbr>;
  if (cell === 'not_available' || cell === undefined) return <abbr title={t('outcomes.notAvailable')}>{text}</abbr>;
  return <>{text}</>;
}
