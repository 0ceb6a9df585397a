/** The TokenVerifier the guard uses: a remote JWKS in production, the local key in development. */
export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');
/** Present only in development mode. */
export const DEV_SIGNING_KEY = Symbol('DEV_SIGNING_KEY');
