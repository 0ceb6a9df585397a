import { createLocalJWKSet, createRemoteJWKSet, jwtVerify } from 'jose';
import type { JWTVerifyGetKey } from 'jose';
import { DEV_AUDIENCE, DEV_ISSUER, DevSigningKey } from './dev-signing-key';
import { Principal, principalFromClaims } from './principal';
import { SignInUnavailableError, UnauthenticatedError } from './sign-in.errors';

/** Asymmetric only: with HS* anyone holding the public key could sign, and `none` is no signature at all. */
export const ACCEPTED_ALGORITHMS = ['RS256', 'ES256', 'EdDSA'] as const;
/** Room for clocks that disagree a little, not enough to stretch a token's life. */
export const CLOCK_TOLERANCE_SECONDS = 5;
const JWKS_TIMEOUT_MS = 5_000;
/** Far above any real token; stops a client from making us parse megabytes. */
const MAX_TOKEN_LENGTH = 16_384;

export interface IdentityProvider {
  /** The provider's `jwks_uri`. */
  readonly jwksUrl: string;
  readonly issuer: string;
  readonly audience: string;
}

const VERIFIED_FOR_MS = 5 * 60_000;
const MAX_VERIFIED = 10_000;

/** Turns a bearer token into a Principal, or says in one client-safe sentence why it cannot. */
export class TokenVerifier {
  // Checking an ES256 or RS256 signature costs more than the rest of a command; a token verified once
  // is trusted until it expires, or for a few minutes, so a withdrawn key stops working soon after.
  private readonly verified = new Map<string, { readonly principal: Principal; readonly until: number }>();

  private constructor(
    private readonly keys: JWTVerifyGetKey,
    private readonly issuer: string,
    private readonly audience: string,
  ) {}

  /** Any OIDC provider: its keys are fetched when first needed and again when it rotates them. */
  static forIdentityProvider(provider: IdentityProvider): TokenVerifier {
    const keys = createRemoteJWKSet(new URL(provider.jwksUrl), { timeoutDuration: JWKS_TIMEOUT_MS });
    return new TokenVerifier(keys, provider.issuer, provider.audience);
  }

  /** Development mode: the same checks, against the local key instead of a provider's. */
  static forDevelopmentKey(key: DevSigningKey): TokenVerifier {
    return new TokenVerifier(createLocalJWKSet({ keys: [key.publicJwk] }), DEV_ISSUER, DEV_AUDIENCE);
  }

  async verify(token: string, now: number = Date.now()): Promise<Principal> {
    if (token.length > MAX_TOKEN_LENGTH) throw invalid('The token is longer than any Samspår accepts.');
    const known = this.verified.get(token);
    if (known && known.until > now) return known.principal;
    if (known) this.verified.delete(token);
    let claims: Record<string, unknown>;
    try {
      ({ payload: claims } = await jwtVerify(token, this.keys, {
        issuer: this.issuer,
        audience: this.audience,
        algorithms: [...ACCEPTED_ALGORITHMS],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        currentDate: new Date(now),
        // Without exp a stolen token would work for ever.
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      throw explain(error);
    }
    const principal = principalFromClaims(claims);
    this.remember(token, principal, Math.min(Number(claims.exp) * 1000, now + VERIFIED_FOR_MS));
    return principal;
  }

  private remember(token: string, principal: Principal, until: number): void {
    if (this.verified.size >= MAX_VERIFIED) {
      // Oldest first: Map keeps insertion order.
      const oldest = this.verified.keys().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }
    this.verified.set(token, { principal, until });
  }
}

/**
 * jose's reasons, told without internals: the client learns what to fix, never which key or
 * issuer we expected. Compared by code, since jose's error classes may come from another realm in tests.
 */
function explain(error: unknown): Error {
  const { code, claim } = (error ?? {}) as { code?: unknown; claim?: unknown };
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return invalid('The token has expired; sign in again.');
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      if (claim === 'nbf') return invalid('The token is not valid yet; check the clock of the system that issued it.');
      if (claim === 'iss' || claim === 'aud') return invalid('The token was not issued for Samspår.');
      if (claim === 'exp') return invalid('The token has no expiry (exp); Samspår accepts only tokens that expire.');
      return invalid('The token has a claim that is missing or not valid.');
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return invalid(`The token is not signed with an algorithm Samspår accepts (${ACCEPTED_ALGORITHMS.join(', ')}).`);
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return invalid('The token signature could not be verified.');
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
      return invalid('The token is not a well-formed JWT.');
    default:
      // Timeouts, an unreachable or broken JWKS endpoint, or a key we cannot use: nothing the client can fix.
      return new SignInUnavailableError('The keys of the identity provider could not be fetched or used.', { cause: error });
  }
}

function invalid(detail: string): UnauthenticatedError {
  return new UnauthenticatedError('invalid_token', detail);
}
