import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type, Transform } from 'class-transformer';
import { IsISO8601, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { lowerCased } from '@samspar/kernel';
import { AUDIT_QUERY_MAX_LIMIT } from './postgres-audit-log';

// A day (UTC midnight, as reports take it) or an instant with its offset, never a local time that could mean two.
const INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;
const INSTANT_MESSAGE = 'must be a date (YYYY-MM-DD) or an ISO 8601 date-time with an offset';

/** An admin's search of the audit log; every filter is optional and they combine. */
export class AuditQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Acts on this participant' })
  @IsOptional()
  @IsUUID('all')
  participantId?: string;

  @ApiPropertyOptional({ description: 'Acts by this user (the token’s sub), or `anonymous`' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  userId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Acts for this organisation' })
  @IsOptional()
  @Transform(lowerCased)
  @IsUUID('all')
  organisationId?: string;

  @ApiPropertyOptional({ description: 'From, inclusive: a date (UTC) or a date-time with an offset', example: '2026-01-01' })
  @IsOptional()
  @Matches(INSTANT, { message: `from ${INSTANT_MESSAGE}` })
  @IsISO8601({ strict: true }, { message: `from ${INSTANT_MESSAGE}` })
  from?: string;

  @ApiPropertyOptional({ description: 'To, exclusive: a date (UTC) or a date-time with an offset', example: '2026-02-01' })
  @IsOptional()
  @Matches(INSTANT, { message: `to ${INSTANT_MESSAGE}` })
  @IsISO8601({ strict: true }, { message: `to ${INSTANT_MESSAGE}` })
  to?: string;

  @ApiPropertyOptional({ description: 'Only entries older than this id: the nextBefore of the previous page' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  before?: number;

  @ApiPropertyOptional({ description: `At most this many, newest first (default 1000)`, maximum: AUDIT_QUERY_MAX_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(AUDIT_QUERY_MAX_LIMIT)
  limit?: number;
}
