import type { UserManager } from 'oidc-client-ts';

export interface ProviderSettings {
  readonly issuer: string;
  readonly clientId: string;
}

export const CALLBACK_PATH = '/inloggning/klar';

let manager: Promise<UserManager> | undefined;

/**
 * OpenID Connect, authorization code with PKCE (oidc-client-ts's default for response_type=code). Loaded only
 * when a provider is configured, so development and the first page need none of it.
 */
export function userManager(settings: ProviderSettings): Promise<UserManager> {
  manager ??= import('oidc-client-ts').then(
    ({ UserManager, WebStorageStateStore }) =>
      new UserManager({
        authority: settings.issuer,
        client_id: settings.clientId,
        redirect_uri: `${location.origin}${CALLBACK_PATH}`,
        post_logout_redirect_uri: `${location.origin}/`,
        response_type: 'code',
        scope: 'openid profile',
        userStore: new WebStorageStateStore({ store: sessionStorage }),
        automaticSilentRenew: false,
      }),
  );
  return manager;
}
