import { randomUUID } from 'node:crypto';
import type { Principal } from '@samspar/access';
import { composePersonnummer, formatPersonnummer } from '@samspar/privacy';
import type { startReportsApi } from '../testing/reports-app';

export type ReportsApi = Awaited<ReturnType<typeof startReportsApi>>;

/** The steps a sending caseworker takes over HTTP before a referral exists: register, consent, refer. */
export async function referOverHttp(
  api: ReportsApi,
  sender: Principal,
  toOrganisationId: string,
  birthNumber: number,
): Promise<{ participantId: string; referralId: string; position: string }> {
  const participantId = randomUUID();
  const referralId = randomUUID();
  const as = api.as(sender);
  await as
    .post('/api/v1/participants')
    .send({
      participantId,
      personnummer: formatPersonnummer(composePersonnummer('1988-03-21', birthNumber)),
      firstName: 'Amira',
      lastName: 'Lindqvist',
      gender: 'kvinna',
      newlyArrived: false,
      educationBand: 'isced_3_4',
    })
    .expect(201);
  await as
    .post(`/api/v1/participants/${participantId}/consents`)
    .send({
      consentId: randomUUID(),
      organisationIds: [sender.organisationIds[0], toOrganisationId],
      purpose: 'dua_samverkan',
      validFrom: new Date().toISOString().slice(0, 10),
    })
    .expect(201);
  const referred = await as
    .post(`/api/v1/participants/${participantId}/referrals`)
    .send({ referralId, toOrganisationId, reason: 'work_preparation' })
    .expect(201);
  return { participantId, referralId, position: referred.body.position as string };
}
