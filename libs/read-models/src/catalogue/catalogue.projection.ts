import type { SqlTransaction } from '@samspar/event-store';
import type { RecordedEvent } from '@samspar/kernel';
import { ORGANISATION_CATEGORY, TRACK_CATEGORY } from '@samspar/journeys';
import type { OrganisationEvent, TrackEvent } from '@samspar/journeys';
import type { Projection } from '../runner/projection';
import { catalogueTables } from './catalogue.tables';

const idOf = (streamId: string): string => streamId.slice(streamId.indexOf('-') + 1);

/** Organisations, units and tracks: few and seldom changed, so one statement per event is enough. */
export const catalogueProjection: Projection = {
  name: 'catalogue',
  // 2: track_revisions, for GET /api/v1/tracks/{trackId}.
  version: 2,
  filter: { categories: [ORGANISATION_CATEGORY, TRACK_CATEGORY] },
  createTables: catalogueTables,
  async apply(tx: SqlTransaction, s: string, events: readonly RecordedEvent[]): Promise<void> {
    for (const recorded of events) {
      const at = recorded.metadata.occurredAt;
      const event = { type: recorded.type, data: recorded.data } as OrganisationEvent | TrackEvent;
      switch (event.type) {
        case 'OrganisationRegistered':
          await tx.query(
            `INSERT INTO ${s}.organisations VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (organisation_id) DO NOTHING`,
            [
              event.data.organisationId,
              event.data.name,
              event.data.kind,
              event.data.municipalityCode,
              event.data.referralDeadlineDays,
              at,
            ],
          );
          break;
        case 'UnitAdded':
          await tx.query(`INSERT INTO ${s}.units VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
            event.data.unitId,
            idOf(recorded.streamId),
            event.data.name,
          ]);
          break;
        case 'TrackDefined':
          await tx.query(`INSERT INTO ${s}.tracks VALUES ($1, $2, $3, $4, $5, $6, false, $7) ON CONFLICT (track_id) DO NOTHING`, [
            event.data.trackId,
            event.data.name,
            event.data.kind,
            event.data.ownerOrganisationId,
            event.data.employerOrganisationIds,
            event.data.occupation ?? null,
            at,
          ]);
          break;
        case 'TrackRevised':
          await tx.query(`INSERT INTO ${s}.track_revisions VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`, [
            idOf(recorded.streamId),
            recorded.revision,
            at,
            event.data.name ?? null,
            event.data.employerOrganisationIds ?? null,
            event.data.occupation ?? null,
          ]);
          await tx.query(
            `UPDATE ${s}.tracks SET name = coalesce($2, name),
               employer_organisation_ids = coalesce($3::uuid[], employer_organisation_ids),
               occupation = coalesce($4, occupation)
             WHERE track_id = $1`,
            [
              idOf(recorded.streamId),
              event.data.name ?? null,
              event.data.employerOrganisationIds ?? null,
              event.data.occupation ?? null,
            ],
          );
          break;
        case 'TrackRetired':
          await tx.query(`UPDATE ${s}.tracks SET retired = true WHERE track_id = $1`, [idOf(recorded.streamId)]);
          break;
        default:
          // Unknown types are ignored, so that old code reads newer logs.
          break;
      }
    }
  },
};
