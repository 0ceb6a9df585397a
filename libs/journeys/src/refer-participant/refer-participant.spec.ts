import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import fc from 'fast-check';
import { IllegalStateError, NotFoundError, ValidationError } from '@samspar/kernel';
import {
  REGISTERED_AT,
  anonymousParticipantRegistered,
  consentRecorded,
  consentWithdrawn,
  exampleIds,
  journeyClosed,
  journeyOpened,
  participantReferred,
  participantRegistered,
  referralAccepted,
  referralDeclined,
  referralExpired,
  referralWithdrawn,
} from '../participant.examples';
import { dayInSweden } from '@samspar/kernel';
import { ParticipantEvent, StampedEvent } from '../participant';
import { caseworkerOf, contextAt, deciderSpec, happened } from '../testing';
import { ReferParticipant, referParticipantDecider } from './refer-participant';
import { ReferParticipantRequestDto } from './refer-participant.request.dto';

const spec = deciderSpec(referParticipantDecider);
const SENT_AT = '2026-02-14T09:00:00.000Z';
const fromSocialServices = contextAt(SENT_AT, caseworkerOf(exampleIds.socialServices));

const registered = [happened(participantRegistered(), REGISTERED_AT)];
const withConsent = [...registered, happened(consentRecorded(), REGISTERED_AT)];

const referral = (overrides: Partial<ReferParticipant> = {}): ReferParticipant => ({
  kind: 'ReferParticipant',
  participantId: exampleIds.participant,
  referralId: exampleIds.referral,
  toOrganisationId: exampleIds.labourMarketUnit,
  reason: 'work_preparation',
  ...overrides,
});

const thrownBy = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('Refer a participant', () => {
  describe('When a consent covers the receiving organisation', () => {
    it('sends the referral with the default 30 days to answer', () => {
      spec.given(withConsent).when(referral(), fromSocialServices).then([participantReferred()]);
    });

    it('gives the receiver its own deadline from the catalogue', () => {
      spec
        .given(withConsent)
        .when(referral({ deadlineDays: 10 }), fromSocialServices)
        .then([participantReferred({ deadlineAt: '2026-02-24T09:00:00.000Z' })]);
    });

    it('counts the deadline from the instant the referral was sent, whatever the offset it was written with', () => {
      const written = contextAt('2026-02-14T10:00:00+01:00', caseworkerOf(exampleIds.socialServices), SENT_AT);
      spec.given(withConsent).when(referral(), written).then([participantReferred()]);
    });

    it('keeps the journey and the suggested track', () => {
      spec
        .given([...withConsent, happened(journeyOpened(), REGISTERED_AT)])
        .when(referral({ journeyId: exampleIds.journey, suggestedTrackId: exampleIds.track }), fromSocialServices)
        .then([participantReferred({ journeyId: exampleIds.journey, suggestedTrackId: exampleIds.track })]);
    });
  });

  describe('When no consent covers the receiving organisation', () => {
    it('refuses the referral when no consent names it', () => {
      const onlyEducation = consentRecorded({ organisationIds: [exampleIds.socialServices, exampleIds.adultEducation] });
      const run = spec.given([...registered, happened(onlyEducation, REGISTERED_AT)]).when(referral(), fromSocialServices);
      run.thenThrows(IllegalStateError, 'consent-required');
      expect(thrownBy(run.events)).toHaveProperty('message', expect.stringContaining('No consent from the participant names'));
    });

    it('refuses the referral when there is no consent at all', () => {
      spec.given(registered).when(referral(), fromSocialServices).thenThrows(IllegalStateError, 'consent-required');
    });

    it('refuses the referral after the consent has ended, and says on which day', () => {
      const ended = consentRecorded({ validFrom: '2026-01-01', validUntil: '2026-02-13' });
      const run = spec.given([...registered, happened(ended, REGISTERED_AT)]).when(referral(), fromSocialServices);
      run.thenThrows(IllegalStateError, 'consent-required');
      expect(thrownBy(run.events)).toHaveProperty('message', expect.stringContaining('not valid on 2026-02-14'));
    });

    it('refuses the referral before the consent starts', () => {
      const later = consentRecorded({ validFrom: '2026-02-15', validUntil: undefined });
      spec
        .given([...registered, happened(later, REGISTERED_AT)])
        .when(referral(), fromSocialServices)
        .thenThrows(IllegalStateError, 'consent-required');
    });

    it('refuses the referral once the consent is withdrawn', () => {
      spec
        .given([...withConsent, happened(consentWithdrawn(), '2026-02-10T12:00:00.000Z')])
        .when(referral(), fromSocialServices)
        .thenThrows(IllegalStateError, 'consent-required');
    });

    it('sends a referral dated before the withdrawal, when the consent still held', () => {
      spec
        .given([...withConsent, happened(consentWithdrawn(), '2026-02-14T09:00:00.001Z')])
        .when(referral(), contextAt(SENT_AT, caseworkerOf(exampleIds.socialServices), '2026-02-20T00:00:00.000Z'))
        .then([participantReferred()]);
    });
  });

  describe('When the participant is anonymous', () => {
    it('refuses the referral, since nothing may be shared', () => {
      spec
        .given([
          happened(anonymousParticipantRegistered('no_consent'), REGISTERED_AT),
          happened(consentRecorded(), REGISTERED_AT),
        ])
        .when(referral(), fromSocialServices)
        .thenThrows(IllegalStateError, 'anonymous-participant');
    });
  });

  describe('When the sending organisation does not work with the participant', () => {
    it('refuses an organisation with no tie to the participant', () => {
      spec
        .given(withConsent)
        .when(referral(), contextAt(SENT_AT, caseworkerOf(exampleIds.adultEducation)))
        .thenThrows(NotFoundError, 'participant-not-found');
    });

    it('refuses a user who acts for no organisation', () => {
      spec
        .given(withConsent)
        .when(referral(), contextAt(SENT_AT, { userId: 'someone', role: 'caseworker' }))
        .thenThrows(NotFoundError, 'participant-not-found');
    });

    it('lets an organisation the consent shares the record with refer onwards, also before it accepts', () => {
      const toEducation = referral({ referralId: exampleIds.secondReferral, toOrganisationId: exampleIds.adultEducation });
      const everyone = consentRecorded({
        organisationIds: [exampleIds.socialServices, exampleIds.labourMarketUnit, exampleIds.adultEducation],
      });
      const [event] = spec
        .given([...registered, happened(everyone, REGISTERED_AT), happened(participantReferred(), '2026-02-03T09:00:00.000Z')])
        .when(toEducation, contextAt(SENT_AT, caseworkerOf(exampleIds.labourMarketUnit)))
        .events();
      expect(event).toMatchObject({
        type: 'ParticipantReferred',
        data: { fromOrganisationId: exampleIds.labourMarketUnit, toOrganisationId: exampleIds.adultEducation },
      });
    });

    it('refuses an organisation whose consent was withdrawn before anything was shared with it', () => {
      spec
        .given([...registered, happened(consentRecorded(), REGISTERED_AT), happened(consentWithdrawn(), REGISTERED_AT)])
        .when(
          referral({ toOrganisationId: exampleIds.adultEducation }),
          contextAt(SENT_AT, caseworkerOf(exampleIds.labourMarketUnit)),
        )
        .thenThrows(NotFoundError, 'participant-not-found');
    });
  });

  describe('When the receiver of an accepted referral refers onwards', () => {
    it('sends the referral from the receiver', () => {
      const everyone = consentRecorded({
        organisationIds: [exampleIds.socialServices, exampleIds.labourMarketUnit, exampleIds.adultEducation],
      });
      const onwards = referral({ referralId: exampleIds.secondReferral, toOrganisationId: exampleIds.adultEducation });
      spec
        .given([
          ...registered,
          happened(everyone, REGISTERED_AT),
          happened(participantReferred(), '2026-02-03T09:00:00.000Z'),
          happened(referralAccepted(), '2026-02-04T09:00:00.000Z'),
        ])
        .when(onwards, contextAt(SENT_AT, caseworkerOf(exampleIds.labourMarketUnit)))
        .then([
          participantReferred({
            referralId: exampleIds.secondReferral,
            fromOrganisationId: exampleIds.labourMarketUnit,
            toOrganisationId: exampleIds.adultEducation,
          }),
        ]);
    });
  });

  describe('When the organisation refers to itself', () => {
    it('refuses the referral', () => {
      spec
        .given(withConsent)
        .when(referral({ toOrganisationId: exampleIds.socialServices }), fromSocialServices)
        .thenThrows(ValidationError, 'referral-to-self');
    });
  });

  describe('When a referral to the same organisation still waits for an answer', () => {
    it('refuses a second one', () => {
      spec
        .given([...withConsent, happened(participantReferred(), '2026-02-03T09:00:00.000Z')])
        .when(referral({ referralId: exampleIds.secondReferral }), fromSocialServices)
        .thenThrows(IllegalStateError, 'referral-pending');
    });

    it('sends a referral to another organisation', () => {
      const everyone = consentRecorded({
        organisationIds: [exampleIds.socialServices, exampleIds.labourMarketUnit, exampleIds.adultEducation],
      });
      spec
        .given([...registered, happened(everyone, REGISTERED_AT), happened(participantReferred(), '2026-02-03T09:00:00.000Z')])
        .when(
          referral({ referralId: exampleIds.secondReferral, toOrganisationId: exampleIds.adultEducation }),
          fromSocialServices,
        )
        .then([participantReferred({ referralId: exampleIds.secondReferral, toOrganisationId: exampleIds.adultEducation })]);
    });
  });

  describe('When the earlier referral to the same organisation was answered or closed', () => {
    it.each([
      ['accepted', referralAccepted()],
      ['declined', referralDeclined()],
      ['withdrawn', referralWithdrawn()],
      ['expired', referralExpired()],
    ])('sends a new one after it was %s', (_outcome, answer) => {
      spec
        .given([
          ...withConsent,
          happened(participantReferred(), '2026-02-03T09:00:00.000Z'),
          happened(answer, '2026-02-04T09:00:00.000Z'),
        ])
        .when(referral({ referralId: exampleIds.secondReferral }), fromSocialServices)
        .then([participantReferred({ referralId: exampleIds.secondReferral })]);
    });
  });

  describe('When a referral with the same id is already recorded', () => {
    it('refuses to send it twice', () => {
      spec
        .given([...withConsent, happened(participantReferred(), '2026-02-03T09:00:00.000Z')])
        .when(referral({ toOrganisationId: exampleIds.employmentService }), fromSocialServices)
        .thenThrows(IllegalStateError, 'referral-exists');
    });
  });

  describe('When the reason is not in the list', () => {
    it('refuses the referral', () => {
      spec
        .given(withConsent)
        .when(referral({ reason: 'because' as never }), fromSocialServices)
        .thenThrows(ValidationError, 'referral-reason-invalid');
    });
  });

  describe('When the suggested track is not named by an id', () => {
    it('refuses the referral', () => {
      spec
        .given(withConsent)
        .when(referral({ suggestedTrackId: 'yrkesvux' }), fromSocialServices)
        .thenThrows(ValidationError, 'suggested-track-invalid');
    });
  });

  describe("When the receiver's deadline is not a whole number of days from 1 to 365", () => {
    it.each([0, 366, 1.5, Number.NaN])('refuses %p days', (deadlineDays) => {
      spec
        .given(withConsent)
        .when(referral({ deadlineDays }), fromSocialServices)
        .thenThrows(ValidationError, 'deadline-days-invalid');
    });
  });

  describe('When the journey is named', () => {
    it('refuses a journey the participant does not have', () => {
      spec
        .given(withConsent)
        .when(referral({ journeyId: exampleIds.journey }), fromSocialServices)
        .thenThrows(NotFoundError, 'journey-not-found');
    });

    it('refuses a closed journey', () => {
      spec
        .given([...withConsent, happened(journeyOpened(), REGISTERED_AT), happened(journeyClosed(), '2026-02-10T09:00:00.000Z')])
        .when(referral({ journeyId: exampleIds.journey }), fromSocialServices)
        .thenThrows(IllegalStateError, 'journey-closed');
    });
  });

  describe('When no participant is registered under the id', () => {
    it('refuses the referral', () => {
      spec.given([]).when(referral(), fromSocialServices).thenThrows(NotFoundError, 'participant-not-found');
    });
  });

  describe('When the referral is dated before the registration', () => {
    it('refuses it', () => {
      spec
        .given(withConsent)
        .when(referral(), contextAt('2026-02-01T09:00:00.000Z', caseworkerOf(exampleIds.socialServices), SENT_AT))
        .thenThrows(ValidationError, 'occurred-before-registration');
    });
  });

  describe('When the referral is dated in the future', () => {
    it('refuses it', () => {
      spec
        .given(withConsent)
        .when(referral(), contextAt('2026-02-15T09:00:00.000Z', caseworkerOf(exampleIds.socialServices), SENT_AT))
        .thenThrows(ValidationError, 'occurred-in-future');
    });
  });

  describe('For any consents and any referral date', () => {
    const HOUR_MS = 60 * 60 * 1000;
    const START = Date.parse('2026-01-01T00:00:00.000Z');
    const dayOf = (day: number) => new Date(START + day * 24 * HOUR_MS).toISOString().slice(0, 10);
    const instantOf = (ms: number) => new Date(START + ms).toISOString();

    // Days and hours are counted relative to the referral, so that the edges are hit often.
    const consentArbitrary = fc.record({
      namesReceiver: fc.boolean(),
      fromDay: fc.integer({ min: -40, max: 5 }),
      lengthDays: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
      // Hours either side, or a millisecond or two, where `before` and `at` part.
      withdrawnAfterMs: fc.option(
        fc.oneof(
          fc.integer({ min: -72, max: 72 }).map((hours) => hours * HOUR_MS),
          fc.integer({ min: -2, max: 2 }),
        ),
        { nil: undefined },
      ),
    });

    it('sends the referral exactly when a consent naming the receiver is valid that day and not withdrawn before it', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 40 * 24, max: 80 * 24 }),
          fc.array(consentArbitrary, { maxLength: 3 }),
          (referralHour, drawn) => {
            const referralMs = referralHour * HOUR_MS;
            // Consent days are Swedish calendar days, whatever the UTC date of the referral.
            const referralDay = Math.round(
              (Date.parse(`${dayInSweden(instantOf(referralMs))}T00:00:00.000Z`) - START) / (24 * HOUR_MS),
            );
            const consents = drawn.map((consent, i) => ({
              consentId: `c3d1b7a0-6e2f-4a58-b9c4-0e1f2a3b4c1${i}`,
              namesReceiver: consent.namesReceiver,
              fromDay: referralDay + consent.fromDay,
              untilDay: consent.lengthDays === undefined ? undefined : referralDay + consent.fromDay + consent.lengthDays,
              withdrawnMs: consent.withdrawnAfterMs === undefined ? undefined : referralMs + consent.withdrawnAfterMs,
            }));
            const history: StampedEvent<ParticipantEvent>[] = [happened(participantRegistered(), '2025-12-01T00:00:00.000Z')];
            for (const consent of consents) {
              const recorded = consentRecorded({
                consentId: consent.consentId,
                organisationIds: [consent.namesReceiver ? exampleIds.labourMarketUnit : exampleIds.adultEducation],
                validFrom: dayOf(consent.fromDay),
                validUntil: consent.untilDay === undefined ? undefined : dayOf(consent.untilDay),
              });
              history.push(happened(recorded, '2025-12-01T00:00:00.000Z'));
              if (consent.withdrawnMs !== undefined) {
                history.push(happened(consentWithdrawn(consent.consentId), instantOf(consent.withdrawnMs)));
              }
            }

            const covered = consents.some(
              (consent) =>
                consent.namesReceiver &&
                consent.fromDay <= referralDay &&
                (consent.untilDay === undefined || referralDay <= consent.untilDay) &&
                (consent.withdrawnMs === undefined || referralMs < consent.withdrawnMs),
            );

            const context = contextAt(instantOf(referralMs), caseworkerOf(exampleIds.socialServices), '2026-12-31T00:00:00.000Z');
            const outcome = thrownBy(spec.given(history).when(referral(), context).events);
            if (covered) {
              expect(outcome).toBeUndefined();
            } else {
              expect(outcome).toBeInstanceOf(IllegalStateError);
              expect(outcome).toHaveProperty('rule', 'consent-required');
            }
          },
        ),
      );
    });
  });
});

describe('The referral request', () => {
  const errorsIn = (body: object) =>
    validateSync(plainToInstance(ReferParticipantRequestDto, body), { whitelist: true, forbidNonWhitelisted: true }).map(
      (error) => error.property,
    );
  const body = {
    referralId: exampleIds.referral,
    toOrganisationId: exampleIds.labourMarketUnit,
    reason: 'work_preparation',
    journeyId: exampleIds.journey,
    suggestedTrackId: exampleIds.track,
    occurredAt: '2026-02-14T10:00:00+01:00',
  };

  it('accepts a well-formed referral', () => {
    expect(errorsIn(body)).toEqual([]);
  });

  it.each([
    ['referralId', 'remiss-1'],
    ['toOrganisationId', 'AME Eskilstuna'],
    ['reason', 'no_capacity'],
    ['journeyId', '42'],
    ['suggestedTrackId', 'yrkesvux'],
    ['occurredAt', '2026-02-14'],
    ['deadlineDays', 5],
    ['fromOrganisationId', exampleIds.socialServices],
  ])('refuses the %s %p', (field, value) => {
    expect(errorsIn({ ...body, [field]: value })).toEqual([field]);
  });
});
