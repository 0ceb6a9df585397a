import { useTranslation } from 'react-i18next';
import { Paragraph } from '@digdir/designsystemet-react';
import type { TimelineEntry } from '../api/views';
import { formatDateTime } from '../i18n';

/** Steps of a journey as an ordered list, newest last: what happened, when, and who recorded it. */
export function Timeline({
  entries,
  nameOf,
}: {
  readonly entries: readonly TimelineEntry[];
  readonly nameOf: (id: string) => string;
}) {
  const { t } = useTranslation();
  if (entries.length === 0) return <Paragraph>{t('journey.empty')}</Paragraph>;
  return (
    <ol className="timeline">
      {entries.map((entry) => (
        <li key={entry.eventId} className="timeline-entry">
          <time dateTime={entry.occurredAt}>{formatDateTime(entry.occurredAt)}</time>
          <span className="timeline-type">{t(`events.${entry.type}`, { defaultValue: entry.type })}</span>
          {entry.actor && (
            <span className="timeline-actor">
              {t('journey.recordedBy', { role: t(`roles.${entry.actor.role}`, { defaultValue: entry.actor.role }) })}
              {entry.actor.organisationId ? `, ${nameOf(entry.actor.organisationId)}` : ''}
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}
