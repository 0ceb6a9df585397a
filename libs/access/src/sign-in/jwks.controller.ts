import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DEV_SIGNING_KEY } from './access.tokens';
import type { DevSigningKey } from './dev-signing-key';
import { Public } from './sign-in.decorators';

/** Development mode only: the public half of the local key, so other tools can check our tokens too. */
@ApiTags('sign-in')
@Controller('.well-known')
export class JwksController {
  constructor(@Inject(DEV_SIGNING_KEY) private readonly key: DevSigningKey) {}

  @Get('jwks.json')
  @Public()
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({
    operationId: 'getJwks',
    summary: 'The development signing key (served only when no identity provider is configured)',
    description:
      'The public key that signs development tokens (npm run token), as a JSON Web Key Set; 404 when an identity provider is configured.',
  })
  @ApiOkResponse({
    description: 'A JSON Web Key Set with the one public key',
    schema: {
      type: 'object',
      required: ['keys'],
      properties: {
        keys: { type: 'array', items: { type: 'object', required: ['kty'], properties: { kty: { type: 'string' } } } },
      },
    },
  })
  jwks() {
    return { keys: [this.key.publicJwk] };
  }
}
