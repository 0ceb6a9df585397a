import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Field, Input, Label, Paragraph, Select, ValidationMessage } from '@digdir/designsystemet-react';
import { ApiProblem, newId, registerParticipant } from '../api/client';
import type { RegisterParticipantRequestDto } from '../api/client';
import { PageHeading } from '../components/PageHeading';
import { ProblemSummary, fieldMessage } from '../components/ProblemSummary';
import { draftKey } from '../auth/session';

interface Draft {
  personnummer: string;
  firstName: string;
  lastName: string;
  gender: string;
  newlyArrived: boolean;
  educationBand: string;
  /** Kept with the draft, so that a retry after a lost connection cannot register the person twice. */
  participantId: string;
  idempotencyKey: string;
}

const GENDERS = ['kvinna', 'man', 'annat'] as const;
const EDUCATION_BANDS = ['isced_0_2', 'isced_3_4', 'isced_5_8', 'unknown'] as const;

const emptyDraft = (): Draft => ({
  personnummer: '',
  firstName: '',
  lastName: '',
  gender: '',
  newlyArrived: false,
  educationBand: '',
  participantId: newId(),
  idempotencyKey: newId(),
});

// Kept in this tab's sessionStorage, per user: it survives a sign-in running out or a reload, and goes when the tab
// does or the user signs out.
function loadDraft(): Draft {
  try {
    const stored = sessionStorage.getItem(draftKey('register'));
    return stored ? { ...emptyDraft(), ...(JSON.parse(stored) as Partial<Draft>) } : emptyDraft();
  } catch {
    return emptyDraft();
  }
}

export function RegisterParticipantPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [draft, setDraft] = useState<Draft>(loadDraft);
  const firstRender = useRef(true);

  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    sessionStorage.setItem(draftKey('register'), JSON.stringify(draft));
  }, [draft]);

  const fields = {
    personnummer: { id: 'register-personnummer', label: t('register.personnummer') },
    firstName: { id: 'register-first-name', label: t('register.firstName') },
    lastName: { id: 'register-last-name', label: t('register.lastName') },
    gender: { id: 'register-gender', label: t('register.gender') },
    newlyArrived: { id: 'register-newly-arrived', label: t('register.newlyArrived') },
    educationBand: { id: 'register-education', label: t('register.educationBand') },
  };

  const register = useMutation({
    mutationFn: async (value: Draft) => {
      const body = {
        participantId: value.participantId,
        personnummer: value.personnummer.trim(),
        ...(value.firstName.trim() ? { firstName: value.firstName.trim() } : {}),
        ...(value.lastName.trim() ? { lastName: value.lastName.trim() } : {}),
        ...(value.gender ? { gender: value.gender } : {}),
        newlyArrived: value.newlyArrived,
        ...(value.educationBand ? { educationBand: value.educationBand } : {}),
      } as RegisterParticipantRequestDto;
      await registerParticipant({ body, headers: { 'Idempotency-Key': value.idempotencyKey } });
      return value.participantId;
    },
    onSuccess: (participantId) => {
      sessionStorage.removeItem(draftKey('register'));
      void navigate(`/deltagare/${participantId}`, { state: { registered: true } });
    },
    // A refused body is a new attempt: the next one gets a new Idempotency-Key (the same key with another body is 422).
    onError: (error) => {
      if (error instanceof ApiProblem && error.status >= 400 && error.status < 500) {
        setDraft((current) => ({ ...current, idempotencyKey: newId() }));
      }
    },
  });

  const problem = register.error instanceof ApiProblem ? register.error : undefined;
  const errorsOf = (field: keyof typeof fields) => problem?.fieldErrors[field] ?? [];
  const invalid = (field: keyof typeof fields) => errorsOf(field).length > 0;
  const message = (field: keyof typeof fields) =>
    invalid(field) ? (
      <ValidationMessage>
        {errorsOf(field)
          .map((error) => fieldMessage(error, t))
          .join(' ')}
      </ValidationMessage>
    ) : null;
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((current) => ({ ...current, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    register.mutate(draft);
  };

  return (
    <section className="narrow">
      <PageHeading title={t('register.title')}>{t('register.title')}</PageHeading>
      <Paragraph>{t('register.intro')}</Paragraph>
      <Paragraph data-size="sm">{t('register.draftKept')}</Paragraph>
      {problem && <ProblemSummary problem={problem} fields={fields} />}
      {/* Without a connection the registration waits, and is sent (once: it has its Idempotency-Key) when it is back. */}
      {register.isPaused && (
        <Alert data-color="warning" role="alert">
          <Paragraph>{t('register.offline')}</Paragraph>
        </Alert>
      )}
      <form onSubmit={submit} className="form" noValidate>
        <Field>
          <Label htmlFor={fields.personnummer.id}>{fields.personnummer.label} *</Label>
          <Field.Description id="register-personnummer-help">{t('register.personnummerHelp')}</Field.Description>
          <Input
            id={fields.personnummer.id}
            name="personnummer"
            autoComplete="off"
            inputMode="numeric"
            required
            aria-invalid={invalid('personnummer') || undefined}
            value={draft.personnummer}
            onChange={(event) => set('personnummer', event.target.value)}
          />
          {message('personnummer')}
        </Field>
        <Field>
          <Label htmlFor={fields.firstName.id}>{fields.firstName.label}</Label>
          <Input
            id={fields.firstName.id}
            name="firstName"
            autoComplete="off"
            aria-invalid={invalid('firstName') || undefined}
            value={draft.firstName}
            onChange={(event) => set('firstName', event.target.value)}
          />
          {message('firstName')}
        </Field>
        <Field>
          <Label htmlFor={fields.lastName.id}>{fields.lastName.label}</Label>
          <Input
            id={fields.lastName.id}
            name="lastName"
            autoComplete="off"
            aria-invalid={invalid('lastName') || undefined}
            value={draft.lastName}
            onChange={(event) => set('lastName', event.target.value)}
          />
          {message('lastName')}
        </Field>
        <Field>
          <Label htmlFor={fields.gender.id}>{fields.gender.label} *</Label>
          <Select
            id={fields.gender.id}
            name="gender"
            required
            aria-invalid={invalid('gender') || undefined}
            value={draft.gender}
            onChange={(event) => set('gender', event.target.value)}
          >
            <Select.Option value="">{t('register.choose')}</Select.Option>
            {GENDERS.map((gender) => (
              <Select.Option key={gender} value={gender}>
                {t(`register.genders.${gender}`)}
              </Select.Option>
            ))}
          </Select>
          {message('gender')}
        </Field>
        <Field>
          <Label htmlFor={fields.educationBand.id}>{fields.educationBand.label} *</Label>
          <Select
            id={fields.educationBand.id}
            name="educationBand"
            required
            aria-invalid={invalid('educationBand') || undefined}
            value={draft.educationBand}
            onChange={(event) => set('educationBand', event.target.value)}
          >
            <Select.Option value="">{t('register.choose')}</Select.Option>
            {EDUCATION_BANDS.map((band) => (
              <Select.Option key={band} value={band}>
                {t(`register.educationBands.${band}`)}
              </Select.Option>
            ))}
          </Select>
          {message('educationBand')}
        </Field>
        <Checkbox
          id={fields.newlyArrived.id}
          name="newlyArrived"
          label={fields.newlyArrived.label}
          checked={draft.newlyArrived}
          onChange={(event) => set('newlyArrived', event.target.checked)}
        />
        <div>
          <Button type="submit" disabled={register.isPending}>
            {register.isPending ? t('register.saving') : t('register.submit')}
          </Button>
        </div>
      </form>
    </section>
  );
}
