import type { ExecutionContext } from '@nestjs/common';
import { Controller, Get, HttpStatus, Post, Res, ServiceUnavailableException } from '@nestjs/common';
import { ForbiddenError, NotFoundError, ValidationError } from '@samspar/kernel';
import { Observable, lastValueFrom, of, throwError } from 'rxjs';
import { rememberPrincipal } from '../sign-in/request-principal';
import type { AuditEntry, AuditLog } from './audit-log';
import { auditFields } from './audit-notes';
import { actionOf, auditKindOf, purposeOf, statusOf } from './audit-policy';
import { AuditTrail } from './audit-trail';
import { AuditUnavailableError } from './audit.errors';
import { AuditInterceptor, writesOwnResponse } from './audit.interceptor';

const ORG = '3f1c2b7e-8d4a-4c6b-9e2f-5a7d1c0b9e44';
const OTHER_ORG = '9b2d4e6f-1a3c-4e5b-8d7f-0c2e4a6b8d10';
const PARTICIPANT = '5b0c1f4e-2d3a-4b5c-8d6e-7f8091a2b3c4';

@Controller('probe')
class ProbeController {
  @Get()
  returns(): unknown {
    return undefined;
  }

  @Get('stream')
  streams(@Res() _response: unknown): void {}

  @Post()
  passes(@Res({ passthrough: true }) _response: unknown): void {}
}

describe('Which routes are audited', () => {
  it.each([
    ['GET', '/api/v1/participants/:participantId', 'read'],
    ['GET', '/api/v1/participants/:participantId/journeys/:journeyId/timeline', 'read'],
    ['HEAD', '/api/v1/participants/:participantId/journeys', 'read'],
    ['GET', '/api/v1/participants', 'read'],
    ['GET', '/api/v1/evaluation/events', 'read'],
    ['GET', '/api/v1/evaluation/participants/:participantId/journeys/:journeyId/history', 'read'],
    ['GET', '/api/v1/admin/audit', 'read'],
    ['POST', '/api/v1/participants', 'command'],
    ['POST', '/api/v1/organisations', 'command'],
    ['PUT', '/api/v1/anything', 'command'],
    ['DELETE', '/api/v1/anything/:id', 'command'],
    ['POST', '/api/v1/admin/read-models/:name/rebuild', 'command'],
  ])('%s %s is a %s', (method, route, kind) => {
    expect(auditKindOf(method, route)).toBe(kind);
  });

  it.each([
    ['GET', '/api/v1/reports/outcomes'],
    ['GET', '/api/v1/referrals/inbox'],
    ['GET', '/api/v1/tracks'],
    ['GET', '/api/v1/admin/read-models/:name'],
    ['GET', '/health/ready'],
    ['POST', '/probe'],
    ['OPTIONS', '/api/v1/participants/:participantId'],
    ['GET', undefined],
  ])('%s %s is not audited', (method, route) => {
    expect(auditKindOf(method, route)).toBeUndefined();
  });
});

describe('What an outcome is called', () => {
  it.each([
    [401, undefined, 'denied'],
    [403, 'role-not-allowed', 'denied'],
    [404, 'participant-not-found', 'denied'],
    [400, 'purpose-required', 'denied'],
    [400, 'personnummer-format', 'read'],
    [200, undefined, 'read'],
    [500, undefined, 'read'],
  ] as const)('a read answered %s (%s) is %s', (status, rule, action) => {
    expect(actionOf('read', status, rule)).toBe(action);
  });

  it('names the status the filters answer with', () => {
    expect(statusOf(new NotFoundError('participant-not-found', 'x'))).toBe(404);
    expect(statusOf(new ForbiddenError('role-not-allowed', 'x'))).toBe(403);
    expect(statusOf(new ValidationError('x', 'x'))).toBe(400);
    expect(statusOf(new ServiceUnavailableException())).toBe(503);
    expect(statusOf(new Error('boom'))).toBe(500);
  });
});

describe('The X-Purpose header', () => {
  it('is the caller’s words, trimmed; absent or blank is none', () => {
    expect(purposeOf({ 'x-purpose': '  Planering av insats ' })).toBe('Planering av insats');
    expect(purposeOf({})).toBeUndefined();
    expect(purposeOf({ 'x-purpose': '   ' })).toBeUndefined();
  });

  it('reads UTF-8 sent in a header (åäö) as text', () => {
    expect(purposeOf({ 'x-purpose': Buffer.from('Uppföljning', 'utf8').toString('latin1') })).toBe('Uppföljning');
  });

  it.each([
    ['a personnummer', 'Ringde 19900101-2385 om insatsen', 'purpose-personal-data'],
    ['a 10-digit personnummer', 'ang 9001012385', 'purpose-personal-data'],
    ['more than 200 characters', 'x'.repeat(201), 'purpose-too-long'],
    ['a line break', 'rad ett\nrad två', 'purpose-invalid'],
  ])('refuses %s with 400', (_case, purpose, rule) => {
    expect(() => purposeOf({ 'x-purpose': purpose })).toThrow(expect.objectContaining({ rule, field: 'X-Purpose' }));
  });
});

describe('Whether a handler sends its answer itself', () => {
  it('is so with @Res() and not with passthrough or a returned value', () => {
    expect(writesOwnResponse(contextFor({}, {}, 'streams'))).toBe(true);
    expect(writesOwnResponse(contextFor({}, {}, 'passes'))).toBe(false);
    expect(writesOwnResponse(contextFor({}, {}, 'returns'))).toBe(false);
  });
});

describe('The audit interceptor', () => {
  let written: AuditEntry[];
  let failing: boolean;
  let interceptor: AuditInterceptor;
  const log: AuditLog = {
    record: async (entry) => {
      if (failing) throw new Error('relation "audit_log" does not exist');
      written.push(entry);
    },
  };

  beforeEach(() => {
    written = [];
    failing = false;
    interceptor = new AuditInterceptor(new AuditTrail(log));
  });

  const caseworkerRequest = (method: string, route: string, headers: Record<string, string> = {}) => {
    const request = {
      method,
      url: route.replace(':participantId', PARTICIPANT),
      headers,
      route: { path: route },
      params: { participantId: PARTICIPANT },
    };
    rememberPrincipal(request, { userId: 'anna', role: 'caseworker', organisationIds: [ORG], permissions: [] });
    return request;
  };

  describe('When a read of personal data succeeds', () => {
    it('records one read with who, what, fields and purpose before the value goes on', async () => {
      const request = caseworkerRequest('GET', '/api/v1/participants/:participantId', { 'x-purpose': 'Uppföljning' });
      const events: string[] = [];
      const handler = () =>
        new Observable((subscriber) => {
          auditFields(request, ['personnummer', 'firstName']);
          events.push('handler');
          subscriber.next({ personal: 'secret' });
          subscriber.complete();
        });
      const value = await lastValueFrom(
        interceptor.intercept(contextFor(request, { statusCode: 200 }, 'returns'), { handle: handler }),
      );
      events.push('sent');
      expect(value).toEqual({ personal: 'secret' });
      expect(written).toEqual([
        {
          userId: 'anna',
          role: 'caseworker',
          organisationId: ORG,
          action: 'read',
          endpoint: 'GET /api/v1/participants/:participantId',
          participantId: PARTICIPANT,
          fields: ['firstName', 'personnummer'],
          purpose: 'Uppföljning',
          outcome: '200',
          requestId: expect.any(String),
        },
      ]);
      expect(events).toEqual(['handler', 'sent']);
    });

    it('names the organisation the caller acts for, and none when it is not theirs', async () => {
      const request = caseworkerRequest('GET', '/api/v1/participants/:participantId', { 'x-organisation-id': OTHER_ORG });
      await lastValueFrom(interceptor.intercept(contextFor(request, { statusCode: 200 }, 'returns'), { handle: () => of(1) }));
      expect(written[0]).not.toHaveProperty('organisationId');
    });
  });

  describe('When the audit cannot be written', () => {
    it('answers a read with AuditUnavailableError instead of the value', async () => {
      failing = true;
      const request = caseworkerRequest('GET', '/api/v1/participants/:participantId');
      const answer = lastValueFrom(
        interceptor.intercept(contextFor(request, { statusCode: 200 }, 'returns'), { handle: () => of({ personal: 'secret' }) }),
      );
      await expect(answer).rejects.toBeInstanceOf(AuditUnavailableError);
    });

    it('never runs a command', async () => {
      failing = true;
      const handle = jest.fn(() => of({ id: PARTICIPANT }));
      const request = caseworkerRequest('POST', '/api/v1/participants');
      const answer = lastValueFrom(interceptor.intercept(contextFor(request, { statusCode: 201 }, 'returns'), { handle }));
      await expect(answer).rejects.toBeInstanceOf(AuditUnavailableError);
      expect(handle).not.toHaveBeenCalled();
    });

    it('answers a command that took effect with its result, when only its outcome cannot be written', async () => {
      const request = caseworkerRequest('POST', '/api/v1/participants');
      const handle = () =>
        new Observable((subscriber) => {
          failing = true;
          subscriber.next({ id: PARTICIPANT });
          subscriber.complete();
        });
      const value = await lastValueFrom(interceptor.intercept(contextFor(request, { statusCode: 201 }, 'returns'), { handle }));
      expect(value).toEqual({ id: PARTICIPANT });
      expect(written.map((entry) => entry.outcome)).toEqual(['pending']);
    });
  });

  describe('When a command runs', () => {
    it('records its intent before the handler and its outcome after, under one request id', async () => {
      const request = caseworkerRequest('POST', '/api/v1/participants');
      const seenBefore: number[] = [];
      const handle = () => {
        seenBefore.push(written.length);
        return of({ id: PARTICIPANT });
      };
      await lastValueFrom(interceptor.intercept(contextFor(request, { statusCode: 201 }, 'returns'), { handle }));
      expect(seenBefore).toEqual([1]);
      expect(written.map(({ action, outcome }) => ({ action, outcome }))).toEqual([
        { action: 'command', outcome: 'pending' },
        { action: 'command', outcome: '201' },
      ]);
      expect(written[0]!.requestId).toBe(written[1]!.requestId);
    });
  });

  describe('When the handler refuses', () => {
    it('records a "not yours" 404 as denied and passes the same error on', async () => {
      const request = caseworkerRequest('GET', '/api/v1/participants/:participantId');
      const refusal = new NotFoundError('participant-not-found', 'No participant with this id is visible');
      const answer = lastValueFrom(
        interceptor.intercept(contextFor(request, { statusCode: 200 }, 'returns'), { handle: () => throwError(() => refusal) }),
      );
      await expect(answer).rejects.toBe(refusal);
      expect(written).toEqual([expect.objectContaining({ action: 'denied', outcome: String(HttpStatus.NOT_FOUND) })]);
    });

    it('refuses a purpose holding a personnummer with 400, recorded without it, and never runs the handler', async () => {
      const request = caseworkerRequest('GET', '/api/v1/participants/:participantId', { 'x-purpose': 'om 19900101-2385' });
      const handle = jest.fn(() => of({}));
      const answer = lastValueFrom(interceptor.intercept(contextFor(request, { statusCode: 200 }, 'returns'), { handle }));
      await expect(answer).rejects.toMatchObject({ rule: 'purpose-personal-data' });
      expect(handle).not.toHaveBeenCalled();
      expect(written).toEqual([expect.objectContaining({ action: 'read', outcome: '400' })]);
      expect(written[0]).not.toHaveProperty('purpose');
    });
  });

  describe('When the route is not audited', () => {
    it('passes through and records nothing', async () => {
      const request = caseworkerRequest('GET', '/api/v1/reports/outcomes');
      await lastValueFrom(interceptor.intercept(contextFor(request, { statusCode: 200 }, 'returns'), { handle: () => of(1) }));
      expect(written).toEqual([]);
    });
  });
});

function contextFor(request: object, response: object, handler: keyof ProbeController): ExecutionContext {
  return {
    getType: () => 'http',
    getClass: () => ProbeController,
    getHandler: () => ProbeController.prototype[handler],
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => response, getNext: () => undefined }),
  } as unknown as ExecutionContext;
}
