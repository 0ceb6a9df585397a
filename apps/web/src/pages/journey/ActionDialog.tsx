import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Alert,
  Button,
  Checkbox,
  Dialog,
  Field,
  Fieldset,
  Heading,
  Input,
  Label,
  Paragraph,
  Select,
  Textarea,
  ValidationMessage,
} from '@digdir/designsystemet-react';
import { ApiProblem } from '../../api/client';
import { ProblemSummary, fieldMessage } from '../../components/ProblemSummary';
import { useDraft } from './useDraft';
import type { DraftValues } from './useDraft';

export interface FieldSpec {
  /** The api's field name, so its errors land here. */
  readonly name: string;
  readonly label: string;
  readonly kind: 'select' | 'date' | 'text' | 'checkboxes' | 'yesno';
  readonly options?: ReadonlyArray<readonly [string, string]>;
  readonly required?: boolean;
  readonly help?: string;
  readonly shown?: (values: DraftValues) => boolean;
}

export interface ActionDialogProps {
  readonly title: string;
  readonly intro?: string;
  readonly submitLabel: string;
  readonly fields: readonly FieldSpec[];
  readonly initial: DraftValues;
  /** Where the draft is kept: the journey and the action. */
  readonly draftKey: string;
  readonly onSubmit: (values: DraftValues) => Promise<void>;
  readonly onClose: () => void;
  /** Called on a 412, so the page reads the journey again. */
  readonly onConflict: () => void;
}

/**
 * One casework action in a modal dialog: its fields keep what was typed (drafts), the api's field errors show at
 * the fields and in a summary, and a 412 says someone else changed the journey while the form stays filled in.
 */
export function ActionDialog(props: ActionDialogProps) {
  const { t } = useTranslation();
  const base = useId();
  const initial = useMemo(() => props.initial, [props.initial]);
  const [values, set, clear] = useDraft(props.draftKey, initial);
  const [problem, setProblem] = useState<ApiProblem | undefined>();
  const [busy, setBusy] = useState(false);
  const ids = Object.fromEntries(props.fields.map((field) => [field.name, `${base}-${field.name}`]));
  const summaryFields = Object.fromEntries(
    props.fields.map((field) => [field.name, { id: ids[field.name]!, label: field.label }]),
  );
  const shown = props.fields.filter((field) => !field.shown || field.shown(values));

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      await props.onSubmit(values);
      clear();
      props.onClose();
    } catch (error) {
      const failure = error instanceof ApiProblem ? error : new ApiProblem({ status: 0, type: 'network', title: String(error) });
      if (failure.status === 412) props.onConflict();
      setProblem(failure);
    } finally {
      setBusy(false);
    }
  }

  const errorsOf = (name: string) => problem?.fieldErrors[name] ?? [];
  return (
    <Dialog open onClose={props.onClose} closedby="any" aria-labelledby={`${base}-title`} className="action-dialog">
      <Dialog.Block>
        <Heading level={2} data-size="sm" id={`${base}-title`}>
          {props.title}
        </Heading>
        {props.intro && <Paragraph data-size="sm">{props.intro}</Paragraph>}
      </Dialog.Block>
      <Dialog.Block>
        <form onSubmit={(event) => void submit(event)} noValidate className="stack">
          {problem?.status === 412 && (
            <Alert data-color="warning" role="alert">
              <Paragraph>{t('journeyPage.conflict')}</Paragraph>
            </Alert>
          )}
          {problem && problem.status !== 412 && <ProblemSummary problem={problem} fields={summaryFields} />}
          {shown.map((field) => {
            const id = ids[field.name]!;
            const errors = errorsOf(field.name);
            const invalid = errors.length > 0 ? { 'aria-invalid': true as const } : {};
            const label = `${field.label}${field.required ? ' *' : ''}`;
            const message = errors.length > 0 && (
              <ValidationMessage>{errors.map((error) => fieldMessage(error, t)).join(' ')}</ValidationMessage>
            );
            if (field.kind === 'checkboxes' || field.kind === 'yesno') {
              const chosen = values[field.name];
              return (
                <Fieldset key={field.name} id={id} tabIndex={-1} {...invalid}>
                  <Fieldset.Legend>{label}</Fieldset.Legend>
                  {field.help && <Fieldset.Description>{field.help}</Fieldset.Description>}
                  {field.kind === 'checkboxes'
                    ? (field.options ?? []).map(([value, text]) => (
                        <Checkbox
                          key={value}
                          label={text}
                          value={value}
                          checked={Array.isArray(chosen) && chosen.includes(value)}
                          onChange={(event) => {
                            const now = Array.isArray(chosen) ? (chosen as readonly string[]) : [];
                            set(field.name, event.target.checked ? [...now, value] : now.filter((each) => each !== value));
                          }}
                        />
                      ))
                    : (
                        [
                          ['yes', t('journeyPage.yes')],
                          ['no', t('journeyPage.no')],
                        ] as const
                      ).map(([value, text]) => (
                        <label key={value} className="radio">
                          <input
                            type="radio"
                            name={id}
                            value={value}
                            checked={chosen === value}
                            onChange={() => set(field.name, value)}
                          />{' '}
                          {text}
                        </label>
                      ))}
                  {message}
                </Fieldset>
              );
            }
            return (
              <Field key={field.name}>
                <Label htmlFor={id}>{label}</Label>
                {field.help && <Field.Description>{field.help}</Field.Description>}
                {field.kind === 'select' ? (
                  <Select
                    id={id}
                    value={String(values[field.name] ?? '')}
                    onChange={(event) => set(field.name, event.target.value)}
                    {...invalid}
                  >
                    <Select.Option value="">{t('journeyPage.choose')}</Select.Option>
                    {(field.options ?? []).map(([value, text]) => (
                      <Select.Option key={value} value={value}>
                        {text}
                      </Select.Option>
                    ))}
                  </Select>
                ) : field.kind === 'text' ? (
                  <Textarea
                    id={id}
                    rows={3}
                    value={String(values[field.name] ?? '')}
                    onChange={(event) => set(field.name, event.target.value)}
                    {...invalid}
                  />
                ) : (
                  <Input
                    id={id}
                    type="date"
                    value={String(values[field.name] ?? '')}
                    onChange={(event) => set(field.name, event.target.value)}
                    {...invalid}
                  />
                )}
                {message}
              </Field>
            );
          })}
          <div className="actions">
            <Button type="submit" disabled={busy}>
              {props.submitLabel}
            </Button>
            <Button type="button" variant="secondary" onClick={props.onClose}>
              {t('journeyPage.cancel')}
            </Button>
          </div>
        </form>
      </Dialog.Block>
    </Dialog>
  );
}
