import { useTranslation } from 'react-i18next';
import { Button, Paragraph, Tag } from '@digdir/designsystemet-react';
import type { TimelineEntry } from '../api/views';
import { formatDateTime } from '../i18n';

/** Steps of a journey as an ordered list, newest last: what happened, when, who recorded it, and whether it was corrected. */
export function Timeline({
  entries,
  nameOf,
  corrected,
  correctable,
  onCorrect,
}: {
  readonly entries: readonly TimelineEntry[];
  readonly nameOf: (id: string) => string;
  readonly corrected?: ReadonlySet<string>;
  readonly correctable?: (entry: TimelineEntry) => boolean;
  readonly onCorrect?: (entry: TimelineEntry) => void;
}) {
  const { t } = useTranslation();
  if (entries.length === 0) return <Paragraph>{t('journey.empty')}</Paragraph>;
  return (
    <ol className="timeline">
      {entries.map((entry) => {
        const type = t(`events.${entry.type}`, { defaultValue: entry.type });
        return (
          <li key={entry.eventId} className="timeline-entry">
            <time dateTime={entry.occurredAt}>{formatDateTime(entry.occurredAt)}</time>
            <span className={corrected?.has(entry.eventId) ? 'timeline-type corrected' : 'timeline-type'}>{type}</span>
            {corrected?.has(entry.eventId) && <Tag data-color="warning">{t('journeyPage.correctedTag')}</Tag>}
            {entry.actor && (
              <span className="timeline-actor">
                {t('journey.recordedBy', { role: t(`roles.${entry.actor.role}`, { defaultValue: entry.actor.role }) })}
                {entry.actor.organisationId ? `, ${nameOf(entry.actor.organisationId)}` : ''}
              </span>
            )}
            {onCorrect && correctable?.(entry) && (
              <Button data-size="sm" variant="tertiary" onClick={() => onCorrect(entry)}>
                {t('journeyPage.correctNamed', { step: type, date: formatDateTime(entry.occurredAt) })}
              </Button>
            )}
          </li>
        );
      })}
    </ol>
  );
}
