/** The TokenVerifier the guard uses: a remote JWKS in production, the local key in development. */
export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');
/** Present only in development mode. */
export const DEV_SIGNING_KEY = Symbol('DEV_SIGNING_KEY');
/** Development mode: what the sign-in page lists (the composition root supplies the demo region's). */
export const DEV_ACCOUNTS = Symbol('DEV_ACCOUNTS');
/** What GET /api/v1/sign-in/config answers. */
export const SIGN_IN_CONFIG = Symbol('SIGN_IN_CONFIG');
