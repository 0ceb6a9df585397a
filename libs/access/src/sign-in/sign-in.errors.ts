/**
 * The request does not prove who sent it. Not a kernel DomainError: it belongs to the HTTP edge,
 * where it becomes 401 with a `WWW-Authenticate: Bearer` challenge.
 */
export class UnauthenticatedError extends Error {
  constructor(
    /** RFC 6750: `missing` sends a bare challenge, `invalid_token` tells the client to get a new token. */
    readonly reason: 'missing' | 'invalid_token',
    message: string,
  ) {
    super(message);
    this.name = 'UnauthenticatedError';
  }
}

/** The identity provider's keys could not be fetched: our problem, not the client's (503, not 401). */
export class SignInUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SignInUnavailableError';
  }
}
