import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AccessRule, Roles, auditFields, displayNames } from '@samspar/access';
import { KEY_VAULT } from '@samspar/privacy';
import type { KeyVault, SealedValue } from '@samspar/privacy';
import { ACTING_ORGANISATION_HEADER, ActingFor } from '../referral-inbox/acting-organisation';
import type { ActingOrganisation } from '../referral-inbox/acting-organisation';
import { ReadModels } from '../runner/read-models.service';
import { JourneyListQueryDto, TaskListQueryDto, TaskPageDto, WorkListJourneyPageDto } from './work-lists.dto';
import type { NameState, WorkListJourneyDto } from './work-lists.dto';
import { iso, journeyHref, journeyListRows, taskHref, taskRows } from './work-lists.query';
import type { JourneyListRow, WorkListCaller } from './work-lists.query';

const callerOf = (acting: ActingOrganisation): WorkListCaller => ({
  organisationId: acting.organisationId,
  userId: acting.principal.userId,
  ...(acting.principal.unitId !== undefined ? { unitId: acting.principal.unitId } : {}),
  protectedIdentity: acting.principal.permissions.includes('protected_identity'),
});

const visibleId = (participantId: string, protectedIdentity: boolean | null, caller: WorkListCaller): string | null =>
  protectedIdentity === true && !caller.protectedIdentity ? null : participantId;

/**
 * A caseworker's work lists, from the journeys read model: the journeys their organisation may see (its own, and
 * those a consent shares with it, as sharing.ts decides), and what is due. Never replays a stream.
 */
@ApiTags('work lists')
@Roles('caseworker')
@ApiHeader({
  name: ACTING_ORGANISATION_HEADER,
  required: false,
  description: 'The organisation you act for, when you have several',
})
@AccessRule('work-list')
@Controller('api/v1')
export class WorkListsController {
  constructor(
    private readonly readModels: ReadModels,
    @Inject(KEY_VAULT) private readonly vault: KeyVault,
  ) {}

  @Get('journeys')
  @ApiOperation({
    operationId: 'listJourneys',
    summary: 'Journeys to work on: yours, your unit’s or your organisation’s, with each participant’s name',
    description:
      'Open or closed, idle (no event for 30 days), with a follow-up due; sorted by last activity or opening, oldest first unless the sort starts with -. Pages of `limit`; `next` is the cursor for the following page. scope=organisation also lists journeys of other organisations that a consent shares with yours. Names are decrypted for the list and never kept; a participant with skyddade personuppgifter is never named in a list.',
  })
  @ApiOkResponse({ type: WorkListJourneyPageDto })
  async journeys(
    @Query() query: JourneyListQueryDto,
    @ActingFor() acting: ActingOrganisation,
    @Req() request: IncomingMessage,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<WorkListJourneyPageDto> {
    const caller = callerOf(acting);
    const tables = await this.readModels.reportTables(query.minPosition, query.waitMs);
    const now = new Date();
    const { rows, next } = await journeyListRows(this.readModels.sql, tables, caller, query, now);
    const caseworkers = await displayNames(
      this.readModels.sql,
      tables.users,
      rows.map((row) => row.caseworker_id),
    );
    const names = await Promise.all(rows.map((row) => this.nameOf(row)));
    if (names.some((name) => name.state === 'shown')) auditFields(request, ['firstName', 'lastName']);
    // Personal data must not linger in a shared cache or a browser's.
    response.setHeader('Cache-Control', 'no-store');
    return {
      organisationId: caller.organisationId,
      asOf: now.toISOString(),
      items: rows.map((row, i): WorkListJourneyDto => {
        const participantId = visibleId(row.participant_id, row.protected_identity, caller);
        return {
          journeyId: row.journey_id,
          participantId,
          participantName: names[i]!.name,
          nameState: names[i]!.state,
          protectedIdentity: row.protected_identity,
          organisationId: row.organisation_id,
          shared: row.organisation_id !== caller.organisationId,
          unitId: row.unit_id,
          caseworkerId: row.caseworker_id,
          caseworkerName: row.caseworker_id === null ? null : (caseworkers.get(row.caseworker_id) ?? row.caseworker_id),
          status: row.status,
          openedAt: iso(row.opened_at)!,
          closedAt: iso(row.closed_at),
          lastActivityAt: iso(row.last_activity_at)!,
          idle: row.idle,
          followUpsDue: row.follow_ups_due,
          href: journeyHref(participantId, row.journey_id),
        };
      }),
      next,
    };
  }

  @Get('tasks')
  @ApiOperation({
    operationId: 'listTasks',
    summary: 'What is due: follow-ups, referrals to answer or about to expire, idle journeys',
    description:
      'Follow-ups at 1 month, 90 days and 6 months after a track ends with no status recorded; referrals to your organisation not yet answered (about to expire within 3 days of the deadline); open journeys with no event for 30 days. Earliest due first, each with the api path to act on. Pages of `limit`; `next` is the cursor for the following page.',
  })
  @ApiOkResponse({ type: TaskPageDto })
  async tasks(
    @Query() query: TaskListQueryDto,
    @ActingFor() acting: ActingOrganisation,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<TaskPageDto> {
    const caller = callerOf(acting);
    const tables = await this.readModels.reportTables(query.minPosition, query.waitMs);
    const now = new Date();
    const { rows, next } = await taskRows(this.readModels.sql, tables, caller, query, now);
    const caseworkers = await displayNames(
      this.readModels.sql,
      tables.users,
      rows.map((row) => row.caseworker_id),
    );
    response.setHeader('Cache-Control', 'no-store');
    return {
      organisationId: caller.organisationId,
      asOf: now.toISOString(),
      items: rows.map((row) => {
        const participantId = visibleId(row.participant_id, row.protected_identity, caller);
        return {
          kind: row.kind,
          dueAt: new Date(row.due_at).toISOString(),
          participantId,
          journeyId: row.journey_id,
          enrolmentId: row.enrolment_id,
          referralId: row.referral_id,
          caseworkerId: row.caseworker_id,
          caseworkerName: row.caseworker_id === null ? null : (caseworkers.get(row.caseworker_id) ?? row.caseworker_id),
          href: taskHref(row, participantId),
        };
      }),
      next,
    };
  }

  /** The participant's name as the caller may see it: the registration must be shared with it, and not protected. */
  private async nameOf(row: JourneyListRow): Promise<{ name: string | null; state: NameState }> {
    if (row.protected_identity) return { name: null, state: 'protected_identity' };
    if (!row.registration_shared) return { name: null, state: 'not_shared' };
    if (row.anonymous || row.personal === null) return { name: null, state: 'anonymous' };
    const personal = await this.vault.decrypt<{ firstName?: string; lastName?: string }>(row.personal as SealedValue);
    if (personal.status === 'erased') return { name: null, state: 'erased' };
    const name = [personal.value.firstName, personal.value.lastName].filter((part) => part && part.trim()).join(' ');
    return name === '' ? { name: null, state: 'none' } : { name, state: 'shown' };
  }
}
