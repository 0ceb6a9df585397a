import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsOptional, IsRFC3339, IsString, IsUUID, Length } from 'class-validator';
import { NAME_MAX_LENGTH } from '../organisation';
import { MAX_EMPLOYERS, OCCUPATION_MAX_LENGTH } from '../track';
import { TRACK_KINDS } from '../vocabulary';
import type { TrackKind } from '../vocabulary';
import { DefineTrack } from './define-track';

export class DefineTrackRequestDto {
  @ApiProperty({ format: 'uuid', description: 'Chosen by the client (UUID v4), so that a retry defines nothing twice' })
  @IsUUID('4')
  trackId!: string;

  @ApiProperty({ minLength: 1, maxLength: NAME_MAX_LENGTH, example: 'Jobbspår vård och omsorg' })
  @IsString()
  @Length(1, NAME_MAX_LENGTH)
  name!: string;

  @ApiProperty({ enum: TRACK_KINDS, example: 'job_track' })
  @IsIn(TRACK_KINDS)
  kind!: TrackKind;

  @ApiProperty({ format: 'uuid', description: 'The organisation that runs the track; must be in the catalogue' })
  @IsUUID('4')
  ownerOrganisationId!: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: MAX_EMPLOYERS,
    description: 'At least one for a job_track, none for any other kind; each must be in the catalogue',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_EMPLOYERS)
  @ArrayUnique()
  @IsUUID('4', { each: true })
  employerOrganisationIds?: string[];

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: OCCUPATION_MAX_LENGTH,
    example: '5321',
    description: 'An SSYK code or the occupation in words; required for a job_track',
  })
  @IsOptional()
  @IsString()
  @Length(1, OCCUPATION_MAX_LENGTH)
  occupation?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When it happened; defaults to when it is recorded' })
  @IsOptional()
  @IsRFC3339()
  occurredAt?: string;

  /** Ids in lower case, as stream names and lookups compare them as text. */
  // `!= null`: @IsOptional() lets null through as well as undefined, and null means left out.
  toCommand(): DefineTrack {
    return {
      kind: 'DefineTrack',
      trackId: this.trackId.toLowerCase(),
      name: this.name,
      trackKind: this.kind,
      ownerOrganisationId: this.ownerOrganisationId.toLowerCase(),
      ...(this.employerOrganisationIds != null
        ? { employerOrganisationIds: this.employerOrganisationIds.map((id) => id.toLowerCase()) }
        : {}),
      ...(this.occupation != null ? { occupation: this.occupation } : {}),
    };
  }
}
