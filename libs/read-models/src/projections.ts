import { catalogueProjection } from './catalogue/catalogue.projection';
import { journeyFactsProjection } from './journey-facts/journey-facts.projection';
import type { Projection } from './runner/projection';

/** Every read model, in the order a full rebuild takes them. */
export const PROJECTIONS: readonly Projection[] = [catalogueProjection, journeyFactsProjection];
