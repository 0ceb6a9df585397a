import type { RecordKeys } from '@samspar/privacy';
import { catalogueProjection } from './catalogue/catalogue.projection';
import { journeyFactsProjection } from './journey-facts/journey-facts.projection';
import type { Projection } from './runner/projection';

/** Every read model, in the order a full rebuild takes them; the journeys carry each participant's record key. */
export const readModelProjections = (recordKeys: RecordKeys): readonly Projection[] => [
  catalogueProjection,
  journeyFactsProjection(recordKeys),
];

/** The read models' names, for commands that only name them. */
export const PROJECTION_NAMES: readonly string[] = [catalogueProjection.name, 'journeys'];
