import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useMutation } from '@tanstack/react-query';
import { Button, Field, Input, Label, ValidationMessage } from '@digdir/designsystemet-react';
import { ApiProblem, findParticipant } from '../api/client';
import { PageHeading } from '../components/PageHeading';
import { ProblemSummary, fieldMessage } from '../components/ProblemSummary';

export function FindParticipantPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [personnummer, setPersonnummer] = useState('');
  const find = useMutation({
    mutationFn: async (value: string) => {
      const { data } = await findParticipant({ query: { personnummer: value.trim() } });
      return (data as { participantId: string }).participantId;
    },
    onSuccess: (participantId) => void navigate(`/deltagare/${participantId}`),
  });
  const problem = find.error instanceof ApiProblem ? find.error : undefined;
  const fieldErrors = problem?.fieldErrors.personnummer ?? [];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    find.mutate(personnummer);
  };
  return (
    <section className="narrow">
      <PageHeading title={t('find.title')}>{t('find.title')}</PageHeading>
      {problem && problem.status === 404 ? (
        <ProblemSummary problem={new ApiProblem({ ...problem, detail: t('find.notFound') })} />
      ) : (
        problem && (
          <ProblemSummary
            problem={problem}
            fields={{ personnummer: { id: 'find-personnummer', label: t('find.personnummer') } }}
          />
        )
      )}
      <form onSubmit={submit} className="form" role="search" noValidate>
        <Field>
          <Label htmlFor="find-personnummer">{t('find.personnummer')}</Label>
          <Input
            id="find-personnummer"
            autoComplete="off"
            inputMode="numeric"
            value={personnummer}
            aria-invalid={fieldErrors.length > 0 || undefined}
            onChange={(event) => setPersonnummer(event.target.value)}
          />
          {fieldErrors.length > 0 && (
            <ValidationMessage>{fieldErrors.map((error) => fieldMessage(error, t)).join(' ')}</ValidationMessage>
          )}
        </Field>
        <div>
          <Button type="submit" disabled={find.isPending}>
            {t('find.submit')}
          </Button>
        </div>
      </form>
    </section>
  );
}
