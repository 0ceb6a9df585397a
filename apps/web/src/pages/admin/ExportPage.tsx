import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Field, Input, Label, Paragraph, Select } from '@digdir/designsystemet-react';
import { exportEvaluationEvents } from '../../api/client';
import type { ApiProblem } from '../../api/client';
import { today } from '../../i18n';
import { PageHeading } from '../../components/PageHeading';
import { ProblemSummary } from '../../components/ProblemSummary';

/** The evaluator's pseudonymised export of the event history, as a file. */
export function ExportPage() {
  const { t } = useTranslation();
  const [form, setForm] = useState({ from: '', to: today(), category: '', format: 'ndjson' });
  const [problem, setProblem] = useState<ApiProblem | undefined>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<number | undefined>();
  const fields = { from: { id: 'export-from', label: t('evaluation.from') }, to: { id: 'export-to', label: t('evaluation.to') } };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    setDone(undefined);
    try {
      const answer = await exportEvaluationEvents({
        query: {
          ...(form.from ? { from: form.from } : {}),
          // The form's last day is included; the api's `to` is the day after.
          ...(form.to ? { to: new Date(Date.parse(`${form.to}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10) } : {}),
          ...(form.category ? { category: form.category as 'participant' | 'organisation' | 'track' } : {}),
          format: form.format as 'ndjson' | 'csv',
        },
        parseAs: 'blob',
      });
      const blob = answer.data as unknown as Blob;
      const url = URL.createObjectURL(blob);
      const anchor = document.createElement('a');
      anchor.href = url;
      anchor.download = `samspar-export-${form.to}.${form.format === 'csv' ? 'csv' : 'ndjson'}`;
      anchor.click();
      URL.revokeObjectURL(url);
      setDone(blob.size);
    } catch (error) {
      setProblem(error as ApiProblem);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section>
      <PageHeading title={t('evaluation.title')}>{t('evaluation.title')}</PageHeading>
      <Paragraph>{t('evaluation.intro')}</Paragraph>
      <form onSubmit={(event) => void submit(event)} className="form" noValidate>
        {problem && <ProblemSummary problem={problem} fields={fields} />}
        {done !== undefined && (
          <Alert data-color="success" role="status">
            <Paragraph>{t('evaluation.done', { kb: Math.ceil(done / 1024) })}</Paragraph>
          </Alert>
        )}
        <Field>
          <Label htmlFor={fields.from.id}>{fields.from.label}</Label>
          <Input
            id={fields.from.id}
            type="date"
            value={form.from}
            onChange={(event) => setForm({ ...form, from: event.target.value })}
          />
        </Field>
        <Field>
          <Label htmlFor={fields.to.id}>{fields.to.label}</Label>
          <Input
            id={fields.to.id}
            type="date"
            max={today()}
            value={form.to}
            onChange={(event) => setForm({ ...form, to: event.target.value })}
          />
        </Field>
        <Field>
          <Label htmlFor="export-category">{t('evaluation.category')}</Label>
          <Select
            id="export-category"
            value={form.category}
            onChange={(event) => setForm({ ...form, category: event.target.value })}
          >
            <Select.Option value="">{t('reports.any')}</Select.Option>
            {(['participant', 'organisation', 'track'] as const).map((category) => (
              <Select.Option key={category} value={category}>
                {t(`evaluation.categories.${category}`)}
              </Select.Option>
            ))}
          </Select>
        </Field>
        <Field>
          <Label htmlFor="export-format">{t('evaluation.format')}</Label>
          <Select id="export-format" value={form.format} onChange={(event) => setForm({ ...form, format: event.target.value })}>
            <Select.Option value="ndjson">NDJSON</Select.Option>
            <Select.Option value="csv">CSV</Select.Option>
          </Select>
        </Field>
        <div>
          <Button type="submit" disabled={busy}>
            {busy ? t('evaluation.busy') : t('evaluation.download')}
          </Button>
        </div>
      </form>
    </section>
  );
}
