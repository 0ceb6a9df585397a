import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ForbiddenError, IllegalStateError, ValidationError } from '@samspar/kernel';
import {
  adminAt,
  catalogueIds,
  systemAdminAt,
  organisationRegistered,
  registerOrganisation,
  unitAdded,
} from '../catalogue.examples';
import { evolveOrganisation, initialOrganisationState, OrganisationEvent } from '../organisation';
import { caseworkerOf, contextAt, deciderSpec, happened } from '../testing';
import { registerOrganisationDecider } from './register-organisation';
import { RegisterOrganisationRequestDto } from './register-organisation.request.dto';

const spec = deciderSpec(registerOrganisationDecider);
const at = '2026-03-02T09:00:00.000Z';

describe('Registering an organisation', () => {
  it('records the organisation', () => {
    spec
      .given([])
      .when(registerOrganisation.example({ referralDeadlineDays: 14 }), systemAdminAt(at))
      .then([organisationRegistered.example({ referralDeadlineDays: 14 })]);
  });

  it('gives referrals the default deadline of 30 days when none is named', () => {
    spec
      .given([])
      .when(registerOrganisation.example(), systemAdminAt(at))
      .then([organisationRegistered.example({ referralDeadlineDays: 30 })]);
  });

  it('trims the name', () => {
    spec
      .given([])
      .when(registerOrganisation.example({ name: '  Komvux Strängnäs ' }), systemAdminAt(at))
      .then([organisationRegistered.example({ name: 'Komvux Strängnäs' })]);
  });

  it('is for admins only', () => {
    spec
      .given([])
      .when(registerOrganisation.example(), contextAt(at, caseworkerOf(catalogueIds.organisation)))
      .thenThrows(ForbiddenError, 'admin-only');
  });

  it("is for the region's system admin only: an organisation's own admin cannot add one", () => {
    spec.given([]).when(registerOrganisation.example(), adminAt(at)).thenThrows(ForbiddenError, 'system-admin-only');
  });

  describe('When the organisation is already registered', () => {
    it('refuses to register it again', () => {
      spec
        .given([organisationRegistered.example()])
        .when(registerOrganisation.example(), systemAdminAt(at))
        .thenThrows(IllegalStateError, 'organisation-exists');
    });
  });

  it.each(['', '   ', 'x'.repeat(201)])('refuses the name %j', (name) => {
    spec.given([]).when(registerOrganisation.example({ name }), systemAdminAt(at)).thenThrows(ValidationError, 'name-length');
  });

  it('refuses a kind outside the vocabulary', () => {
    spec
      .given([])
      .when(registerOrganisation.example({ organisationKind: 'church' as never }), systemAdminAt(at))
      .thenThrows(ValidationError, 'organisation-kind-unknown');
  });

  it.each(['484', '04840', '04a4', ' 0484'])('refuses the municipality code %j', (municipalityCode) => {
    spec
      .given([])
      .when(registerOrganisation.example({ municipalityCode }), systemAdminAt(at))
      .thenThrows(ValidationError, 'municipality-code-invalid');
  });

  it.each([0, 366, 1.5, -30])('refuses a referral deadline of %j days', (referralDeadlineDays) => {
    spec
      .given([])
      .when(registerOrganisation.example({ referralDeadlineDays }), systemAdminAt(at))
      .thenThrows(ValidationError, 'referral-deadline-days-out-of-range');
  });

  it.each([1, 365])('accepts a referral deadline of %j days', (referralDeadlineDays) => {
    spec
      .given([])
      .when(registerOrganisation.example({ referralDeadlineDays }), systemAdminAt(at))
      .then([organisationRegistered.example({ referralDeadlineDays })]);
  });
});

describe('The organisation stream', () => {
  it('folds registration and units, dated when they happened', () => {
    const state = [
      happened<OrganisationEvent>(organisationRegistered.example(), '2026-01-10T08:00:00.000Z'),
      happened<OrganisationEvent>(unitAdded.example(), '2026-01-11T08:00:00.000Z'),
    ].reduce(evolveOrganisation, initialOrganisationState);
    expect(state).toEqual({
      status: 'registered',
      ...organisationRegistered.example().data,
      registeredAt: '2026-01-10T08:00:00.000Z',
      units: { [catalogueIds.unit]: { unitId: catalogueIds.unit, name: 'Jobbtorget', addedAt: '2026-01-11T08:00:00.000Z' } },
    });
  });

  it('ignores a unit added before the organisation was registered', () => {
    expect(evolveOrganisation(initialOrganisationState, happened(unitAdded.example(), at))).toEqual(initialOrganisationState);
  });

  it('ignores event types it does not know', () => {
    const registered = evolveOrganisation(initialOrganisationState, happened(organisationRegistered.example(), at));
    const unknown = happened({ type: 'OrganisationMerged', data: {} } as unknown as OrganisationEvent, at);
    expect(evolveOrganisation(registered, unknown)).toBe(registered);
  });
});

describe('The request to register an organisation', () => {
  const valid = {
    organisationId: catalogueIds.organisation,
    name: 'Arbetsmarknadsenheten, Eskilstuna kommun',
    kind: 'labour_market_unit',
    municipalityCode: '0484',
  };
  const failedFields = (body: object) =>
    validateSync(plainToInstance(RegisterOrganisationRequestDto, body)).map((error) => error.property);

  it('becomes a command, leaving the deadline to the default', () => {
    expect(failedFields(valid)).toEqual([]);
    expect(plainToInstance(RegisterOrganisationRequestDto, valid).toCommand()).toEqual(registerOrganisation.example());
  });

  it('takes an optional deadline and an optional date-time', () => {
    expect(failedFields({ ...valid, referralDeadlineDays: 45, occurredAt: '2026-03-01T10:00:00+01:00' })).toEqual([]);
  });

  it.each([
    ['organisationId', { organisationId: 'c0a80101-0000-1000-8000-00805f9b34fb' }],
    ['name', { name: '' }],
    ['kind', { kind: 'church' }],
    ['municipalityCode', { municipalityCode: '484' }],
    ['referralDeadlineDays', { referralDeadlineDays: 366 }],
    ['occurredAt', { occurredAt: '2026-03-01' }],
  ])('refuses a bad %s', (field, change) => {
    expect(failedFields({ ...valid, ...change })).toEqual([field]);
  });
});
