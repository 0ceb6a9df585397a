import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ForbiddenError, IllegalStateError, NotFoundError, ValidationError } from '@samspar/kernel';
import {
  addUnit,
  adminAt,
  catalogueIds,
  organisationRegistered,
  unitAdded,
  otherAdminAt,
  systemAdminAt,
} from '../catalogue.examples';
import { caseworkerOf, contextAt, deciderSpec } from '../testing';
import { addUnitDecider } from './add-unit';
import { AddUnitRequestDto } from './add-unit.request.dto';

const spec = deciderSpec(addUnitDecider);
const at = '2026-03-02T09:00:00.000Z';

describe('Adding a unit', () => {
  it('records the unit', () => {
    spec.given([organisationRegistered.example()]).when(addUnit.example(), adminAt(at)).then([unitAdded.example()]);
  });

  it('adds a second unit with another name', () => {
    spec
      .given([organisationRegistered.example(), unitAdded.example()])
      .when(addUnit.example({ unitId: catalogueIds.otherUnit, name: '  Ungdomsteamet ' }), adminAt(at))
      .then([unitAdded.example({ unitId: catalogueIds.otherUnit, name: 'Ungdomsteamet' })]);
  });

  it('is for admins only', () => {
    spec
      .given([organisationRegistered.example()])
      .when(addUnit.example(), contextAt(at, caseworkerOf(catalogueIds.organisation)))
      .thenThrows(ForbiddenError, 'admin-only');
  });

  it('refuses an admin of another organisation with 403 not-record-owner, and lets a system admin act', () => {
    spec
      .given([organisationRegistered.example()])
      .when(addUnit.example(), otherAdminAt(at))
      .thenThrows(ForbiddenError, 'not-record-owner');
    expect(spec.given([organisationRegistered.example()]).when(addUnit.example(), systemAdminAt(at)).events()).toHaveLength(1);
  });

  it('refuses a blank name', () => {
    spec
      .given([organisationRegistered.example()])
      .when(addUnit.example({ name: ' ' }), adminAt(at))
      .thenThrows(ValidationError, 'name-length');
  });

  describe('When the organisation is not registered', () => {
    it('refuses the unit', () => {
      spec.given([]).when(addUnit.example(), adminAt(at)).thenThrows(NotFoundError, 'organisation-not-found');
    });
  });

  describe('When the unit was already added', () => {
    it('refuses the same id, even under another name', () => {
      spec
        .given([organisationRegistered.example(), unitAdded.example()])
        .when(addUnit.example({ name: 'Ungdomsteamet' }), adminAt(at))
        .thenThrows(IllegalStateError, 'unit-exists');
    });

    it.each(['Jobbtorget', 'JOBBTORGET', ' jobbtorget '])('refuses a new unit named %j', (name) => {
      spec
        .given([organisationRegistered.example(), unitAdded.example()])
        .when(addUnit.example({ unitId: catalogueIds.otherUnit, name }), adminAt(at))
        .thenThrows(IllegalStateError, 'unit-name-taken');
    });
  });
});

describe('The request to add a unit', () => {
  const valid = { unitId: catalogueIds.unit, name: 'Jobbtorget' };
  const failedFields = (body: object) => validateSync(plainToInstance(AddUnitRequestDto, body)).map((error) => error.property);

  it('becomes a command for the organisation in the path', () => {
    expect(failedFields(valid)).toEqual([]);
    expect(plainToInstance(AddUnitRequestDto, valid).toCommand(catalogueIds.organisation)).toEqual(addUnit.example());
  });

  it.each([
    ['unitId', { unitId: 'jobbtorget' }],
    ['name', { name: 'x'.repeat(201) }],
    ['occurredAt', { occurredAt: 'last monday' }],
  ])('refuses a bad %s', (field, change) => {
    expect(failedFields({ ...valid, ...change })).toEqual([field]);
  });
});
