import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsRFC3339, IsString, IsUUID, Length } from 'class-validator';
import { NAME_MAX_LENGTH } from '../organisation';
import { AddUnit } from './add-unit';

/** The organisation comes from the path. */
export class AddUnitRequestDto {
  @ApiProperty({ format: 'uuid', description: 'Chosen by the client (UUID v4), so that a retry adds nothing twice' })
  @IsUUID('4')
  unitId!: string;

  @ApiProperty({
    minLength: 1,
    maxLength: NAME_MAX_LENGTH,
    example: 'Jobbtorget',
    description: 'Unique within the organisation, ignoring case',
  })
  @IsString()
  @Length(1, NAME_MAX_LENGTH)
  name!: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When it happened; defaults to when it is recorded' })
  @IsOptional()
  @IsRFC3339()
  occurredAt?: string;

  /** Ids in lower case, as stream names and lookups compare them as text. */
  toCommand(organisationId: string): AddUnit {
    return { kind: 'AddUnit', organisationId: organisationId.toLowerCase(), unitId: this.unitId.toLowerCase(), name: this.name };
  }
}
