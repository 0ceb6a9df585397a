import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Dialog, Field, Heading, Input, Label, Paragraph, Select, Table, Tag } from '@digdir/designsystemet-react';
import {
  addUnit,
  defineTrack,
  listAuditEntries,
  listReadModels,
  newId,
  rebuildReadModel,
  registerOrganisation,
  retireTrack,
} from '../../api/client';
import type { ApiProblem } from '../../api/client';
import { useOrganisationNames, useOrganisations, useTracks } from '../../api/organisations';
import { formatDateTime, formatNumber } from '../../i18n';
import { Loading } from '../../components/Loading';
import { PageHeading } from '../../components/PageHeading';
import { ProblemSummary } from '../../components/ProblemSummary';

const KINDS = [
  'social_services',
  'labour_market_unit',
  'adult_education',
  'employment_service',
  'social_insurance',
  'region_health',
  'coordination_association',
  'employer',
] as const;
const TRACK_KINDS = ['job_track', 'preparatory', 'education', 'employment'] as const;

/** A labelled field whose api errors show under it. */
function Labelled({
  id,
  label,
  problem,
  name,
  children,
}: {
  readonly id: string;
  readonly label: string;
  readonly problem: ApiProblem | undefined;
  readonly name: string;
  readonly children: ReactNode;
}) {
  const errors = problem?.fieldErrors[name] ?? [];
  return (
    <Field>
      <Label htmlFor={id}>{label}</Label>
      {children}
      {errors.length > 0 && (
        <Field.Description className="field-error">{errors.map((error) => error.message).join(' ')}</Field.Description>
      )}
    </Field>
  );
}

export function OrganisationsPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const organisations = useOrganisations();
  const [form, setForm] = useState({ name: '', kind: '', municipalityCode: '', referralDeadlineDays: '' });
  const [unit, setUnit] = useState({ organisationId: '', name: '' });
  const fields = {
    name: { id: 'org-name', label: t('admin.name') },
    kind: { id: 'org-kind', label: t('admin.kind') },
    municipalityCode: { id: 'org-municipality', label: t('admin.municipalityCode') },
    referralDeadlineDays: { id: 'org-deadline', label: t('admin.referralDeadlineDays') },
  };
  const unitFields = {
    organisationId: { id: 'unit-org', label: t('admin.organisation') },
    name: { id: 'unit-name', label: t('admin.unitName') },
  };
  const register = useMutation({
    mutationFn: async () =>
      registerOrganisation({
        headers: { 'Idempotency-Key': newId() },
        body: {
          organisationId: newId(),
          name: form.name,
          kind: form.kind as (typeof KINDS)[number],
          municipalityCode: form.municipalityCode,
          ...(form.referralDeadlineDays ? { referralDeadlineDays: Number(form.referralDeadlineDays) } : {}),
        },
      }),
    onSuccess: async () => {
      setForm({ name: '', kind: '', municipalityCode: '', referralDeadlineDays: '' });
      await queryClient.invalidateQueries({ queryKey: ['catalogue'] });
    },
  });
  const add = useMutation({
    mutationFn: async () =>
      addUnit({
        path: { organisationId: unit.organisationId },
        headers: { 'Idempotency-Key': newId() },
        body: { unitId: newId(), name: unit.name },
      }),
    onSuccess: () => setUnit({ ...unit, name: '' }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    register.mutate();
  };
  return (
    <section>
      <PageHeading title={t('admin.organisations')}>{t('admin.organisations')}</PageHeading>
      <div className="stack">
        <section aria-labelledby="org-register" className="panel">
          <Heading level={2} data-size="sm" id="org-register">
            {t('admin.registerOrganisation')}
          </Heading>
          <form onSubmit={submit} className="form" noValidate>
            {register.error && <ProblemSummary problem={register.error as unknown as ApiProblem} fields={fields} />}
            {register.isSuccess && (
              <Alert data-color="success" role="status">
                <Paragraph>{t('admin.registered')}</Paragraph>
              </Alert>
            )}
            <Labelled
              id={fields.name.id}
              label={`${fields.name.label} *`}
              name="name"
              problem={register.error as unknown as ApiProblem}
            >
              <Input id={fields.name.id} value={form.name} onChange={(event) => setForm({ ...form, name: event.target.value })} />
            </Labelled>
            <Labelled
              id={fields.kind.id}
              label={`${fields.kind.label} *`}
              name="kind"
              problem={register.error as unknown as ApiProblem}
            >
              <Select id={fields.kind.id} value={form.kind} onChange={(event) => setForm({ ...form, kind: event.target.value })}>
                <Select.Option value="">{t('journeyPage.choose')}</Select.Option>
                {KINDS.map((kind) => (
                  <Select.Option key={kind} value={kind}>
                    {t(`kinds.${kind}`, { defaultValue: kind })}
                  </Select.Option>
                ))}
              </Select>
            </Labelled>
            <Labelled
              id={fields.municipalityCode.id}
              label={`${fields.municipalityCode.label} *`}
              name="municipalityCode"
              problem={register.error as unknown as ApiProblem}
            >
              <Input
                id={fields.municipalityCode.id}
                inputMode="numeric"
                value={form.municipalityCode}
                onChange={(event) => setForm({ ...form, municipalityCode: event.target.value })}
              />
            </Labelled>
            <Labelled
              id={fields.referralDeadlineDays.id}
              label={fields.referralDeadlineDays.label}
              name="referralDeadlineDays"
              problem={register.error as unknown as ApiProblem}
            >
              <Input
                id={fields.referralDeadlineDays.id}
                inputMode="numeric"
                value={form.referralDeadlineDays}
                onChange={(event) => setForm({ ...form, referralDeadlineDays: event.target.value })}
              />
            </Labelled>
            <div>
              <Button type="submit" disabled={register.isPending}>
                {t('admin.registerOrganisation')}
              </Button>
            </div>
          </form>
        </section>
        <section aria-labelledby="unit-add" className="panel">
          <Heading level={2} data-size="sm" id="unit-add">
            {t('admin.addUnit')}
          </Heading>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              add.mutate();
            }}
            className="form"
            noValidate
          >
            {add.error && <ProblemSummary problem={add.error as unknown as ApiProblem} fields={unitFields} />}
            {add.isSuccess && (
              <Alert data-color="success" role="status">
                <Paragraph>{t('admin.unitAdded')}</Paragraph>
              </Alert>
            )}
            <Labelled
              id={unitFields.organisationId.id}
              label={`${unitFields.organisationId.label} *`}
              name="organisationId"
              problem={add.error as unknown as ApiProblem}
            >
              <Select
                id={unitFields.organisationId.id}
                value={unit.organisationId}
                onChange={(event) => setUnit({ ...unit, organisationId: event.target.value })}
              >
                <Select.Option value="">{t('journeyPage.choose')}</Select.Option>
                {(organisations.data ?? []).map((each) => (
                  <Select.Option key={each.organisationId} value={each.organisationId}>
                    {each.name}
                  </Select.Option>
                ))}
              </Select>
            </Labelled>
            <Labelled
              id={unitFields.name.id}
              label={`${unitFields.name.label} *`}
              name="name"
              problem={add.error as unknown as ApiProblem}
            >
              <Input
                id={unitFields.name.id}
                value={unit.name}
                onChange={(event) => setUnit({ ...unit, name: event.target.value })}
              />
            </Labelled>
            <div>
              <Button type="submit" disabled={add.isPending || unit.organisationId === ''}>
                {t('admin.addUnit')}
              </Button>
            </div>
          </form>
        </section>
        <section aria-labelledby="org-list" className="panel">
          <Heading level={2} data-size="sm" id="org-list">
            {t('admin.catalogue', { count: organisations.data?.length ?? 0 })}
          </Heading>
          {organisations.isPending && <Loading />}
          <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="org-list">
            <Table zebra data-size="sm">
              <Table.Head>
                <Table.Row>
                  <Table.HeaderCell>{t('admin.name')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('admin.kind')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('admin.municipalityCode')}</Table.HeaderCell>
                  <Table.HeaderCell className="number">{t('admin.referralDeadlineDays')}</Table.HeaderCell>
                </Table.Row>
              </Table.Head>
              <Table.Body>
                {(organisations.data ?? []).map((each) => (
                  <Table.Row key={each.organisationId}>
                    <Table.HeaderCell scope="row">{each.name}</Table.HeaderCell>
                    <Table.Cell>{t(`kinds.${each.kind}`, { defaultValue: each.kind })}</Table.Cell>
                    <Table.Cell>{each.municipalityCode}</Table.Cell>
                    <Table.Cell className="number">{each.referralDeadlineDays}</Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          </div>
        </section>
      </div>
    </section>
  );
}

export function TracksPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const tracks = useTracks();
  const organisations = useOrganisations();
  const nameOf = useOrganisationNames();
  const [form, setForm] = useState({ name: '', kind: '', ownerOrganisationId: '', employerOrganisationId: '', occupation: '' });
  const [retiring, setRetiring] = useState<{ trackId: string; name: string } | undefined>();
  const fields = {
    name: { id: 'track-name', label: t('admin.name') },
    kind: { id: 'track-kind', label: t('admin.trackKind') },
    ownerOrganisationId: { id: 'track-owner', label: t('admin.owner') },
    employerOrganisationIds: { id: 'track-employer', label: t('admin.employer') },
    occupation: { id: 'track-occupation', label: t('admin.occupation') },
  };
  const define = useMutation({
    mutationFn: async () =>
      defineTrack({
        headers: { 'Idempotency-Key': newId() },
        body: {
          trackId: newId(),
          name: form.name,
          kind: form.kind as (typeof TRACK_KINDS)[number],
          ownerOrganisationId: form.ownerOrganisationId,
          ...(form.employerOrganisationId ? { employerOrganisationIds: [form.employerOrganisationId] } : {}),
          ...(form.occupation ? { occupation: form.occupation } : {}),
        },
      }),
    onSuccess: async () => {
      setForm({ name: '', kind: '', ownerOrganisationId: '', employerOrganisationId: '', occupation: '' });
      await queryClient.invalidateQueries({ queryKey: ['catalogue'] });
    },
  });
  const retire = useMutation({
    mutationFn: async (trackId: string) =>
      retireTrack({ path: { trackId }, headers: { 'Idempotency-Key': newId() }, body: { reason: 'retired_by_admin' } }),
    onSuccess: async () => {
      setRetiring(undefined);
      await queryClient.invalidateQueries({ queryKey: ['catalogue'] });
    },
  });
  const problem = define.error as unknown as ApiProblem | undefined;
  const orgOptions = (organisations.data ?? []).map((each) => (
    <Select.Option key={each.organisationId} value={each.organisationId}>
      {each.name}
    </Select.Option>
  ));
  return (
    <section>
      <PageHeading title={t('admin.tracks')}>{t('admin.tracks')}</PageHeading>
      <div className="stack">
        <section aria-labelledby="track-define" className="panel">
          <Heading level={2} data-size="sm" id="track-define">
            {t('admin.defineTrack')}
          </Heading>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              define.mutate();
            }}
            className="form"
            noValidate
          >
            {problem && <ProblemSummary problem={problem} fields={fields} />}
            {define.isSuccess && (
              <Alert data-color="success" role="status">
                <Paragraph>{t('admin.trackDefined')}</Paragraph>
              </Alert>
            )}
            <Labelled id={fields.name.id} label={`${fields.name.label} *`} name="name" problem={problem}>
              <Input id={fields.name.id} value={form.name} onChange={(event) => setForm({ ...form, name: event.target.value })} />
            </Labelled>
            <Labelled id={fields.kind.id} label={`${fields.kind.label} *`} name="kind" problem={problem}>
              <Select id={fields.kind.id} value={form.kind} onChange={(event) => setForm({ ...form, kind: event.target.value })}>
                <Select.Option value="">{t('journeyPage.choose')}</Select.Option>
                {TRACK_KINDS.map((kind) => (
                  <Select.Option key={kind} value={kind}>
                    {t(`admin.trackKinds.${kind}`)}
                  </Select.Option>
                ))}
              </Select>
            </Labelled>
            <Labelled
              id={fields.ownerOrganisationId.id}
              label={`${fields.ownerOrganisationId.label} *`}
              name="ownerOrganisationId"
              problem={problem}
            >
              <Select
                id={fields.ownerOrganisationId.id}
                value={form.ownerOrganisationId}
                onChange={(event) => setForm({ ...form, ownerOrganisationId: event.target.value })}
              >
                <Select.Option value="">{t('journeyPage.choose')}</Select.Option>
                {orgOptions}
              </Select>
            </Labelled>
            {form.kind === 'job_track' && (
              <>
                <Labelled
                  id={fields.employerOrganisationIds.id}
                  label={`${fields.employerOrganisationIds.label} *`}
                  name="employerOrganisationIds"
                  problem={problem}
                >
                  <Select
                    id={fields.employerOrganisationIds.id}
                    value={form.employerOrganisationId}
                    onChange={(event) => setForm({ ...form, employerOrganisationId: event.target.value })}
                  >
                    <Select.Option value="">{t('journeyPage.choose')}</Select.Option>
                    {orgOptions}
                  </Select>
                </Labelled>
                <Labelled id={fields.occupation.id} label={`${fields.occupation.label} *`} name="occupation" problem={problem}>
                  <Input
                    id={fields.occupation.id}
                    value={form.occupation}
                    onChange={(event) => setForm({ ...form, occupation: event.target.value })}
                  />
                </Labelled>
              </>
            )}
            <div>
              <Button type="submit" disabled={define.isPending}>
                {t('admin.defineTrack')}
              </Button>
            </div>
          </form>
        </section>
        <section aria-labelledby="track-list" className="panel">
          <Heading level={2} data-size="sm" id="track-list">
            {t('admin.trackList')}
          </Heading>
          {retire.error && <ProblemSummary problem={retire.error as unknown as ApiProblem} />}
          <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="track-list">
            <Table zebra data-size="sm">
              <Table.Head>
                <Table.Row>
                  <Table.HeaderCell>{t('admin.name')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('admin.trackKind')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('admin.owner')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('admin.state')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('journeyPage.action')}</Table.HeaderCell>
                </Table.Row>
              </Table.Head>
              <Table.Body>
                {(tracks.data ?? []).map((track) => (
                  <Table.Row key={track.trackId}>
                    <Table.HeaderCell scope="row">{track.name}</Table.HeaderCell>
                    <Table.Cell>{t(`admin.trackKinds.${track.kind}`)}</Table.Cell>
                    <Table.Cell>{nameOf(track.ownerOrganisationId)}</Table.Cell>
                    <Table.Cell>
                      <Tag data-color={track.active ? 'success' : 'neutral'}>
                        {t(track.active ? 'admin.active' : 'admin.retired')}
                      </Tag>
                    </Table.Cell>
                    <Table.Cell>
                      {track.active && (
                        <Button
                          data-size="sm"
                          variant="tertiary"
                          onClick={() => setRetiring({ trackId: track.trackId, name: track.name })}
                        >
                          {t('admin.retireNamed', { name: track.name })}
                        </Button>
                      )}
                    </Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          </div>
        </section>
      </div>
      {retiring && (
        <Dialog open onClose={() => setRetiring(undefined)} closedby="any" aria-labelledby="retire-title">
          <Dialog.Block>
            <Heading level={2} data-size="sm" id="retire-title">
              {t('admin.retireNamed', { name: retiring.name })}
            </Heading>
            <Paragraph>{t('admin.retireConfirm')}</Paragraph>
            <div className="actions">
              <Button data-color="danger" onClick={() => retire.mutate(retiring.trackId)} disabled={retire.isPending}>
                {t('admin.retire')}
              </Button>
              <Button variant="secondary" onClick={() => setRetiring(undefined)}>
                {t('journeyPage.cancel')}
              </Button>
            </div>
          </Dialog.Block>
        </Dialog>
      )}
    </section>
  );
}

interface AuditEntry {
  readonly id: number;
  readonly at: string;
  readonly userId: string;
  readonly role: string;
  readonly organisationId: string | null;
  readonly action: string;
  readonly endpoint: string;
  readonly participantId: string | null;
  readonly outcome: string;
  readonly purpose: string | null;
}

const AUDIT_FILTERS = ['participantId', 'userId', 'organisationId', 'from', 'to'] as const;

export function AuditPage() {
  const { t } = useTranslation();
  const nameOf = useOrganisationNames();
  const [search, setSearch] = useSearchParams();
  const chosen = Object.fromEntries(AUDIT_FILTERS.flatMap((key) => (search.get(key) ? [[key, search.get(key)!]] : []))) as Record<
    string,
    string
  >;
  const [form, setForm] = useState<Record<string, string>>(chosen);
  const entries = useQuery({
    queryKey: ['audit', chosen],
    queryFn: async () => {
      const { from, to, ...rest } = chosen;
      const query = {
        ...rest,
        ...(from ? { from: new Date(`${from}T00:00:00`).toISOString() } : {}),
        ...(to ? { to: new Date(`${to}T23:59:59`).toISOString() } : {}),
        limit: 100,
      };
      return (await listAuditEntries({ query })).data as unknown as { entries: readonly AuditEntry[] };
    },
  });
  const rows = entries.data?.entries ?? [];
  return (
    <section>
      <PageHeading title={t('admin.audit')}>{t('admin.audit')}</PageHeading>
      <Paragraph>{t('admin.auditIntro')}</Paragraph>
      <form
        className="form report-filters"
        aria-label={t('reports.filtersLabel')}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setSearch(Object.fromEntries(Object.entries(form).filter(([, value]) => value)));
        }}
      >
        {AUDIT_FILTERS.map((key) => (
          <Field key={key}>
            <Label htmlFor={`audit-${key}`}>{t(`admin.auditFilters.${key}`)}</Label>
            <Input
              id={`audit-${key}`}
              type={key === 'from' || key === 'to' ? 'date' : 'text'}
              autoComplete="off"
              value={form[key] ?? ''}
              onChange={(event) => setForm({ ...form, [key]: event.target.value })}
            />
          </Field>
        ))}
        <div className="actions">
          <Button type="submit">{t('admin.search')}</Button>
        </div>
      </form>
      {entries.isPending && <Loading />}
      {entries.error && <ProblemSummary problem={entries.error as unknown as ApiProblem} />}
      {entries.data && rows.length === 0 && <Paragraph>{t('admin.noAudit')}</Paragraph>}
      {rows.length > 0 && (
        <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="audit-caption">
          <Table zebra data-size="sm">
            <caption id="audit-caption">{t('admin.auditCaption', { count: rows.length })}</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t('admin.at')}</Table.HeaderCell>
                <Table.HeaderCell>{t('admin.user')}</Table.HeaderCell>
                <Table.HeaderCell>{t('admin.organisation')}</Table.HeaderCell>
                <Table.HeaderCell>{t('admin.action')}</Table.HeaderCell>
                <Table.HeaderCell>{t('admin.endpoint')}</Table.HeaderCell>
                <Table.HeaderCell>{t('admin.outcome')}</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {rows.map((entry) => (
                <Table.Row key={entry.id}>
                  <Table.HeaderCell scope="row">{formatDateTime(entry.at)}</Table.HeaderCell>
                  <Table.Cell>
                    {entry.userId} ({t(`roles.${entry.role}`, { defaultValue: entry.role })})
                  </Table.Cell>
                  <Table.Cell>{entry.organisationId ? nameOf(entry.organisationId) : '–'}</Table.Cell>
                  <Table.Cell>{entry.action}</Table.Cell>
                  <Table.Cell>
                    <code>{entry.endpoint}</code>
                  </Table.Cell>
                  <Table.Cell>{entry.outcome}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </div>
      )}
    </section>
  );
}

interface Generation {
  readonly generation: number;
  readonly state: string;
  readonly eventsDone: number;
  readonly createdAt: string;
  readonly switchedAt?: string | null;
}
interface ReadModel {
  readonly name: string;
  readonly version: number;
  readonly runner?: {
    readonly caughtUp?: boolean;
    readonly lagSeconds?: number;
    readonly eventsApplied?: number;
    readonly position?: string;
  };
  readonly generations: readonly Generation[];
}

export function ReadModelsPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const models = useQuery({
    queryKey: ['read-models'],
    queryFn: async () => (await listReadModels()).data as unknown as readonly ReadModel[],
    // While a generation is being built, its progress is read every second.
    refetchInterval: (query) =>
      (query.state.data ?? []).some((model) =>
        model.generations.some((each) => each.state !== 'active' && each.state !== 'retired'),
      )
        ? 1000
        : false,
  });
  const [confirm, setConfirm] = useState<string | undefined>();
  const rebuild = useMutation({
    mutationFn: async (name: string) => rebuildReadModel({ path: { name }, headers: { 'Idempotency-Key': newId() } }),
    onSuccess: async () => {
      setConfirm(undefined);
      await queryClient.invalidateQueries({ queryKey: ['read-models'] });
    },
  });
  return (
    <section>
      <PageHeading title={t('admin.readModels')}>{t('admin.readModels')}</PageHeading>
      <Paragraph>{t('admin.readModelsIntro')}</Paragraph>
      {models.isPending && <Loading />}
      {models.error && <ProblemSummary problem={models.error as unknown as ApiProblem} />}
      {rebuild.error && <ProblemSummary problem={rebuild.error as unknown as ApiProblem} />}
      <ul className="plain-list stack">
        {(models.data ?? []).map((model) => {
          const active = model.generations.find((each) => each.state === 'active');
          const building = model.generations.find((each) => each.state !== 'active' && each.state !== 'retired');
          const total = model.runner?.eventsApplied ?? 0;
          return (
            <li key={model.name} className="panel">
              <Heading level={2} data-size="sm">
                {t(`admin.models.${model.name}`, { defaultValue: model.name })}
              </Heading>
              <Paragraph data-size="sm">
                {model.runner?.caughtUp ? t('admin.caughtUp') : t('admin.behind', { seconds: model.runner?.lagSeconds ?? '?' })}{' '}
                {t('admin.generation', { generation: active?.generation ?? '–', events: formatNumber(total) })}
              </Paragraph>
              {building && (
                <div>
                  <Label htmlFor={`progress-${model.name}`}>
                    {t('admin.rebuilding', {
                      generation: building.generation,
                      done: formatNumber(building.eventsDone),
                      total: formatNumber(total),
                    })}
                  </Label>
                  <progress
                    id={`progress-${model.name}`}
                    max={Math.max(total, building.eventsDone, 1)}
                    value={building.eventsDone}
                  />
                </div>
              )}
              {!building && (
                <Button variant="secondary" onClick={() => setConfirm(model.name)}>
                  {t('admin.rebuildNamed', { name: t(`admin.models.${model.name}`, { defaultValue: model.name }) })}
                </Button>
              )}
              {!building && rebuild.isSuccess && rebuild.variables === model.name && <p role="status">{t('admin.rebuilt')}</p>}
            </li>
          );
        })}
      </ul>
      {confirm && (
        <Dialog open onClose={() => setConfirm(undefined)} closedby="any" aria-labelledby="rebuild-title">
          <Dialog.Block>
            <Heading level={2} data-size="sm" id="rebuild-title">
              {t('admin.rebuildNamed', { name: t(`admin.models.${confirm}`, { defaultValue: confirm }) })}
            </Heading>
            <Paragraph>{t('admin.rebuildConfirm')}</Paragraph>
            <div className="actions">
              <Button onClick={() => rebuild.mutate(confirm)} disabled={rebuild.isPending}>
                {t('admin.rebuild')}
              </Button>
              <Button variant="secondary" onClick={() => setConfirm(undefined)}>
                {t('journeyPage.cancel')}
              </Button>
            </div>
          </Dialog.Block>
        </Dialog>
      )}
    </section>
  );
}
