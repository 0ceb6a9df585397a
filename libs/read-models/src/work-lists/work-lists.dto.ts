import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../catalogue/catalogue.dto';

export const WORK_LIST_SCOPES = ['mine', 'unit', 'organisation'] as const;
export type WorkListScope = (typeof WORK_LIST_SCOPES)[number];
export const JOURNEY_STATES = ['open', 'closed'] as const;
/** `-` first: newest first. */
export const JOURNEY_SORTS = ['lastActivityAt', '-lastActivityAt', 'openedAt', '-openedAt'] as const;
export type JourneySort = (typeof JOURNEY_SORTS)[number];
export const TASK_KINDS = [
  'follow_up_1m',
  'follow_up_90d',
  'follow_up_6m',
  'referral_awaiting_answer',
  'referral_expiring',
  'idle_journey',
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
/** How a participant's name is shown: why it is missing when it is. */
export const NAME_STATES = ['shown', 'erased', 'anonymous', 'protected_identity', 'not_shared', 'none'] as const;
export type NameState = (typeof NAME_STATES)[number];

// Only the exact words count as a boolean, so that `idle=yes` is refused rather than read as true.
const booleanText = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

export class JourneyListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: WORK_LIST_SCOPES,
    default: 'mine',
    description:
      'mine: journeys you are the caseworker of; unit: your unit’s (the sign-in’s unit); organisation: every journey your organisation runs, and those shared with it by consent',
  })
  @IsOptional()
  @IsIn(WORK_LIST_SCOPES)
  scope?: WorkListScope;

  @ApiPropertyOptional({ enum: JOURNEY_STATES, description: 'Only open or only closed journeys; both without it' })
  @IsOptional()
  @IsIn(JOURNEY_STATES)
  status?: (typeof JOURNEY_STATES)[number];

  @ApiPropertyOptional({ type: Boolean, description: 'true: only idle journeys (open, no event for 30 days)' })
  @IsOptional()
  @Transform(booleanText)
  @IsBoolean({ message: 'idle must be true or false' })
  idle?: boolean;

  @ApiPropertyOptional({ type: Boolean, description: 'true: only journeys with a follow-up due (1 month, 90 days, 6 months)' })
  @IsOptional()
  @Transform(booleanText)
  @IsBoolean({ message: 'followUpDue must be true or false' })
  followUpDue?: boolean;

  @ApiPropertyOptional({ enum: JOURNEY_SORTS, default: 'lastActivityAt', description: 'A leading - sorts newest first' })
  @IsOptional()
  @IsIn(JOURNEY_SORTS)
  sort?: JourneySort;
}

export class TaskListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: WORK_LIST_SCOPES,
    default: 'organisation',
    description:
      'Whose journeys’ follow-ups and idle journeys: yours, your unit’s or your organisation’s. Referrals to your organisation are listed whatever the scope.',
  })
  @IsOptional()
  @IsIn(WORK_LIST_SCOPES)
  scope?: WorkListScope;

  @ApiPropertyOptional({ enum: TASK_KINDS, description: 'Only tasks of this kind' })
  @IsOptional()
  @IsIn(TASK_KINDS)
  kind?: TaskKind;
}

export class WorkListJourneyDto {
  @ApiProperty({ format: 'uuid' })
  journeyId!: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Null for skyddade personuppgifter, unless you hold that permission',
  })
  participantId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'First and last name, when nameState is shown' })
  participantName!: string | null;
  @ApiProperty({
    enum: NAME_STATES,
    description:
      'shown; erased (after gallring); anonymous (registered without identity); protected_identity (never in a list); not_shared (the registration is another organisation’s, shared by no consent); none (registered without a name)',
  })
  nameState!: NameState;
  @ApiProperty()
  protectedIdentity!: boolean;
  @ApiProperty({ format: 'uuid', description: 'The organisation that runs the journey' })
  organisationId!: string;
  @ApiProperty({ description: 'True when another organisation runs it and a consent shares it with yours' })
  shared!: boolean;
  @ApiProperty({ type: String, nullable: true })
  unitId!: string | null;
  @ApiProperty({ type: String, nullable: true })
  caseworkerId!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The name the caseworker signs in with; their id when none is known',
  })
  caseworkerName!: string | null;
  @ApiProperty({ enum: JOURNEY_STATES })
  status!: string;
  @ApiProperty({ format: 'date-time' })
  openedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  closedAt!: string | null;
  @ApiProperty({ format: 'date-time' })
  lastActivityAt!: string;
  @ApiProperty({ description: 'Open with no event for 30 days' })
  idle!: boolean;
  @ApiProperty({ description: 'Follow-ups (1 month, 90 days, 6 months) whose date has passed with no status recorded' })
  followUpsDue!: number;
  @ApiProperty({ type: String, nullable: true, description: 'The journey’s timeline; null when the participant id is hidden' })
  href!: string | null;
}

export class WorkListJourneyPageDto {
  @ApiProperty({ format: 'uuid', description: 'The organisation the list is for (X-Organisation-Id)' })
  organisationId!: string;
  @ApiProperty({ format: 'date-time' })
  asOf!: string;
  @ApiProperty({ type: [WorkListJourneyDto] })
  items!: WorkListJourneyDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last page' })
  next!: string | null;
}

export class TaskDto {
  @ApiProperty({ enum: TASK_KINDS })
  kind!: TaskKind;
  @ApiProperty({
    format: 'date-time',
    description: 'When it fell or falls due: follow-up date, referral deadline, or 30 days idle',
  })
  dueAt!: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Null for skyddade personuppgifter, unless you hold that permission',
  })
  participantId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  journeyId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The enrolment a follow-up is for' })
  enrolmentId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  referralId!: string | null;
  @ApiProperty({ type: String, nullable: true })
  caseworkerId!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The name the caseworker signs in with; their id when none is known',
  })
  caseworkerName!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'The api path to act on: POST a status for a follow-up, POST the acceptance (or …/decline) of a referral, GET the timeline of an idle journey. Null when it would name a hidden participant.',
  })
  href!: string | null;
}

export class TaskPageDto {
  @ApiProperty({ format: 'uuid', description: 'The organisation the list is for (X-Organisation-Id)' })
  organisationId!: string;
  @ApiProperty({ format: 'date-time' })
  asOf!: string;
  @ApiProperty({ type: [TaskDto], description: 'Earliest due first' })
  items!: TaskDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last page' })
  next!: string | null;
}
