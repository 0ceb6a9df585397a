import { DynamicModule, Logger, Module, Provider } from '@nestjs/common';
import { DEV_ACCOUNTS, DEV_SIGNING_KEY, SIGN_IN_CONFIG, TOKEN_VERIFIER } from './access.tokens';
import { AuthGuard } from './auth.guard';
import { DevAccounts, DevSignInController } from './dev-sign-in.controller';
import { DevSigningKey, loadOrCreateDevSigningKey } from './dev-signing-key';
import { JwksController } from './jwks.controller';
import { ROLES } from './principal';
import { SignInConfigController, SignInConfigDto } from './sign-in-config.controller';
import { IdentityProvider, TokenVerifier } from './token-verifier';

/**
 * How tokens are checked. The configuration decides: an identity provider when AUTH_* are set,
 * otherwise (never in production) a development key kept in the data directory.
 */
export type SignInOptions =
  | ({ readonly mode: 'identity-provider'; readonly webClientId?: string } & IdentityProvider)
  | {
      readonly mode: 'development';
      readonly dataDir: string;
      /** What the development sign-in page lists; roles only when left out. */
      readonly accounts?: () => DevAccounts;
    };

/**
 * Provides AuthGuard. The app registers it as APP_GUARD, and UnauthenticatedFilter as APP_FILTER,
 * so that the composition root shows the order of the global filters.
 */
@Module({})
export class AccessModule {
  static forRoot(options: SignInOptions): DynamicModule {
    const providers: Provider[] =
      options.mode === 'identity-provider'
        ? [{ provide: TOKEN_VERIFIER, useValue: TokenVerifier.forIdentityProvider(options) }]
        : [
            { provide: DEV_SIGNING_KEY, useFactory: () => openDevSigningKey(options.dataDir) },
            {
              provide: TOKEN_VERIFIER,
              inject: [DEV_SIGNING_KEY],
              useFactory: (key: DevSigningKey) => TokenVerifier.forDevelopmentKey(key),
            },
            { provide: DEV_ACCOUNTS, useValue: options.accounts ?? (() => ({ roles: ROLES, organisations: [] })) },
          ];
    const signInConfig: SignInConfigDto =
      options.mode === 'identity-provider'
        ? {
            mode: 'identity-provider',
            issuer: options.issuer,
            audience: options.audience,
            clientId: options.webClientId ?? options.audience,
          }
        : { mode: 'development' };
    return {
      module: AccessModule,
      controllers: [SignInConfigController, ...(options.mode === 'development' ? [JwksController, DevSignInController] : [])],
      providers: [...providers, { provide: SIGN_IN_CONFIG, useValue: signInConfig }, AuthGuard],
      exports: [TOKEN_VERIFIER, AuthGuard],
    };
  }
}

async function openDevSigningKey(dataDir: string): Promise<DevSigningKey> {
  const key = await loadOrCreateDevSigningKey(dataDir);
  new Logger(AccessModule.name).warn(
    { keyFile: key.path, kid: key.kid, created: key.created },
    'Development sign-in: no AUTH_JWKS_URL, so tokens signed with the local key are accepted; mint one with npm run token',
  );
  return key;
}
