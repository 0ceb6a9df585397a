/** The JSON Schemas of the participant reads, for the OpenAPI document; the views are folded from events. */
const uuid = { type: 'string', format: 'uuid' } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;
const record = { type: 'object', additionalProperties: true } as const;

export const JOURNEY_VIEW_SCHEMA = {
  type: 'object',
  required: ['journeyId', 'organisationId', 'status', 'openedAt', 'enrolments', 'interventions', 'statuses', 'corrected'],
  properties: {
    journeyId: uuid,
    organisationId: uuid,
    status: { type: 'string', enum: ['open', 'closed'] },
    openedAt: dateTime,
    closedAt: dateTime,
    closingReason: { type: 'string' },
    caseworkerId: { type: 'string' },
    unitId: uuid,
    activeEnrolmentId: uuid,
    enrolments: { type: 'array', items: record },
    interventions: { type: 'array', items: record },
    statuses: { type: 'array', items: record },
    corrected: { type: 'array', items: uuid, description: 'Event ids of the steps marked as recorded in error' },
  },
};

export const PARTICIPANT_VIEW_SCHEMA = {
  type: 'object',
  required: ['participantId', 'registrationShared', 'protectedIdentity', 'consents', 'referrals', 'journeys', 'revision'],
  properties: {
    participantId: uuid,
    registrationShared: {
      type: 'boolean',
      description: 'Whether the registration (and so personal data) is shared with the caller',
    },
    organisationId: uuid,
    registeredAt: dateTime,
    identified: { type: 'boolean' },
    protectedIdentity: { type: 'boolean' },
    attributes: record,
    personal: {
      oneOf: [
        { type: 'object', required: ['status', 'value'], properties: { status: { const: 'ok' }, value: {} } },
        { type: 'object', required: ['status'], properties: { status: { const: 'erased' } } },
      ],
    },
    consents: { type: 'array', items: record },
    referrals: { type: 'array', items: record },
    journeys: { type: 'array', items: JOURNEY_VIEW_SCHEMA },
    revision: { type: 'integer', minimum: 0 },
  },
};

export const PARTICIPANT_FOUND_SCHEMA = { type: 'object', required: ['participantId'], properties: { participantId: uuid } };

export const TIMELINE_SCHEMA = {
  type: 'array',
  items: {
    type: 'object',
    required: ['eventId', 'type', 'data', 'occurredAt', 'recordedAt', 'revision'],
    properties: {
      eventId: { ...uuid, description: 'Name it as stepEventId to correct this step' },
      type: { type: 'string' },
      data: {},
      occurredAt: dateTime,
      recordedAt: dateTime,
      revision: { type: 'integer', minimum: 0 },
      actor: { type: 'object', required: ['role'], properties: { role: { type: 'string' }, organisationId: uuid } },
    },
  },
};

export const PERSONNUMMER_SCHEMA = {
  type: 'object',
  required: ['personnummer'],
  properties: { personnummer: { type: 'string', description: 'YYYYMMDDNNNC' } },
};
