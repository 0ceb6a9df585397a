import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsRFC3339, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { NAME_MAX_LENGTH } from '../organisation';
import { DEFAULT_REFERRAL_DEADLINE_DAYS, ORGANISATION_KINDS } from '../vocabulary';
import type { OrganisationKind } from '../vocabulary';
import {
  MUNICIPALITY_CODE,
  REFERRAL_DEADLINE_DAYS_MAX,
  REFERRAL_DEADLINE_DAYS_MIN,
  RegisterOrganisation,
} from './register-organisation';

export class RegisterOrganisationRequestDto {
  @ApiProperty({ format: 'uuid', description: 'Chosen by the client (UUID v4), so that a retry registers nothing twice' })
  @IsUUID('4')
  organisationId!: string;

  @ApiProperty({ minLength: 1, maxLength: NAME_MAX_LENGTH, example: 'Arbetsmarknadsenheten, Eskilstuna kommun' })
  @IsString()
  @Length(1, NAME_MAX_LENGTH)
  name!: string;

  @ApiProperty({ enum: ORGANISATION_KINDS, example: 'labour_market_unit' })
  @IsIn(ORGANISATION_KINDS)
  kind!: OrganisationKind;

  @ApiProperty({ pattern: MUNICIPALITY_CODE.source, example: '0484', description: 'Kommunkod, 4 digits' })
  @IsString()
  @Matches(MUNICIPALITY_CODE)
  municipalityCode!: string;

  @ApiPropertyOptional({
    minimum: REFERRAL_DEADLINE_DAYS_MIN,
    maximum: REFERRAL_DEADLINE_DAYS_MAX,
    default: DEFAULT_REFERRAL_DEADLINE_DAYS,
    description: 'Days a referral to this organisation may wait for an answer before it expires',
  })
  @IsOptional()
  @IsInt()
  @Min(REFERRAL_DEADLINE_DAYS_MIN)
  @Max(REFERRAL_DEADLINE_DAYS_MAX)
  referralDeadlineDays?: number;

  @ApiPropertyOptional({ format: 'date-time', description: 'When it happened; defaults to when it is recorded' })
  @IsOptional()
  @IsRFC3339()
  occurredAt?: string;

  /** Ids in lower case: stream names compare as text, and sign-in lower-cases the organisations of a token. */
  toCommand(): RegisterOrganisation {
    return {
      kind: 'RegisterOrganisation',
      organisationId: this.organisationId.toLowerCase(),
      name: this.name,
      organisationKind: this.kind,
      municipalityCode: this.municipalityCode,
      ...(this.referralDeadlineDays !== undefined ? { referralDeadlineDays: this.referralDeadlineDays } : {}),
    };
  }
}
