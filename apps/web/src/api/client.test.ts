import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiProblem, configureClient, ifMatch, getParticipant, registerParticipant, revisionOf, toProblem } from './client';
import type { RegisterParticipantRequestDto } from './client';

const PARTICIPANT = '6f1c2b7e-8d4a-4c6b-9e2f-5a7d1c0b9e44';

describe('toProblem', () => {
  it('keeps an RFC 9457 problem with its field errors, grouped by the form’s field', () => {
    const problem = toProblem(
      {
        type: 'https://samspar.se/problems/invalid-request',
        title: 'The request is not valid',
        status: 400,
        detail: 'The request has 3 invalid fields',
        errors: [
          { field: 'gender', rule: 'is-in', message: 'gender must be one of the following values: kvinna, man, annat' },
          { field: 'organisationIds[1]', rule: 'is-uuid', message: 'each value in organisationIds must be a UUID' },
          { field: 'gender', rule: 'is-defined', message: 'gender should not be empty' },
          { field: 7, rule: 'broken' },
        ],
      },
      400,
    );
    expect(problem).toBeInstanceOf(ApiProblem);
    expect(problem).toMatchObject({ status: 400, title: 'The request is not valid', rule: 'invalid-request' });
    expect(problem.errors).toHaveLength(3);
    expect(Object.keys(problem.fieldErrors)).toEqual(['gender', 'organisationIds']);
    expect(problem.fieldErrors.gender!.map((error) => error.rule)).toEqual(['is-in', 'is-defined']);
  });

  it('describes an answer that is not a problem by its status', () => {
    const problem = toProblem('<html>Bad gateway</html>', 502);
    expect(problem).toMatchObject({ status: 502, type: 'about:blank', title: 'HTTP 502', errors: [] });
    expect(problem.detail).toContain('Bad gateway');
  });

  it('calls a failure without an answer a network problem, status 0', () => {
    const problem = toProblem(new TypeError('Failed to fetch'), undefined);
    expect(problem).toMatchObject({ status: 0, rule: 'network', detail: 'Failed to fetch' });
  });
});

describe('The generated client, configured in client.ts, against an HTTP server', () => {
  let server: Server;
  const seen: { method?: string; url?: string; authorization?: string; ifMatch?: string; organisation?: string }[] = [];
  let token: string | undefined = 'token-1';
  let unauthenticated = 0;

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push({
        method: request.method,
        url: request.url,
        authorization: request.headers.authorization,
        ifMatch: request.headers['if-match'] as string | undefined,
        organisation: request.headers['x-organisation-id'] as string | undefined,
      });
      if (!request.headers.authorization) {
        response.writeHead(401, { 'Content-Type': 'application/problem+json' });
        response.end(JSON.stringify({ type: 'https://samspar.se/problems/unauthenticated', title: 'Unauthorized', status: 401 }));
        return;
      }
      if (request.method === 'POST') {
        response.writeHead(400, { 'Content-Type': 'application/problem+json' });
        response.end(
          JSON.stringify({
            type: 'https://samspar.se/problems/personnummer-check-digit',
            title: 'The input breaks a rule',
            status: 400,
            errors: [{ field: 'personnummer', rule: 'personnummer-check-digit', message: 'The last digit does not match.' }],
          }),
        );
        return;
      }
      response.writeHead(200, { 'Content-Type': 'application/json', ETag: '"7"' });
      response.end(JSON.stringify({ participantId: PARTICIPANT, revision: 7 }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    configureClient({
      baseUrl: `http://127.0.0.1:${port}`,
      token: () => token,
      actingFor: () => 'b0eca1e8-5ed8-48ef-a7c6-cc13a3b7bb66',
      onUnauthenticated: () => (unauthenticated += 1),
    });
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends the bearer token and the acting organisation, and reads the revision from the ETag', async () => {
    const { data, response } = await getParticipant({ path: { participantId: PARTICIPANT }, headers: ifMatch(6) });
    expect(data).toEqual({ participantId: PARTICIPANT, revision: 7 });
    expect(revisionOf(response)).toBe(7);
    expect(seen.at(-1)).toMatchObject({
      method: 'GET',
      url: `/api/v1/participants/${PARTICIPANT}`,
      authorization: 'Bearer token-1',
      ifMatch: '"6"',
      organisation: 'b0eca1e8-5ed8-48ef-a7c6-cc13a3b7bb66',
    });
  });

  it('throws a problem+json answer as an ApiProblem with its field errors', async () => {
    const body = { participantId: PARTICIPANT, personnummer: '19900101-2384' } as RegisterParticipantRequestDto;
    const error = await registerParticipant({ body }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiProblem);
    expect((error as ApiProblem).fieldErrors.personnummer![0]!.rule).toBe('personnummer-check-digit');
  });

  it('says so when the sign-in is gone (401)', async () => {
    token = undefined;
    const error = await getParticipant({ path: { participantId: PARTICIPANT } }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 401, rule: 'unauthenticated' });
    expect(unauthenticated).toBe(1);
    token = 'token-1';
  });

  it('turns a refused connection into a network problem', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await getParticipant({
      path: { participantId: PARTICIPANT },
      baseUrl: `http://127.0.0.1:${port}`,
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 0, rule: 'network' });
  });
});
