import { ExecutionContext, HttpStatus, createParamDecorator } from '@nestjs/common';
import { Principal, principalOf } from '@samspar/access';
import { ProblemException, commandAttemptOf } from '@samspar/platform';
import type { CommandAttempt } from '@samspar/platform';
import { CommandContext } from '../command-handling';

export const ACTING_ORGANISATION_HEADER = 'X-Organisation-Id';

/** The signed-in user and the one organisation they act for in this request. */
export interface Acting {
  readonly principal: Principal;
  readonly organisationId?: string;
  /** Set for a command sent with an Idempotency-Key. */
  readonly attempt?: CommandAttempt;
}

/**
 * A user with one organisation acts for it; a user with several names one in X-Organisation-Id,
 * so that nothing is recorded for the wrong nämnd.
 */
export const ActingFor = createParamDecorator((_data: unknown, context: ExecutionContext): Acting => {
  const request = context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>();
  const principal = principalOf(request);
  if (!principal) throw new Error('@ActingFor() needs a signed-in route');
  const attempt = commandAttemptOf(request);
  const named = request.headers[ACTING_ORGANISATION_HEADER.toLowerCase()];
  if (named === undefined) {
    if (principal.organisationIds.length > 1) {
      throw new ProblemException(
        HttpStatus.BAD_REQUEST,
        'organisation-ambiguous',
        `You act for several organisations: name one in the ${ACTING_ORGANISATION_HEADER} header.`,
        ACTING_ORGANISATION_HEADER,
      );
    }
    return {
      principal,
      ...(principal.organisationIds[0] ? { organisationId: principal.organisationIds[0] } : {}),
      ...(attempt ? { attempt } : {}),
    };
  }
  // The sign-in's ids are in lower case; the header may spell the same id in upper case.
  const organisationId = typeof named === 'string' ? named.toLowerCase() : undefined;
  if (organisationId === undefined || !principal.organisationIds.includes(organisationId)) {
    throw new ProblemException(
      HttpStatus.FORBIDDEN,
      'not-your-organisation',
      `${ACTING_ORGANISATION_HEADER} must name one of the organisations in your sign-in.`,
      ACTING_ORGANISATION_HEADER,
    );
  }
  return { principal, organisationId, ...(attempt ? { attempt } : {}) };
});

/** The command's context: who acts, for which organisation, when it happened and when it is handled. */
export function commandContext(acting: Acting, occurredAt: string | undefined, now: Date = new Date()): CommandContext {
  const handledAt = now.toISOString();
  return {
    occurredAt: occurredAt ?? handledAt,
    now: handledAt,
    actor: {
      userId: acting.principal.userId,
      role: acting.principal.role,
      ...(acting.organisationId ? { organisationId: acting.organisationId } : {}),
    },
    permissions: acting.principal.permissions,
    ...(acting.attempt ? { attempt: acting.attempt } : {}),
  };
}
