import { randomUUID } from 'node:crypto';
import type { Principal } from '@samspar/access';
import { personnummer } from '../../support/access-matrix';
import { RawResponse, send } from '../../support/raw-http';
import type { RunningApi } from '../../support/start-api';

export { personnummer };

export interface OrganisationWorld {
  readonly organisationId: string;
  readonly unitId: string;
  readonly trackId: string;
  readonly participantId: string;
  readonly journeyId: string;
  readonly enrolmentId: string;
  readonly interventionId: string;
  readonly consentId: string;
  readonly referralId: string;
  readonly personnummer: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly phone: string;
}

export interface World {
  /** Organisation A: the one whose data the fuzz reaches and the attacks must not leak. */
  readonly a: OrganisationWorld;
  /** Organisation B: the attacker's, with a participant of its own. */
  readonly b: OrganisationWorld;
  /** Receives A's referral. */
  readonly receiverId: string;
  readonly tokens: Readonly<Record<string, string>>;
  readonly principals: Readonly<Record<string, Principal>>;
  /** Every value of A's that must never reach B's callers. */
  readonly secretsOfA: readonly string[];
}

export const ROLE_NAMES = ['caseworker', 'manager', 'evaluator', 'admin'] as const;

/** Seeds two organisations, each with a track, a unit, and one participant with a journey, through the api itself. */
export async function seedWorld(api: RunningApi): Promise<World> {
  const a = randomUUID();
  const b = randomUUID();
  const receiverId = randomUUID();
  const principals: Record<string, Principal> = {
    'caseworker-a': { userId: 'cw-a', role: 'caseworker', organisationIds: [a], permissions: [] },
    'manager-a': { userId: 'mg-a', role: 'manager', organisationIds: [a], permissions: [] },
    'caseworker-b': { userId: 'cw-b', role: 'caseworker', organisationIds: [b], permissions: [] },
    'manager-b': { userId: 'mg-b', role: 'manager', organisationIds: [b], permissions: [] },
    'caseworker-receiver': { userId: 'cw-r', role: 'caseworker', organisationIds: [receiverId], permissions: [] },
    evaluator: { userId: 'ev-1', role: 'evaluator', organisationIds: [a], permissions: [] },
    admin: { userId: 'ad-1', role: 'admin', organisationIds: [a], permissions: ['system_admin'] },
  };
  const tokens: Record<string, string> = {};
  for (const [name, principal] of Object.entries(principals)) tokens[name] = await api.token(principal);

  const call = async (who: string, method: string, path: string, body?: unknown): Promise<RawResponse> => {
    const response = await send(api.baseUrl, {
      method,
      path,
      headers: { Authorization: `Bearer ${tokens[who]}`, 'Content-Type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (response.status >= 300) throw new Error(`Seeding ${method} ${path} as ${who}: ${response.status} ${response.text}`);
    return response;
  };

  await call('admin', 'POST', '/api/v1/organisations', {
    organisationId: receiverId,
    name: 'Komvux Härnösand',
    kind: 'adult_education',
    municipalityCode: '2280',
  });
  const worlds: OrganisationWorld[] = [];
  for (const [index, organisationId] of [a, b].entries()) {
    const world: OrganisationWorld = {
      organisationId,
      unitId: randomUUID(),
      trackId: randomUUID(),
      participantId: randomUUID(),
      journeyId: randomUUID(),
      enrolmentId: randomUUID(),
      interventionId: randomUUID(),
      consentId: randomUUID(),
      referralId: randomUUID(),
      personnummer: personnummer(index === 0 ? '19870315' : '19920611', 231 + index * 17),
      firstName: index === 0 ? 'Hemligunda' : 'Angrimar',
      lastName: index === 0 ? 'Sekretessdottir' : 'Attackssson',
      email: index === 0 ? 'hemligunda.a@example.se' : 'angrimar.b@example.se',
      phone: index === 0 ? '070-1234567' : '070-7654321',
    };
    const who = index === 0 ? 'caseworker-a' : 'caseworker-b';
    await call('admin', 'POST', '/api/v1/organisations', {
      organisationId,
      name: `Arbetsmarknadsenheten ${index === 0 ? 'A' : 'B'}`,
      kind: 'labour_market_unit',
      municipalityCode: index === 0 ? '2281' : '2282',
    });
    await call('admin', 'POST', `/api/v1/organisations/${organisationId}/units`, { unitId: world.unitId, name: 'Jobbtorget' });
    await call('admin', 'POST', '/api/v1/tracks', {
      trackId: world.trackId,
      name: `Förberedande spår ${index === 0 ? 'A' : 'B'}`,
      kind: 'preparatory',
      ownerOrganisationId: organisationId,
    });
    await call(who, 'POST', '/api/v1/participants', {
      participantId: world.participantId,
      personnummer: world.personnummer,
      firstName: world.firstName,
      lastName: world.lastName,
      email: world.email,
      phone: world.phone,
      gender: 'kvinna',
      newlyArrived: false,
      educationBand: 'isced_3_4',
      homeMunicipality: '2281',
    });
    const base = `/api/v1/participants/${world.participantId}`;
    await call(who, 'POST', `${base}/consents`, {
      consentId: world.consentId,
      organisationIds: [receiverId],
      purpose: 'samverkan_arbete',
      validFrom: new Date().toISOString().slice(0, 10),
    });
    await call(who, 'POST', `${base}/journeys`, { journeyId: world.journeyId });
    const journey = `${base}/journeys/${world.journeyId}`;
    await call(who, 'POST', `${journey}/statuses`, {
      statusId: randomUUID(),
      moment: 'entry',
      status: 'job_seeking',
      incomeSources: ['income_support'],
    });
    await call(who, 'POST', `${journey}/enrolments`, { enrolmentId: world.enrolmentId, trackId: world.trackId });
    await call(who, 'POST', `${journey}/interventions`, {
      interventionId: world.interventionId,
      type: 'praktik',
      providerOrganisationId: organisationId,
      enrolmentId: world.enrolmentId,
    });
    await call(who, 'POST', `${base}/referrals`, {
      referralId: world.referralId,
      toOrganisationId: receiverId,
      reason: 'education',
      journeyId: world.journeyId,
    });
    worlds.push(world);
  }
  const [worldA, worldB] = worlds as [OrganisationWorld, OrganisationWorld];
  const secretsOfA = [
    worldA.personnummer,
    worldA.personnummer.slice(2),
    worldA.firstName,
    worldA.lastName,
    worldA.email,
    worldA.phone,
    worldA.journeyId,
    worldA.enrolmentId,
    worldA.interventionId,
    worldA.consentId,
    worldA.referralId,
  ];
  return { a: worldA, b: worldB, receiverId, tokens, principals, secretsOfA };
}
