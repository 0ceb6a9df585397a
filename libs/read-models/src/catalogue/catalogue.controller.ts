import { Controller, Get, HttpStatus, Inject, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessRule, Roles } from '@samspar/access';
import { EVENT_STORE, quoteIdent } from '@samspar/event-store';
import type { EventStore } from '@samspar/event-store';
import { ProblemException } from '@samspar/platform';
import { ReadModels } from '../runner/read-models.service';
import {
  OrganisationDetailDto,
  OrganisationListQueryDto,
  OrganisationPageDto,
  TrackDetailDto,
  TrackListQueryDto,
  TrackPageDto,
} from './catalogue.dto';
import { findOrganisation, findTrack, listOrganisations, listTracks } from './catalogue.query';

/**
 * The catalogue as every signed-in role reads it, from the catalogue read model: who can receive a referral,
 * which units they have, which tracks run. No personal data, so no organisation boundary.
 */
@ApiTags('catalogue')
@Roles('caseworker', 'manager', 'evaluator', 'admin')
@AccessRule('catalogue-read')
@Controller('api/v1')
export class CatalogueController {
  constructor(
    private readonly readModels: ReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get('organisations')
  @ApiOperation({
    operationId: 'listOrganisations',
    summary: 'Organisations in the region, by name',
    description:
      'Filter by part of the name (any case), kind and kommunkod. Pages of `limit` rows; `next` is the cursor for the following page.',
  })
  @ApiOkResponse({ type: OrganisationPageDto })
  async organisations(@Query() query: OrganisationListQueryDto): Promise<OrganisationPageDto> {
    return listOrganisations(this.readModels.sql, await this.schema(query.minPosition, query.waitMs), query);
  }

  @Get('organisations/:organisationId')
  @ApiOperation({
    operationId: 'getOrganisation',
    summary: 'One organisation, with its units',
    description: 'What a referral to it needs: its id, kind, referral deadline and units. 404 for an unknown id.',
  })
  @ApiOkResponse({ type: OrganisationDetailDto })
  async organisation(@Param('organisationId', ParseUUIDPipe) organisationId: string): Promise<OrganisationDetailDto> {
    const found = await this.fresh((schema) => findOrganisation(this.readModels.sql, schema, organisationId.toLowerCase()));
    if (!found) throw new ProblemException(HttpStatus.NOT_FOUND, 'organisation-not-found', 'There is no such organisation.');
    return found;
  }

  @Get('tracks')
  @ApiOperation({
    operationId: 'listTracks',
    summary: 'Tracks in the region, by name',
    description:
      'Filter by owning organisation, kind, and whether the track is active (open for enrolment). Pages of `limit` rows; `next` is the cursor for the following page.',
  })
  @ApiOkResponse({ type: TrackPageDto })
  async tracks(@Query() query: TrackListQueryDto): Promise<TrackPageDto> {
    return listTracks(this.readModels.sql, await this.schema(query.minPosition, query.waitMs), query);
  }

  @Get('tracks/:trackId')
  @ApiOperation({
    operationId: 'getTrack',
    summary: 'One track, with its revisions',
    description: 'The track as it is now, and each revision with the fields it changed, oldest first. 404 for an unknown id.',
  })
  @ApiOkResponse({ type: TrackDetailDto })
  async track(@Param('trackId', ParseUUIDPipe) trackId: string): Promise<TrackDetailDto> {
    const found = await this.fresh((schema) => findTrack(this.readModels.sql, schema, trackId.toLowerCase()));
    if (!found) throw new ProblemException(HttpStatus.NOT_FOUND, 'track-not-found', 'There is no such track.');
    return found;
  }

  private async schema(minPosition?: string, waitMs?: number): Promise<string> {
    const states = await this.readModels.reached(['catalogue'], minPosition, waitMs);
    return quoteIdent(states['catalogue']!.schema);
  }

  /**
   * A lookup that is not found is tried once more when the read model has caught up with the log, so that an
   * entry registered a moment ago is found rather than answered 404.
   */
  private async fresh<T>(find: (schema: string) => Promise<T | undefined>): Promise<T | undefined> {
    const found = await find(await this.schema());
    if (found !== undefined) return found;
    return find(await this.schema(await this.store.headPosition()));
  }
}
