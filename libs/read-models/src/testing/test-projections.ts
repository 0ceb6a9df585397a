import { randomBytes } from 'node:crypto';
import { RecordKeys } from '@samspar/privacy';
import { journeyFactsProjection as createJourneyFactsProjection } from '../journey-facts/journey-facts.projection';
import { readModelProjections } from '../projections';

/** Record keys from a random lookup key, as a test installation would have: no test may depend on their values. */
export const TEST_RECORD_KEYS = RecordKeys.fromLookupKey(randomBytes(32));

/** The journeys projection with the test record keys. */
export const journeyFactsProjection = createJourneyFactsProjection(TEST_RECORD_KEYS);

/** Every read model's projection with the test record keys. */
export const TEST_PROJECTIONS = readModelProjections(TEST_RECORD_KEYS);
