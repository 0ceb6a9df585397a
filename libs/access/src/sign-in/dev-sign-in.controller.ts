import { Body, Controller, Get, Header, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { DEV_ACCOUNTS, DEV_SIGNING_KEY } from './access.tokens';
import { signDevToken } from './dev-signing-key';
import type { DevSigningKey } from './dev-signing-key';
import { PERMISSIONS, ROLES, principalFromClaims } from './principal';
import type { Permission, Role } from './principal';
import { Public } from './sign-in.decorators';

/** What the development sign-in page offers: the organisations, units and caseworkers of the demo region. */
export interface DevAccounts {
  readonly roles: readonly Role[];
  readonly organisations: ReadonlyArray<{
    readonly organisationId: string;
    readonly name: string;
    readonly kind: string;
    readonly municipalityCode: string;
    readonly units: ReadonlyArray<{ readonly unitId: string; readonly name: string }>;
    readonly caseworkers: ReadonlyArray<{ readonly userId: string; readonly unitId?: string }>;
  }>;
}

/** Eight hours: a working day, as `npm run token` gives. */
export const DEV_TOKEN_TTL_SECONDS = 8 * 3600;

export class DevTokenRequestDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;

  @ApiProperty({ type: [String], format: 'uuid', maxItems: 20, description: 'The organisations the user acts for' })
  @IsArray()
  @ArrayMinSize(0)
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  organisationIds!: string[];

  @ApiProperty({ required: false, maxLength: 255, description: 'The user id (sub); dev-<role> when left out' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  userId?: string;

  @ApiProperty({ required: false, maxLength: 255 })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  unitId?: string;

  @ApiProperty({ required: false, enum: PERMISSIONS, isArray: true })
  @IsOptional()
  @IsArray()
  @IsIn(PERMISSIONS, { each: true })
  permissions?: Permission[];
}

export class DevTokenDto {
  @ApiProperty()
  accessToken!: string;
  @ApiProperty({ enum: ['Bearer'] })
  tokenType!: 'Bearer';
  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;
}

/**
 * Development mode only, like the JWKS: the web app's sign-in page. Registered only while no identity provider
 * is configured, which the configuration never allows with NODE_ENV=production, so it is absent there.
 */
@ApiTags('sign-in')
@Controller('api/v1/sign-in/development')
export class DevSignInController {
  constructor(
    @Inject(DEV_SIGNING_KEY) private readonly key: DevSigningKey,
    @Inject(DEV_ACCOUNTS) private readonly accounts: () => DevAccounts,
  ) {}

  @Get('accounts')
  @Public()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    operationId: 'listDevelopmentAccounts',
    summary: 'Roles and demo organisations to sign in as (development mode only)',
    description:
      'For the web app’s development sign-in page: the roles, and the demo region’s organisations and caseworkers. Absent (404) when the api signs in through an identity provider.',
    security: [],
  })
  @ApiOkResponse({
    description: 'The roles, and the demo organisations with their units and caseworkers',
    schema: {
      type: 'object',
      required: ['roles', 'organisations'],
      properties: {
        roles: { type: 'array', items: { type: 'string' } },
        organisations: {
          type: 'array',
          items: {
            type: 'object',
            required: ['organisationId', 'name', 'kind', 'municipalityCode', 'units', 'caseworkers'],
            properties: {
              organisationId: { type: 'string', format: 'uuid' },
              name: { type: 'string' },
              kind: { type: 'string' },
              municipalityCode: { type: 'string' },
              units: { type: 'array', items: { type: 'object' } },
              caseworkers: { type: 'array', items: { type: 'object' } },
            },
          },
        },
      },
    },
  })
  list(): DevAccounts {
    return this.accounts();
  }

  @Post('token')
  @Public()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    operationId: 'signInForDevelopment',
    summary: 'A token signed with the development key (development mode only; absent with an identity provider)',
    description:
      'Signs an 8-hour token for the chosen role and organisation with the development key in DATA_DIR, as `npm run token` does. Absent (404) when the api signs in through an identity provider.',
    security: [],
  })
  @ApiOkResponse({ type: DevTokenDto })
  @ApiResponse({
    status: 401,
    description: 'The sign-in would make a token the api refuses (for example a caseworker with no organisation)',
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetailsDto' } } },
  })
  async token(@Body() body: DevTokenRequestDto): Promise<DevTokenDto> {
    // The same checks the guard makes on every token, so a page cannot mint one the api would then refuse.
    const principal = principalFromClaims({
      sub: body.userId ?? `dev-${body.role}`,
      role: body.role,
      organisations: body.organisationIds,
      ...(body.unitId !== undefined ? { unit: body.unitId } : {}),
      ...(body.permissions !== undefined ? { permissions: body.permissions } : {}),
    });
    const now = new Date();
    const accessToken = await signDevToken(this.key, principal, { ttlSeconds: DEV_TOKEN_TTL_SECONDS, now });
    const expiresAt = new Date(Math.floor(now.getTime() / 1000) * 1000 + DEV_TOKEN_TTL_SECONDS * 1000).toISOString();
    return { accessToken, tokenType: 'Bearer', expiresAt };
  }
}
