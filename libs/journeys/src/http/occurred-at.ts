import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsRFC3339 } from 'class-validator';

/**
 * The optional `occurredAt` of a command body: when it happened, as the caseworker states it; now when left
 * out. Strict ISO 8601 rejects impossible dates; RFC 3339 requires a time and an offset, so the instant is
 * unambiguous. Whether it may lie that far back is the decider's rule.
 */
export const OccurredAt = (description: string, example = '2025-03-28T15:00:00Z') =>
  applyDecorators(
    ApiPropertyOptional({ description, format: 'date-time', example }),
    IsOptional(),
    IsISO8601({ strict: true }),
    IsRFC3339(),
  );
