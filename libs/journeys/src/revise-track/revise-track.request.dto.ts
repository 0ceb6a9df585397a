import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsOptional, IsRFC3339, IsString, IsUUID, Length } from 'class-validator';
import { NAME_MAX_LENGTH } from '../organisation';
import { MAX_EMPLOYERS, OCCUPATION_MAX_LENGTH } from '../track';
import { ReviseTrack } from './revise-track';

/** The track comes from the path. Name at least one field; what is left out stays as it is. */
export class ReviseTrackRequestDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: NAME_MAX_LENGTH, example: 'Jobbspår äldreomsorg' })
  @IsOptional()
  @IsString()
  @Length(1, NAME_MAX_LENGTH)
  name?: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: MAX_EMPLOYERS,
    description: 'The whole new list; at least one for a job_track, none for any other kind',
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
    description: 'An SSYK code or the occupation in words',
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
  toCommand(trackId: string): ReviseTrack {
    return {
      kind: 'ReviseTrack',
      trackId: trackId.toLowerCase(),
      ...(this.name != null ? { name: this.name } : {}),
      ...(this.employerOrganisationIds != null
        ? { employerOrganisationIds: this.employerOrganisationIds.map((id) => id.toLowerCase()) }
        : {}),
      ...(this.occupation != null ? { occupation: this.occupation } : {}),
    };
  }
}
