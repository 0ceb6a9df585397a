import { randomBytes, randomUUID } from 'node:crypto';
import type { RecordedEvent } from '@samspar/kernel';
import { Pseudonymiser } from '@samspar/privacy';
import {
  catalogueIds,
  organisationRegistered,
  trackDefined,
  trackRetired,
  trackRevised,
  unitAdded,
} from '@samspar/journeys/testing';
import { journeySteps as steps } from '@samspar/journeys/testing';
import { organisationStreamName } from '@samspar/journeys';
import { participantStreamName } from '@samspar/journeys';
import { participantExamples as examples } from '@samspar/journeys/testing';
import { trackStreamName } from '@samspar/journeys';
import {
  CSV_COLUMNS,
  CSV_HEADER,
  EXPORT_EVENT_TYPES,
  ExportRecord,
  cachedPseudonyms,
  csvRow,
  ndjsonLine,
  pseudonymisedData,
  pseudonymisedEvent,
} from './pseudonymised-event';

const CORRECTION_REASON = 'Registrerad två gånger av Anna Berg, 19900101-2385';
const CASEWORKER = 'anna.berg@eskilstuna.se';
const STEP_EVENT_ID = steps.eventIds.interventionPlanned;

let revision = 0;
/** An event as the store hands it out, recorded by a caseworker whose user id names her. */
function recorded(streamId: string, event: { type: string; data: object }, id: string = randomUUID()): RecordedEvent {
  revision += 1;
  return {
    id,
    type: event.type,
    data: event.data,
    metadata: {
      occurredAt: '2026-02-02T08:00:00.000Z',
      schemaVersion: 1,
      actor: { userId: CASEWORKER, role: 'caseworker', organisationId: examples.exampleIds.socialServices },
    },
    streamId,
    revision,
    globalPosition: `1000:${revision}`,
    recordedAt: '2026-02-02T08:00:01.000Z',
  };
}

const ofParticipant = (event: { type: string; data: object }, id?: string) =>
  recorded(participantStreamName(examples.exampleIds.participant), event, id);

/** One or more examples of every participant event type, from the shared examples where they exist. */
const participantEvents: readonly RecordedEvent[] = [
  ofParticipant(examples.participantRegistered()),
  ofParticipant(examples.anonymousParticipantRegistered('protected_identity')),
  ofParticipant(examples.consentRecorded()),
  ofParticipant(examples.consentWithdrawn()),
  ofParticipant(
    examples.participantReferred({ journeyId: examples.exampleIds.journey, suggestedTrackId: examples.exampleIds.track }),
  ),
  ofParticipant(examples.referralAccepted()),
  ofParticipant(examples.referralDeclined()),
  ofParticipant(examples.referralWithdrawn()),
  ofParticipant(examples.referralExpired()),
  ofParticipant(examples.journeyOpened()),
  ofParticipant(examples.journeyClosed()),
  ofParticipant({
    type: 'CaseworkerAssigned',
    data: { ...steps.caseworkerAssigned().data, caseworkerId: CASEWORKER },
  }),
  ofParticipant(steps.trackEnrolled()),
  ofParticipant(steps.trackEnrolmentEnded()),
  ofParticipant(steps.interventionPlanned(), STEP_EVENT_ID),
  ofParticipant(steps.interventionStarted()),
  ofParticipant(steps.interventionCompleted()),
  ofParticipant(steps.interventionInterrupted()),
  ofParticipant({
    type: 'LabourMarketStatusRecorded',
    data: { ...steps.entryStatusRecorded().data, unemployedSince: '2024-02-01' },
  }),
  ofParticipant({
    type: 'LabourMarketStatusRecorded',
    data: { ...steps.exitStatusRecorded().data, enrolmentId: steps.ids.enrolment },
  }),
  ofParticipant(steps.journeyClosed()),
  ofParticipant(steps.journeyReopened()),
  ofParticipant({
    type: 'StepCorrected',
    data: { journeyId: steps.ids.journey, correctedEventId: STEP_EVENT_ID, reason: CORRECTION_REASON },
  }),
];

const catalogueEvents: readonly RecordedEvent[] = [
  recorded(organisationStreamName(catalogueIds.organisation), organisationRegistered.example()),
  recorded(organisationStreamName(catalogueIds.organisation), unitAdded.example()),
  recorded(trackStreamName(catalogueIds.track), trackDefined.example()),
  recorded(trackStreamName(catalogueIds.track), trackRevised.example({ occupation: '5322', employerOrganisationIds: [] })),
  recorded(trackStreamName(catalogueIds.track), trackRetired.example({ reason: 'funding_ended_after_anna_left' })),
];

/** Ids that lead to a person: none may appear in an export as they are. */
const linkingIds = [
  examples.exampleIds.participant,
  examples.exampleIds.consent,
  examples.exampleIds.referral,
  examples.exampleIds.journey,
  steps.ids.participant,
  steps.ids.journey,
  steps.ids.enrolment,
  steps.ids.intervention,
  steps.ids.status,
  steps.ids.nextStatus,
  STEP_EVENT_ID,
  CASEWORKER,
  ...participantEvents.map((event) => event.id),
];
const sealed = examples.sealedExample();
/** The personal part of a registration and the free text typed by caseworkers and admins. */
const personal = [
  sealed.iv,
  sealed.tag,
  sealed.ct,
  examples.LOOKUP_HASH_EXAMPLE,
  CORRECTION_REASON,
  'dua_samverkan',
  'funding_ended',
];

const keyA = new Pseudonymiser(randomBytes(32));
const keyB = new Pseudonymiser(randomBytes(32));
const underA = (event: RecordedEvent) => pseudonymisedEvent(event, (id) => keyA.pseudonym(id));
const underB = (event: RecordedEvent) => pseudonymisedEvent(event, (id) => keyB.pseudonym(id));
const exported = (event: RecordedEvent): ExportRecord => {
  const record = underA(event);
  if (!record) throw new Error(`${event.type} was left out of the export`);
  return record;
};
const byType = (type: string) => participantEvents.filter((event) => event.type === type).map(exported);

describe('A pseudonymised event', () => {
  it('has an example here for every participant event type the export knows', () => {
    expect(new Set(participantEvents.map((event) => event.type))).toEqual(new Set(EXPORT_EVENT_TYPES.participant));
  });

  describe.each(participantEvents.map((event) => [event.type, event] as const))('When a %s is exported', (_type, event) => {
    const record = exported(event);
    const text = ndjsonLine(record) + csvRow(record);

    it('holds no id that leads to the person, no personal data and no free text', () => {
      for (const value of [...linkingIds, ...personal]) expect(text).not.toContain(value);
    });

    it('names the participant and the stream by pseudonym, and the actor by role and organisation only', () => {
      const participant = keyA.pseudonym(examples.exampleIds.participant);
      expect(record).toMatchObject({
        event: keyA.pseudonym(event.id),
        type: event.type,
        stream: `participant-${participant}`,
        participant,
        revision: event.revision,
        position: event.globalPosition,
        occurredAt: event.metadata.occurredAt,
        recordedAt: event.recordedAt,
        actor: { role: 'caseworker', organisationId: examples.exampleIds.socialServices },
      });
      expect(Object.keys(record.actor)).toEqual(['role', 'organisationId']);
    });

    it('gives the same pseudonyms under the same key, and none in common under another', () => {
      expect(underA(event)).toEqual(record);
      const pseudonymsA = new Set(text.match(/\b[0-9a-f]{32}\b/g));
      const other = underB(event)!;
      const pseudonymsB = new Set((ndjsonLine(other) + csvRow(other)).match(/\b[0-9a-f]{32}\b/g));
      expect(pseudonymsA.size).toBeGreaterThan(0);
      expect([...pseudonymsA].filter((pseudonym) => pseudonymsB.has(pseudonym))).toEqual([]);
    });
  });

  describe('When a participant is registered', () => {
    it('keeps only the statistical attributes, the organisation and the flags', () => {
      const [identified, anonymous] = byType('ParticipantRegistered');
      expect(identified!.data).toEqual({
        organisationId: examples.exampleIds.socialServices,
        identity: 'identified',
        protectedIdentity: false,
        gender: 'kvinna',
        birthYear: 1990,
        newlyArrived: true,
        educationBand: 'isced_3_4',
        homeMunicipality: '0484',
      });
      expect(anonymous!.data).toEqual({
        organisationId: examples.exampleIds.socialServices,
        identity: 'anonymous',
        protectedIdentity: true,
        gender: 'man',
        birthYear: 1985,
        newlyArrived: false,
        educationBand: 'unknown',
      });
    });

    it('drops fields it does not know, such as a plain personnummer, a birth date or a name written into the event', () => {
      const leaky = ofParticipant({
        type: 'ParticipantRegistered',
        data: {
          ...examples.participantRegistered().data,
          personnummer: '199001012385',
          firstName: 'Anna',
          attributes: { ...examples.attributesExample, birthDate: '1990-01-01', homeMunicipality: 'Storgatan 1' },
        },
      });
      const text = ndjsonLine(exported(leaky));
      for (const value of ['199001012385', 'Anna', '1990-01-01', 'Storgatan']) expect(text).not.toContain(value);
      expect(exported(leaky).data).toMatchObject({ birthYear: 1990 });
      expect(exported(leaky).data).not.toHaveProperty('homeMunicipality');
    });
  });

  describe('When free text or codes are recorded', () => {
    it('drops the consent purpose and the correction reason', () => {
      expect(byType('ConsentRecorded')[0]!.data).not.toHaveProperty('purpose');
      expect(byType('StepCorrected')[0]!.data).toEqual({
        journeyId: keyA.pseudonym(steps.ids.journey),
        correctedEventId: keyA.pseudonym(STEP_EVENT_ID),
      });
    });

    it('keeps reasons that are codes of the vocabulary, and drops any other text in their place', () => {
      expect(byType('ParticipantReferred')[0]!.data).toMatchObject({ reason: 'work_preparation' });
      expect(byType('InterventionInterrupted')[0]!.data).toMatchObject({ reason: 'illness' });
      expect(byType('ReferralDeclined')[0]!.data).toMatchObject({ reason: 'no_capacity' });
      const typed = exported(ofParticipant(examples.participantReferred({ reason: 'Anna behöver hjälp med sin skuld' })));
      expect(typed.data).not.toHaveProperty('reason');
      expect(ndjsonLine(typed)).not.toContain('Anna');
    });

    it('keeps since when an entrant was unemployed as a day, and drops text written in its place', () => {
      expect(byType('LabourMarketStatusRecorded')[0]!.data).toMatchObject({ moment: 'entry', unemployedSince: '2024-02-01' });
      const typed = exported(
        ofParticipant({
          type: 'LabourMarketStatusRecorded',
          data: { ...steps.entryStatusRecorded().data, unemployedSince: 'sedan Anna flyttade' },
        }),
      );
      expect(typed.data).not.toHaveProperty('unemployedSince');
    });

    it('links a correction to the step it voids through the pseudonymised event id', () => {
      const planned = byType('InterventionPlanned')[0]!;
      expect(byType('StepCorrected')[0]!.data.correctedEventId).toBe(planned.event);
    });
  });

  describe('When a catalogue event is exported', () => {
    const [registered, unit, defined, revised, retired] = catalogueEvents.map(exported);

    it('keeps organisation, unit and track ids and names, and names no participant', () => {
      expect(registered).toMatchObject({
        stream: `organisation-${catalogueIds.organisation}`,
        participant: null,
        data: organisationRegistered.example().data,
      });
      expect(unit!.data).toEqual(unitAdded.example().data);
      expect(defined).toMatchObject({ stream: `track-${catalogueIds.track}`, data: trackDefined.example().data });
      expect(revised!.data).toEqual({ occupation: '5322', employerOrganisationIds: [] });
    });

    it('drops the retire reason', () => {
      expect(retired!.data).toEqual({});
    });
  });

  describe('When the event is not on the allow-list', () => {
    it.each([
      ['an unknown type', ofParticipant({ type: 'ParticipantRenamed', data: { firstName: 'Anna' } })],
      ['an unknown category', recorded('person-42', examples.participantRegistered())],
      [
        'a participant type in a catalogue stream',
        recorded(organisationStreamName(catalogueIds.organisation), examples.consentRecorded()),
      ],
      ['a participant stream without an id', recorded('participant-', examples.participantRegistered())],
    ])('leaves out %s', (_case, event) => {
      expect(underA(event)).toBeUndefined();
      expect(pseudonymisedData(event, (id) => keyA.pseudonym(id))).toBeUndefined();
    });
  });

  describe('When only the data is asked for', () => {
    it.each([...participantEvents, ...catalogueEvents].map((event) => [event.type, event] as const))(
      'gives the data of the record of a %s, pseudonymising only the ids in it',
      (_type, event) => {
        const asked: string[] = [];
        const data = pseudonymisedData(event, (id) => {
          asked.push(id);
          return keyA.pseudonym(id);
        });
        expect(data).toEqual(exported(event).data);
        expect(asked).not.toContain(event.id);
      },
    );
  });

  describe('As CSV', () => {
    it('has a fixed header and one row per record, with data as compact JSON', () => {
      expect(CSV_HEADER).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
      const record = byType('JourneyOpened')[0]!;
      expect(csvRow(record)).toBe(
        [
          record.event,
          'JourneyOpened',
          record.participant,
          record.occurredAt,
          record.recordedAt,
          'caseworker',
          examples.exampleIds.socialServices,
          `"${JSON.stringify(record.data).replace(/"/g, '""')}"`,
        ].join(',') + '\r\n',
      );
    });
  });

  describe('When an export caches the recurring pseudonyms', () => {
    it('gives every event the same record as without the cache, however small the cache', () => {
      for (const kept of [1, 2, 16_384]) {
        const calls: string[] = [];
        const cached = cachedPseudonyms((id) => {
          calls.push(id);
          return keyA.pseudonym(id);
        }, kept);
        for (const event of [...participantEvents, ...participantEvents])
          expect(pseudonymisedEvent(event, cached)).toEqual(underA(event));
        expect(calls.length).toBeGreaterThan(0);
      }
    });

    it('computes a recent id once, in either spelling, and forgets ids beyond two generations', () => {
      const calls: string[] = [];
      const { recurring } = cachedPseudonyms((id) => {
        calls.push(id);
        return keyA.pseudonym(id);
      }, 2);
      const id = randomUUID();
      expect(recurring(id.toUpperCase())).toBe(keyA.pseudonym(id));
      expect(recurring(id)).toBe(keyA.pseudonym(id));
      expect(recurring(id.toUpperCase())).toBe(keyA.pseudonym(id));
      expect(calls).toEqual([id, id]);
      for (let i = 0; i < 5; i += 1) recurring(randomUUID());
      calls.length = 0;
      expect(recurring(id)).toBe(keyA.pseudonym(id));
      expect(calls).toEqual([id]);
    });
  });
});
