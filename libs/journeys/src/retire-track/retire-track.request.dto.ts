import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsRFC3339, IsString, Matches } from 'class-validator';
import { RETIRE_REASON, RetireTrack } from './retire-track';

/** The track comes from the path. */
export class RetireTrackRequestDto {
  @ApiPropertyOptional({
    pattern: RETIRE_REASON.source,
    example: 'funding_ended',
    description: 'A code, never free text: it is kept for ever and must hold no personal data',
  })
  @IsOptional()
  @IsString()
  @Matches(RETIRE_REASON)
  reason?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When it happened; defaults to when it is recorded' })
  @IsOptional()
  @IsRFC3339()
  occurredAt?: string;

  toCommand(trackId: string): RetireTrack {
    return { kind: 'RetireTrack', trackId: trackId.toLowerCase(), ...(this.reason !== undefined ? { reason: this.reason } : {}) };
  }
}
