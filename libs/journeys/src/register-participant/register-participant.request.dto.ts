import { ApiProperty } from '@nestjs/swagger';
import {
  IsBoolean,
  IsDefined,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsRFC3339,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
  ValidationArguments,
} from 'class-validator';
import { EDUCATION_BANDS, type EducationBand, GENDERS, type Gender } from '../vocabulary';
import { EARLIEST_BIRTH_YEAR } from './register-participant';

const ANONYMOUS_REASONS = ['no_consent', 'protected_identity'] as const;

const isAnonymous = (args: ValidationArguments): boolean => (args.object as RegisterParticipantRequestDto).anonymous === true;

/** Personal data has no place in an anonymous registration: the person is to stay unidentified. */
const NotWhenAnonymous = () =>
  ValidateBy({
    name: 'notWhenAnonymous',
    validator: {
      validate: (_value: unknown, args?: ValidationArguments) => args === undefined || !isAnonymous(args),
      defaultMessage: (args?: ValidationArguments) => `${args?.property} is not recorded for an anonymous participant`,
    },
  });

/** The opposite: these belong to an anonymous registration only. */
const OnlyWhenAnonymous = (why: string) =>
  ValidateBy({
    name: 'onlyWhenAnonymous',
    validator: {
      validate: (_value: unknown, args?: ValidationArguments) => args === undefined || isAnonymous(args),
      defaultMessage: (args?: ValidationArguments) => `${args?.property} is given only for an anonymous participant: ${why}`,
    },
  });

// Checked when the participant is identified (required then) or whenever the client sent it (to be refused).
const ForIdentified = () =>
  ValidateIf((dto: RegisterParticipantRequestDto, value: unknown) => dto.anonymous !== true || value !== undefined);
const ForAnonymous = () =>
  ValidateIf((dto: RegisterParticipantRequestDto, value: unknown) => dto.anonymous === true || value !== undefined);
const WhenGiven = () => ValidateIf((_dto: unknown, value: unknown) => value !== undefined);

/**
 * The HTTP body of a registration. Only shapes are checked here; the service parses the personnummer
 * (check digit and date), seals the personal data and hashes the number before the decider sees it.
 */
export class RegisterParticipantRequestDto {
  @ApiProperty({ description: 'Chosen by the client, so that a retried request cannot register twice', format: 'uuid' })
  @IsUUID('4')
  participantId!: string;

  @ApiProperty({
    required: false,
    description: 'Personnummer or samordningsnummer: YYYYMMDD-NNNC, YYMMDD-NNNC or YYMMDD+NNNC. Required unless anonymous.',
    maxLength: 13,
  })
  @ForIdentified()
  @IsDefined()
  @IsString()
  @MaxLength(13)
  @NotWhenAnonymous()
  personnummer?: string;

  @ApiProperty({ required: false, maxLength: 100 })
  @WhenGiven()
  @IsString()
  @Length(1, 100)
  @NotWhenAnonymous()
  firstName?: string;

  @ApiProperty({ required: false, maxLength: 100 })
  @WhenGiven()
  @IsString()
  @Length(1, 100)
  @NotWhenAnonymous()
  lastName?: string;

  @ApiProperty({ required: false, description: 'Digits, spaces, parentheses, hyphens and a leading +', maxLength: 20 })
  @WhenGiven()
  @IsString()
  @Matches(/^\+?[0-9][0-9 ()-]{4,19}$/, { message: 'phone must be a phone number' })
  @NotWhenAnonymous()
  phone?: string;

  @ApiProperty({ required: false, format: 'email', maxLength: 254 })
  @WhenGiven()
  @IsString()
  @MaxLength(254)
  @IsEmail()
  @NotWhenAnonymous()
  email?: string;

  @ApiProperty({ required: false, default: false, description: 'Registered with only statistical attributes' })
  @IsOptional()
  @IsBoolean()
  anonymous?: boolean;

  @ApiProperty({ required: false, enum: ANONYMOUS_REASONS, description: 'Required when anonymous' })
  @ForAnonymous()
  @IsDefined()
  @IsIn(ANONYMOUS_REASONS)
  @OnlyWhenAnonymous('it says why there is no identity')
  anonymousReason?: (typeof ANONYMOUS_REASONS)[number];

  @ApiProperty({
    required: false,
    default: false,
    description: 'Skyddade personuppgifter; such a participant is registered anonymously for protected_identity',
  })
  @IsOptional()
  @IsBoolean()
  protectedIdentity?: boolean;

  @ApiProperty({ enum: GENDERS, description: 'As in ESF+ reporting' })
  @IsIn(GENDERS)
  gender!: Gender;

  @ApiProperty({
    required: false,
    minimum: EARLIEST_BIRTH_YEAR,
    description: 'Required when anonymous; an identified participant gets it from the personnummer',
  })
  @ForAnonymous()
  @IsDefined()
  @IsInt()
  @Min(EARLIEST_BIRTH_YEAR)
  @OnlyWhenAnonymous('otherwise it comes from the personnummer')
  birthYear?: number;

  @ApiProperty()
  @IsBoolean()
  newlyArrived!: boolean;

  @ApiProperty({ enum: EDUCATION_BANDS, description: 'ISCED band' })
  @IsIn(EDUCATION_BANDS)
  educationBand!: EducationBand;

  @ApiProperty({ required: false, description: 'Kommunkod', pattern: '^\\d{4}$', example: '0484' })
  @IsOptional()
  @Matches(/^\d{4}$/, { message: 'homeMunicipality must be a kommunkod of 4 digits' })
  homeMunicipality?: string;

  @ApiProperty({ required: false, format: 'date-time', description: 'When it happened; defaults to now, never in the future' })
  @IsOptional()
  @IsRFC3339()
  occurredAt?: string;
}
