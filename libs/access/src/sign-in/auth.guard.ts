import { IncomingMessage } from 'node:http';
import { CanActivate, ExecutionContext, Inject, Injectable, Logger, Optional, ServiceUnavailableException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError } from '@samspar/kernel';
import { purposeOf } from '../audit/audit-policy';
import { AuditTrail, AuditedRequest } from '../audit/audit-trail';
import { TOKEN_VERIFIER } from './access.tokens';
import type { Role } from './principal';
import { rememberPrincipal } from './request-principal';
import { IS_PUBLIC, REQUIRED_ROLES } from './sign-in.decorators';
import { SignInUnavailableError, UnauthenticatedError } from './sign-in.errors';
import { TokenVerifier } from './token-verifier';
import { UserDirectory } from '../users/user-directory';

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/** Registered as APP_GUARD: every route needs a valid bearer token unless it is @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
    // Absent where no AuditModule is imported (tools, tests of sign-in alone).
    @Optional() private readonly audit?: AuditTrail,
    @Optional() private readonly users?: UserDirectory,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuditedRequest>();
    try {
      return await this.authorise(request, targets);
    } catch (error) {
      // A refusal here never reaches the audit interceptor, so it is recorded on the way out.
      const status = error instanceof UnauthenticatedError ? 401 : error instanceof ForbiddenError ? 403 : undefined;
      if (status !== undefined && this.audit?.coversDenials(request)) {
        await this.audit.record(request, { action: 'denied', outcome: String(status), purpose: purposeIfValid(request) });
      }
      throw error;
    }
  }

  private async authorise(request: IncomingMessage, targets: Parameters<Reflector['getAllAndOverride']>[1]): Promise<boolean> {
    const principal = await this.verifier.verify(bearerTokenOf(request)).catch((error: unknown) => {
      if (!(error instanceof SignInUnavailableError)) throw error;
      this.logger.error({ err: error.cause ?? error }, 'Could not check a token against the identity provider');
      throw new ServiceUnavailableException('Sign-in cannot be checked right now; try again in a minute.');
    });
    rememberPrincipal(request, principal);
    // A name not kept costs a list its label, never the request.
    await this.users?.remember(principal).catch((error: unknown) => {
      this.logger.warn({ err: error }, 'Could not keep the signed-in user’s display name');
    });
    const roles = this.reflector.getAllAndOverride<readonly Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !roles.includes(principal.role)) {
      throw new ForbiddenError(
        'role-not-allowed',
        `This needs the role ${roles.join(' or ')}; you are signed in as ${principal.role}.`,
      );
    }
    return true;
  }
}

function bearerTokenOf(request: IncomingMessage): string {
  const header = request.headers.authorization;
  if (header === undefined || header.trim() === '') {
    throw new UnauthenticatedError('missing', 'Sign in first: send the header Authorization: Bearer <token>.');
  }
  const match = BEARER.exec(header.trim());
  if (!match) {
    throw new UnauthenticatedError('invalid_token', 'The Authorization header must be Bearer followed by one token.');
  }
  return match[1]!;
}

function purposeIfValid(request: IncomingMessage): string | undefined {
  try {
    return purposeOf(request.headers);
  } catch {
    return undefined;
  }
}
