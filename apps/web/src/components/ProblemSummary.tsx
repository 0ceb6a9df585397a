import { useCallback, useEffect, useRef } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Alert, ErrorSummary, Paragraph } from '@digdir/designsystemet-react';
import type { ApiProblem, FieldError } from '../api/client';

export interface ProblemSummaryProps {
  readonly problem: ApiProblem;
  /** The form's fields: the api's field name → the input's id and its label. */
  readonly fields?: Readonly<Record<string, { readonly id: string; readonly label: string }>>;
}

/**
 * What went wrong, where focus lands after a failed submit: each field error links to its field; a problem that
 * names no field of the form is shown as the api described it.
 */
export function ProblemSummary({ problem, fields = {} }: ProblemSummaryProps) {
  const { t } = useTranslation();
  // Focus moves here whenever a new problem comes, so the user hears it and can follow its links.
  const node = useRef<HTMLElement | null>(null);
  const ref = useCallback((element: HTMLElement | null) => {
    node.current = element;
  }, []);
  useEffect(() => node.current?.focus(), [problem]);
  const fieldErrors = Object.entries(problem.fieldErrors).filter(([field]) => fields[field] !== undefined);
  if (fieldErrors.length === 0) {
    return (
      <Alert data-color="danger" ref={ref} tabIndex={-1}>
        <Paragraph>{problemText(problem, t)}</Paragraph>
      </Alert>
    );
  }
  const count = fieldErrors.reduce((sum, [, errors]) => sum + errors.length, 0);
  return (
    <ErrorSummary ref={ref} tabIndex={-1}>
      <ErrorSummary.Heading>{t('errors.summary', { count })}</ErrorSummary.Heading>
      <ErrorSummary.List>
        {fieldErrors.flatMap(([field, errors]) =>
          errors.map((error) => (
            <ErrorSummary.Item key={`${field}:${error.rule}`}>
              <ErrorSummary.Link href={`#${fields[field]!.id}`}>
                {fields[field]!.label}: {fieldMessage(error, t)}
              </ErrorSummary.Link>
            </ErrorSummary.Item>
          )),
        )}
      </ErrorSummary.List>
    </ErrorSummary>
  );
}

/** A problem in words for the user: the api's detail, or what a network failure means for them. */
export function problemText(problem: ApiProblem, t: TFunction): string {
  if (problem.status === 0) return t('errors.network');
  if (problem.status === 412) return t('errors.changedMeanwhile');
  if (problem.status === 403) return t('errors.forbidden');
  return t('errors.generic', { detail: problem.detail ?? problem.title });
}

/** The rule in the user's language when we know it, else the api's own message. */
export function fieldMessage(error: FieldError, t: TFunction): string {
  return t(`rules.${error.rule}`, { defaultValue: error.message });
}
