import { HttpStatus, createParamDecorator } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';
import { principalOf } from '@samspar/access';
import type { Principal } from '@samspar/access';
import { ProblemException } from '@samspar/platform';

export const ACTING_ORGANISATION_HEADER = 'X-Organisation-Id';

/** The signed-in caseworker and the one organisation whose referrals they read. */
export interface ActingOrganisation {
  readonly principal: Principal;
  readonly organisationId: string;
}

/**
 * The journeys lib's rule (http/acting-for.ts), kept here because read models may not import its internals:
 * a user with one organisation acts for it; a user with several names one in X-Organisation-Id.
 */
export function actingOrganisation(principal: Principal, named: string | string[] | undefined): ActingOrganisation {
  if (named === undefined) {
    const [only, ...more] = principal.organisationIds;
    if (only === undefined || more.length > 0) {
      throw new ProblemException(
        HttpStatus.BAD_REQUEST,
        'organisation-ambiguous',
        `You act for several organisations: name one in the ${ACTING_ORGANISATION_HEADER} header.`,
        ACTING_ORGANISATION_HEADER,
      );
    }
    return { principal, organisationId: only };
  }
  const id = typeof named === 'string' ? named.toLowerCase() : undefined;
  if (id === undefined || !principal.organisationIds.includes(id)) {
    throw new ProblemException(
      HttpStatus.FORBIDDEN,
      'not-your-organisation',
      `${ACTING_ORGANISATION_HEADER} must name one of the organisations in your sign-in.`,
      ACTING_ORGANISATION_HEADER,
    );
  }
  return { principal, organisationId: id };
}

export const ActingFor = createParamDecorator((_data: unknown, context: ExecutionContext): ActingOrganisation => {
  const request = context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>();
  const principal = principalOf(request);
  if (!principal) throw new Error('@ActingFor() needs a signed-in route');
  return actingOrganisation(principal, request.headers[ACTING_ORGANISATION_HEADER.toLowerCase()]);
});
