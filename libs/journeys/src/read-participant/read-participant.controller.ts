import { Controller, Get, Inject, Param, ParseUUIDPipe, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AccessRule, Roles, auditConsents, auditFields, auditSubject, purposeOf } from '@samspar/access';
import { EVENT_STORE } from '@samspar/event-store';
import type { EventStore } from '@samspar/event-store';
import { NotFoundError, ValidationError } from '@samspar/kernel';
import { ApiJsonSchemaResponse, ApiProblemResponses, setETag } from '@samspar/platform';
import {
  JOURNEY_VIEW_SCHEMA,
  PARTICIPANT_FOUND_SCHEMA,
  PARTICIPANT_VIEW_SCHEMA,
  PERSONNUMMER_SCHEMA,
  TIMELINE_SCHEMA,
} from './read-participant.schemas';
import { KEY_VAULT, KeyVault, LOOKUP_HASHER, LookupHasher, parsePersonnummer } from '@samspar/privacy';
import type { SealedValue } from '@samspar/privacy';
import { loadStream, stamp } from '../command-handling';
import { ActingFor, commandContext } from '../http/acting-for';
import type { Acting } from '../http/acting-for';
import { ParticipantEvent, ParticipantState, foldParticipant, participantStreamName, participantFolding } from '../participant';
import { PURPOSE_HEADER, mayAccess, participantNotFound, requirePurposeForProtected } from '../participant-access';
import { readableEvents } from '../sharing/sharing';
import type { ParticipantLookup } from '../participant-registry';
import { PARTICIPANT_REGISTRY } from '../journeys.tokens';
import { JourneyView, ParticipantView, TimelineEntry, journeyTimeline, journeyView } from './read-participant';

@ApiTags('participants')
@Roles('caseworker')
@ApiHeader({
  name: PURPOSE_HEADER,
  required: false,
  description: 'Why you read the record (recorded in the audit log); required for skyddade personuppgifter',
})
@Controller('api/v1/participants')
export class ReadParticipantController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(KEY_VAULT) private readonly vault: KeyVault,
    @Inject(LOOKUP_HASHER) private readonly hasher: LookupHasher,
    @Inject(PARTICIPANT_REGISTRY) private readonly registry: ParticipantLookup,
  ) {}

  @AccessRule('participant-find')
  @Get()
  @ApiOperation({
    operationId: 'findParticipant',
    summary: 'Find a participant by personnummer (exact match only)',
    description:
      'Looks a participant up by personnummer, through a keyed hash: answers the id only, and 404 alike for unknown and not visible. The lookup is audited.',
  })
  @ApiJsonSchemaResponse(PARTICIPANT_FOUND_SCHEMA)
  @ApiProblemResponses(404)
  @ApiQuery({ name: 'personnummer', description: 'YYYYMMDD-NNNC or YYMMDD-NNNC' })
  async lookup(
    @Query('personnummer') personnummer: unknown,
    @ActingFor() acting: Acting,
    @Req() request: IncomingMessage,
  ): Promise<{ participantId: string }> {
    if (typeof personnummer !== 'string') {
      throw new ValidationError('personnummer-required', 'Give exactly one personnummer to look up', 'personnummer');
    }
    auditFields(request, ['personnummer']);
    const person = parsePersonnummer(personnummer, new Date());
    const participantId = await this.registry.find(this.hasher.hash(person.value));
    if (!participantId) throw participantNotFound();
    // Before the access check: an attempt on someone else's participant is audited under their id.
    auditSubject(request, { participantId });
    await this.visible(participantId, acting, request);
    return { participantId };
  }

  @AccessRule('participant-read')
  @Get(':participantId')
  @ApiOperation({
    operationId: 'getParticipant',
    summary: "A participant's record: attributes, consents, referrals and journeys",
    description:
      'The participant as the caller’s organisation may see it: its own records and those shared with it by a consent. Personal data appears only when the registration is shared; each read is audited.',
  })
  @ApiJsonSchemaResponse(PARTICIPANT_VIEW_SCHEMA)
  async read(
    @Param('participantId', ParseUUIDPipe) participantId: string,
    @ActingFor() acting: Acting,
    @Req() request: IncomingMessage,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<ParticipantView> {
    const { state, revision, registrationShared } = await this.visible(participantId, acting, request);
    setETag(response, revision);
    // Personal data must not linger in a shared cache or a browser's.
    response.setHeader('Cache-Control', 'no-store');
    const personal =
      registrationShared && state.identity.kind === 'identified'
        ? await this.vault.decrypt(state.identity.personal as SealedValue)
        : undefined;
    const shown = personal?.status === 'ok' ? { status: 'ok' as const, value: masked(personal.value) } : personal;
    if (shown?.status === 'ok') auditFields(request, Object.keys(shown.value as object));
    return {
      participantId: state.participantId,
      registrationShared,
      ...(registrationShared
        ? {
            organisationId: state.organisationId,
            registeredAt: state.registeredAt,
            identified: state.identity.kind === 'identified',
            attributes: state.attributes,
          }
        : {}),
      protectedIdentity: state.protectedIdentity,
      ...(shown ? { personal: shown } : {}),
      consents: Object.values(state.consents),
      referrals: Object.values(state.referrals),
      journeys: Object.values(state.journeys).map(journeyView),
      revision,
    };
  }

  @AccessRule('participant-read')
  @Get(':participantId/personnummer')
  @ApiOperation({
    operationId: 'revealPersonnummer',
    summary: "A participant's whole personnummer",
    description:
      'The record shows the personnummer with its last four digits hidden; this read shows them, and the audit log records that it did. 404 when the registration is not shared with the caller or its personal data is erased.',
  })
  @ApiJsonSchemaResponse(PERSONNUMMER_SCHEMA)
  @ApiProblemResponses(404)
  async personnummer(
    @Param('participantId', ParseUUIDPipe) participantId: string,
    @ActingFor() acting: Acting,
    @Req() request: IncomingMessage,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<{ personnummer: string }> {
    const { state, registrationShared } = await this.visible(participantId, acting, request);
    response.setHeader('Cache-Control', 'no-store');
    const personal =
      registrationShared && state.identity.kind === 'identified'
        ? await this.vault.decrypt(state.identity.personal as SealedValue)
        : undefined;
    const personnummer = personal?.status === 'ok' ? (personal.value as { personnummer?: unknown }).personnummer : undefined;
    if (typeof personnummer !== 'string') {
      throw new NotFoundError('personnummer-not-available', 'This participant has no personnummer you may read');
    }
    auditFields(request, ['personnummer']);
    return { personnummer };
  }

  @AccessRule('participant-read')
  @Get(':participantId/journeys')
  @ApiOperation({
    operationId: 'listParticipantJourneys',
    summary: "A participant's journeys, with their current state",
    description: 'The journeys of the participant the caller may see, each with its current state.',
  })
  @ApiJsonSchemaResponse({ type: 'array', items: JOURNEY_VIEW_SCHEMA })
  async journeys(
    @Param('participantId', ParseUUIDPipe) participantId: string,
    @ActingFor() acting: Acting,
    @Req() request: IncomingMessage,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<JourneyView[]> {
    const { state, revision } = await this.visible(participantId, acting, request);
    setETag(response, revision);
    return Object.values(state.journeys).map(journeyView);
  }

  @AccessRule('journey-read')
  @Get(':participantId/journeys/:journeyId/timeline')
  @ApiOperation({
    operationId: 'getJourneyTimeline',
    summary: "A journey's timeline: its events in the order they were recorded",
    description:
      'The events of one journey that the caller may see, in the order they were recorded, with their event ids (for corrections).',
  })
  @ApiJsonSchemaResponse(TIMELINE_SCHEMA)
  async timeline(
    @Param('participantId', ParseUUIDPipe) participantId: string,
    @Param('journeyId', ParseUUIDPipe) journeyId: string,
    @ActingFor() acting: Acting,
    @Req() request: IncomingMessage,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<TimelineEntry[]> {
    const { state, revision, events } = await this.visible(participantId, acting, request);
    if (!state.journeys[journeyId]) throw new NotFoundError('journey-not-found', 'This participant has no such journey');
    setETag(response, revision);
    return journeyTimeline(events, journeyId);
  }

  /**
   * The participant as the caller's organisation may read it: its own records, and those shared with it by a
   * consent (sharing/sharing.ts), folded into a view; 404 alike for unknown and not visible. A protected one
   * needs X-Purpose. The consents that let records cross go to the audit log.
   */
  private async visible(participantId: string, acting: Acting, request: IncomingMessage) {
    const loaded = await loadStream<ParticipantEvent, ParticipantState>(
      this.store,
      participantStreamName(participantId),
      participantFolding,
    );
    const context = commandContext(acting, undefined);
    if (loaded.state.status !== 'registered' || !mayAccess(loaded.state, context)) throw participantNotFound();
    requirePurposeForProtected(loaded.state, purposeOf(request.headers));
    const readable = readableEvents(loaded.events, acting.organisationId ?? '', context.now);
    auditConsents(request, readable.consentIds);
    const registration = loaded.events[0]!;
    const registrationShared = readable.events[0]?.id === registration.id;
    // A record shared without the registration still needs the participant to fold into; the view leaves the
    // registration's contents out.
    const events = registrationShared ? readable.events : [registration, ...readable.events];
    const state = foldParticipant(events.map((event) => stamp<ParticipantEvent>(event)));
    if (state.status !== 'registered') throw participantNotFound();
    return { state, revision: loaded.revision, events: readable.events, registrationShared };
  }
}

/**
 * The personal fields as the record shows them: the personnummer's last four digits hidden (they are read on their
 * own, audited), so that opening a participant does not put the whole number on screen.
 */
function masked(value: unknown): Record<string, unknown> {
  const fields = { ...(value as Record<string, unknown>) };
  if (typeof fields.personnummer === 'string') {
    const digits = fields.personnummer.replace(/\D/g, '');
    delete fields.personnummer;
    fields.personnummerMasked = `${digits.slice(0, digits.length - 4)}-****`;
  }
  return fields;
}
