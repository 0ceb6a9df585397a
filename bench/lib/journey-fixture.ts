import { randomUUID } from 'node:crypto';
import { signDevToken } from '@samspar/access';
import type { Principal } from '@samspar/access';
import { organisationStreamName } from '@samspar/journeys';
import type { OrganisationEvent } from '@samspar/journeys';
import { inPool, postJson } from './http-setup';
import { RunningApi } from './samspar-api';

interface Participant {
  readonly participantId: string;
  readonly journeyId: string;
  /** Planned, in the order they were planned. */
  readonly interventions: string[];
}

const TOKEN_TTL_SECONDS = 3_600;

/**
 * Participants with an open journey and planned interventions, set up through the api as a
 * caseworker would. Only the catalogue (organisations), which has its own admin routes, is
 * appended to the store directly.
 */
export class InterventionFixture {
  private readonly participants: Participant[] = [];
  private constructor(
    private readonly api: RunningApi,
    private readonly tokens: readonly string[],
    private readonly providerOrganisationId: string,
  ) {}

  static async create(api: RunningApi, caseworkers: number): Promise<InterventionFixture> {
    const organisationId = randomUUID();
    const providerOrganisationId = randomUUID();
    await registerOrganisation(api, organisationId, 'Arbetsmarknadsenheten, Eskilstuna kommun', 'labour_market_unit');
    await registerOrganisation(api, providerOrganisationId, 'Komvux, Eskilstuna kommun', 'adult_education');
    const tokens: string[] = [];
    for (let i = 0; i < caseworkers; i++) {
      const principal: Principal = {
        userId: `bench.caseworker.${i}`,
        role: 'caseworker',
        organisationIds: [organisationId],
        permissions: [],
      };
      tokens.push(await signDevToken(api.devKey, principal, { ttlSeconds: TOKEN_TTL_SECONDS }));
    }
    return new InterventionFixture(api, tokens, providerOrganisationId);
  }

  get participantCount(): number {
    return this.participants.length;
  }

  get planned(): number {
    return this.participants.reduce((sum, participant) => sum + participant.interventions.length, 0);
  }

  private tokenFor(index: number): string {
    return this.tokens[index % this.tokens.length]!;
  }

  /** Registers `count` anonymous participants and opens a journey for each. */
  async addParticipants(count: number, concurrency: number): Promise<void> {
    const added = Array.from({ length: count }, (): Participant => ({
      participantId: randomUUID(),
      journeyId: randomUUID(),
      interventions: [],
    }));
    await inPool(count, concurrency, async (i) => {
      const { participantId, journeyId } = added[i]!;
      const token = this.tokenFor(i);
      await postJson(this.api.baseUrl, '/api/v1/participants', token, {
        participantId,
        anonymous: true,
        anonymousReason: 'no_consent',
        gender: i % 2 === 0 ? 'kvinna' : 'man',
        birthYear: 1970 + (i % 35),
        newlyArrived: i % 3 === 0,
        educationBand: 'isced_3_4',
      });
      await postJson(this.api.baseUrl, `/api/v1/participants/${participantId}/journeys`, token, { journeyId });
    });
    this.participants.push(...added);
  }

  /** Plans one more intervention for every participant. */
  async planRound(concurrency: number): Promise<void> {
    await inPool(this.participants.length, concurrency, async (i) => {
      const participant = this.participants[i]!;
      const interventionId = randomUUID();
      await postJson(
        this.api.baseUrl,
        `/api/v1/participants/${participant.participantId}/journeys/${participant.journeyId}/interventions`,
        this.tokenFor(i),
        { interventionId, type: 'arbetstraning', providerOrganisationId: this.providerOrganisationId },
      );
      participant.interventions.push(interventionId);
    });
  }

  /**
   * One start per planned intervention, round by round: consecutive requests go to different
   * participants, so that 16 connections never race for one stream.
   */
  startPaths(): string[] {
    const rounds = Math.min(...this.participants.map((participant) => participant.interventions.length));
    const paths: string[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const { participantId, journeyId, interventions } of this.participants) {
        paths.push(`/api/v1/participants/${participantId}/journeys/${journeyId}/interventions/${interventions[round]}/start`);
      }
    }
    return paths;
  }

  authorizations(): string[] {
    return this.tokens.map((token) => `Bearer ${token}`);
  }
}

async function registerOrganisation(
  api: RunningApi,
  organisationId: string,
  name: string,
  kind: 'labour_market_unit' | 'adult_education',
): Promise<void> {
  const registered: OrganisationEvent = {
    type: 'OrganisationRegistered',
    data: { organisationId, name, kind, municipalityCode: '0484', referralDeadlineDays: 30 },
  };
  await api.store.append(
    organisationStreamName(organisationId),
    [
      {
        id: randomUUID(),
        ...registered,
        metadata: {
          occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
          schemaVersion: 1,
          actor: { userId: 'bench.admin', role: 'admin' },
        },
      },
    ],
    { expectedRevision: 'no_stream' },
  );
}
