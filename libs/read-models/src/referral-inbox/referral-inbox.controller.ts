import { Controller, Get, Inject, Logger, MessageEvent, Query, Res, Sse } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { ServerResponse } from 'node:http';
import type { Observable } from 'rxjs';
import { ApiJsonSchemaResponse } from '@samspar/platform';
import { AccessRule, Roles } from '@samspar/access';
import type { Principal } from '@samspar/access';
import { EVENT_STORE } from '@samspar/event-store';
import type { EventStore } from '@samspar/event-store';
import { ReadModels } from '../runner/read-models.service';
import { ACTING_ORGANISATION_HEADER, ActingFor } from './acting-organisation';
import type { ActingOrganisation } from './acting-organisation';
import { inboxFeed } from './referral-inbox.feed';
import { inboxReferrals, outboxReferrals } from './referral-inbox.query';
import type { InboxReferral, OutboxReferral, ReferralList } from './referral-inbox.query';
import { OutboxQueryDto, ReferralListQueryDto } from './referral-list.request.dto';

// A feed waits longer than a request: nobody is waiting on it, and giving up would miss the change.
const FEED_WAIT_MS = 30_000;
const PROTECTED_IDENTITY = 'protected_identity';

const mayShowProtected = (principal: Principal): boolean => principal.permissions.includes(PROTECTED_IDENTITY);

/**
 * The referrals a caseworker acts on: ids, dates and states, never a name or a personnummer (the read model
 * has none). The participant consented to the referral, which is what lets the receiver see its id.
 */
@ApiTags('referrals')
@Roles('caseworker')
@ApiHeader({
  name: ACTING_ORGANISATION_HEADER,
  required: false,
  description: 'The organisation you act for, when you have several',
})
@AccessRule('acting-organisation')
@Controller('api/v1/referrals')
export class ReferralInboxController {
  private readonly logger = new Logger('ReferralInbox');

  constructor(
    private readonly readModels: ReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get('inbox')
  @ApiOperation({
    operationId: 'listReferralInbox',
    summary: 'Referrals to your organisation that are not answered yet, oldest first, with age and deadline',
    description:
      'Referrals addressed to the caller’s organisation that are unanswered, oldest first, with their age and answer deadline; cursor paging.',
  })
  @ApiJsonSchemaResponse({
    type: 'object',
    required: ['organisationId', 'asOf', 'referrals'],
    properties: {
      organisationId: { type: 'string', format: 'uuid' },
      asOf: { type: 'string', format: 'date-time' },
      position: { type: 'string' },
      referrals: { type: 'array', items: { type: 'object', additionalProperties: true } },
    },
  })
  async inbox(
    @Query() query: ReferralListQueryDto,
    @ActingFor() acting: ActingOrganisation,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<ReferralList<InboxReferral>> {
    const tables = await this.readModels.reportTables(query.minPosition, query.waitMs);
    response.setHeader('Cache-Control', 'no-store');
    return inboxReferrals(this.readModels.sql, tables, acting.organisationId, new Date(), {
      protectedIdentity: mayShowProtected(acting.principal),
    });
  }

  @Get('outbox')
  @ApiOperation({
    operationId: 'listReferralOutbox',
    summary: 'Referrals your organisation sent, newest first, with the state each is in',
    description: 'Referrals the caller’s organisation sent, newest first, with the state each is in; cursor paging.',
  })
  @ApiJsonSchemaResponse({
    type: 'object',
    required: ['organisationId', 'asOf', 'referrals'],
    properties: {
      organisationId: { type: 'string', format: 'uuid' },
      asOf: { type: 'string', format: 'date-time' },
      position: { type: 'string' },
      referrals: { type: 'array', items: { type: 'object', additionalProperties: true } },
    },
  })
  async outbox(
    @Query() query: OutboxQueryDto,
    @ActingFor() acting: ActingOrganisation,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<ReferralList<OutboxReferral>> {
    const tables = await this.readModels.reportTables(query.minPosition, query.waitMs);
    response.setHeader('Cache-Control', 'no-store');
    return outboxReferrals(this.readModels.sql, tables, acting.organisationId, new Date(), {
      protectedIdentity: mayShowProtected(acting.principal),
      ...(query.status !== undefined ? { status: query.status } : {}),
      ...(query.limit !== undefined ? { limit: query.limit } : {}),
    });
  }

  @Sse('inbox/events')
  @ApiOperation({
    operationId: 'streamReferralInbox',
    summary: 'Your inbox as Server-Sent Events: now, then again whenever it changes',
    description:
      'Each `inbox` event carries the whole inbox, as GET /api/v1/referrals/inbox answers it. A comment every 25 s keeps the connection open.',
  })
  @ApiResponse({
    status: 200,
    description: 'An event `inbox` with the inbox as JSON, now and after each change',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  events(@ActingFor() acting: ActingOrganisation): Observable<MessageEvent> {
    const options = { protectedIdentity: mayShowProtected(acting.principal) };
    return inboxFeed({
      store: this.store,
      organisationId: acting.organisationId,
      onRetry: (error, attempt) => this.logger.warn(`Inbox feed starts over (attempt ${attempt}): ${String(error)}`),
      load: async (position) => {
        const tables = await this.readModels.reportTables(position, FEED_WAIT_MS).catch((error: unknown) => {
          // Still behind after the wait: show what there is; the next change brings the rest.
          this.logger.warn(`Inbox feed: ${String(error)}`);
          return this.readModels.reportTables();
        });
        return inboxReferrals(this.readModels.sql, tables, acting.organisationId, new Date(), options);
      },
    });
  }
}
