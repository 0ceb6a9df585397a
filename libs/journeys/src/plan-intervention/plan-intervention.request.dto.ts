import { OccurredAt } from '../http/occurred-at';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { INTERVENTION_TYPES } from '../vocabulary';
import type { InterventionType } from '../vocabulary';

/** Body of the request that plans an intervention; participant and journey come from the path. */
export class PlanInterventionRequestDto {
  @ApiProperty({
    description: 'New id for the intervention, chosen by the client so that a retried request plans only once (UUID v4)',
    format: 'uuid',
    example: '8d9facb2-4b00-4e78-8114-54ac0e39eab2',
  })
  @IsUUID('4')
  interventionId!: string;

  @ApiProperty({ description: 'What kind of intervention', enum: INTERVENTION_TYPES, example: 'arbetstraning' })
  @IsIn(INTERVENTION_TYPES)
  type!: InterventionType;

  @ApiProperty({
    description: 'The organisation that delivers the intervention; it may be in another municipality',
    format: 'uuid',
    example: '0576e62a-0a63-4319-a761-59563f189e30',
  })
  @IsUUID()
  providerOrganisationId!: string;

  @ApiPropertyOptional({
    description: 'The active track enrolment the intervention belongs to; leave out for an intervention outside any track',
    format: 'uuid',
    example: '00956676-1780-4471-960b-5f74a3c0e533',
  })
  @IsOptional()
  @IsUUID()
  enrolmentId?: string;

  @OccurredAt(
    'When the intervention was planned (ISO 8601 date-time with offset); defaults to now. Never in the future, never before the journey opened.',
    '2025-01-21T08:00:00Z',
  )
  occurredAt?: string;
}
