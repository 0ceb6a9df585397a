import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { SIGN_IN_CONFIG } from './access.tokens';
import { Public } from './sign-in.decorators';

/** How the web app signs in: with the development page, or OpenID Connect (code + PKCE) at the provider. */
export class SignInConfigDto {
  @ApiProperty({ enum: ['development', 'identity-provider'] })
  mode!: 'development' | 'identity-provider';
  @ApiProperty({ required: false, description: 'The OpenID Connect issuer (AUTH_ISSUER)' })
  issuer?: string;
  @ApiProperty({ required: false, description: "The web app's client id at the provider (AUTH_WEB_CLIENT_ID)" })
  clientId?: string;
  @ApiProperty({ required: false, description: 'The audience the api expects (AUTH_AUDIENCE)' })
  audience?: string;
}

@ApiTags('sign-in')
@Controller('api/v1/sign-in')
export class SignInConfigController {
  constructor(@Inject(SIGN_IN_CONFIG) private readonly config: SignInConfigDto) {}

  @Get('config')
  @Public()
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({
    operationId: 'getSignInConfig',
    summary: 'How the web app signs in; public, no secrets',
    description:
      'Development sign-in, or OpenID Connect (authorization code with PKCE) with the issuer and the web app’s client id.',
    security: [],
  })
  @ApiOkResponse({ type: SignInConfigDto })
  read(): SignInConfigDto {
    return this.config;
  }
}
