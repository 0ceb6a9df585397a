import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { ORGANISATION_KINDS, TRACK_KINDS } from '@samspar/journeys';
import type { OrganisationKind, TrackKind } from '@samspar/journeys';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../paging/cursor';
import { ReferralListQueryDto } from '../referral-inbox/referral-list.request.dto';

/** Cursor paging, as every list of the catalogue and the work lists takes it, with read-your-writes. */
export class PageQueryDto extends ReferralListQueryDto {
  @ApiPropertyOptional({ description: `At most this many (default ${DEFAULT_PAGE_SIZE})`, minimum: 1, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `next` of the page before, unchanged; the first page without it' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  cursor?: string;
}

// Query strings carry text: only the exact words count as a boolean, so that `active=yes` is refused, not read as true.
const booleanText = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

export class OrganisationListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Part of the name, in any case', example: 'arbetsmarknad' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ enum: ORGANISATION_KINDS })
  @IsOptional()
  @IsIn(ORGANISATION_KINDS)
  kind?: OrganisationKind;

  @ApiPropertyOptional({ description: 'Kommunkod, 4 digits', example: '0484' })
  @IsOptional()
  @Matches(/^\d{4}$/, { message: 'municipality must be a kommunkod of 4 digits' })
  municipality?: string;
}

export class TrackListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only tracks this organisation owns' })
  @IsOptional()
  @IsUUID()
  ownerOrganisationId?: string;

  @ApiPropertyOptional({ enum: TRACK_KINDS })
  @IsOptional()
  @IsIn(TRACK_KINDS)
  kind?: TrackKind;

  @ApiPropertyOptional({ type: Boolean, description: 'true: tracks open for enrolment; false: retired ones' })
  @IsOptional()
  @Transform(booleanText)
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;
}

export class UnitDto {
  @ApiProperty({ description: 'The unit id the organisation gave it' })
  unitId!: string;
  @ApiProperty()
  name!: string;
}

export class OrganisationDto {
  @ApiProperty({ format: 'uuid' })
  organisationId!: string;
  @ApiProperty()
  name!: string;
  @ApiProperty({ enum: ORGANISATION_KINDS })
  kind!: string;
  @ApiProperty({ description: 'Kommunkod, 4 digits', example: '0484' })
  municipalityCode!: string;
  @ApiProperty({ description: 'Days a referral to it may wait for an answer before it expires' })
  referralDeadlineDays!: number;
  @ApiProperty({ format: 'date-time' })
  registeredAt!: string;
}

export class OrganisationDetailDto extends OrganisationDto {
  @ApiProperty({ type: [UnitDto] })
  units!: UnitDto[];
}

export class OrganisationPageDto {
  @ApiProperty({ type: [OrganisationDto], description: 'By name, then id' })
  items!: OrganisationDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last page' })
  next!: string | null;
}

export class TrackDto {
  @ApiProperty({ format: 'uuid' })
  trackId!: string;
  @ApiProperty()
  name!: string;
  @ApiProperty({ enum: TRACK_KINDS })
  kind!: string;
  @ApiProperty({ format: 'uuid' })
  ownerOrganisationId!: string;
  @ApiProperty({ type: String, format: 'uuid', isArray: true })
  employerOrganisationIds!: string[];
  @ApiProperty({ type: String, nullable: true })
  occupation!: string | null;
  @ApiProperty({ description: 'False once the track is retired: no new enrolments' })
  active!: boolean;
  @ApiProperty({ format: 'date-time' })
  definedAt!: string;
}

export class TrackRevisionDto {
  @ApiProperty({ description: "The revision's place in the track's stream" })
  revision!: number;
  @ApiProperty({ format: 'date-time' })
  revisedAt!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The new name; null when unchanged' })
  name!: string | null;
  @ApiProperty({ type: String, format: 'uuid', isArray: true, nullable: true, description: 'null when unchanged' })
  employerOrganisationIds!: string[] | null;
  @ApiProperty({ type: String, nullable: true, description: 'null when unchanged' })
  occupation!: string | null;
}

export class TrackDetailDto extends TrackDto {
  @ApiProperty({ type: [TrackRevisionDto], description: 'Oldest first' })
  revisions!: TrackRevisionDto[];
}

export class TrackPageDto {
  @ApiProperty({ type: [TrackDto], description: 'By name, then id' })
  items!: TrackDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last page' })
  next!: string | null;
}
