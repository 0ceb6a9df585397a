import { act, render, renderHook, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiProblem } from '../../api/client';
import type { TimelineEntry } from '../../api/views';
import { ActionDialog } from './ActionDialog';
import { journeyState } from './journeyState';
import { useDraft } from './useDraft';
import { draftKey } from '../../auth/session';

let revision = 0;
const step = (type: string, data: Record<string, unknown>, occurredAt: string, eventId = `e${revision}`): TimelineEntry => ({
  eventId,
  type,
  data,
  occurredAt,
  recordedAt: occurredAt,
  revision: revision++,
});

describe('journeyState', () => {
  it('given a journey with an enrolment, an intervention and an exit, tells where it stands', () => {
    const entries = [
      step('JourneyOpened', { organisationId: 'ame' }, '2026-01-01T08:00:00Z'),
      step('TrackEnrolled', { enrolmentId: 'n1', trackId: 't1' }, '2026-01-02T08:00:00Z'),
      step(
        'InterventionPlanned',
        { interventionId: 'i1', type: 'praktik', providerOrganisationId: 'ame', enrolmentId: 'n1' },
        '2026-01-03T08:00:00Z',
      ),
      step('InterventionStarted', { interventionId: 'i1' }, '2026-01-04T08:00:00Z'),
      step(
        'LabourMarketStatusRecorded',
        { statusId: 's1', moment: 'exit', status: 'employed', expectedToLastOneMonth: true },
        '2026-02-01T08:00:00Z',
      ),
    ];
    const state = journeyState(entries);
    expect(state.status).toBe('open');
    expect(state.activeEnrolment).toMatchObject({ enrolmentId: 'n1', trackId: 't1' });
    expect(state.interventions).toEqual([
      expect.objectContaining({ interventionId: 'i1', status: 'started', startedAt: '2026-01-04T08:00:00Z' }),
    ]);
    expect(state.statuses).toEqual([
      expect.objectContaining({ moment: 'exit', status: 'employed', expectedToLastOneMonth: true }),
    ]);
  });

  it('when a step is corrected, leaves it out of the state and lists it with when it was recorded and corrected', () => {
    const entries = [
      step('JourneyOpened', { organisationId: 'ame' }, '2026-01-01T08:00:00Z'),
      step('TrackEnrolled', { enrolmentId: 'n1', trackId: 'wrong' }, '2026-01-02T08:00:00Z', 'enrolled'),
      {
        ...step('StepCorrected', { correctedEventId: 'enrolled', reason: 'fel spår' }, '2026-01-03T08:00:00Z'),
        recordedAt: '2026-01-05T08:00:00Z',
      },
    ];
    const state = journeyState(entries);
    expect(state.activeEnrolment).toBeUndefined();
    expect(state.corrected.has('enrolled')).toBe(true);
    expect(state.corrections).toEqual([
      expect.objectContaining({
        eventId: 'enrolled',
        recordedAt: '2026-01-02T08:00:00Z',
        correctedAt: '2026-01-05T08:00:00Z',
        reason: 'fel spår',
      }),
    ]);
  });

  it('closes and reopens', () => {
    const opened = step('JourneyOpened', { organisationId: 'ame' }, '2026-01-01T08:00:00Z');
    const closed = step('JourneyClosed', { reason: 'work' }, '2026-03-01T08:00:00Z');
    expect(journeyState([opened, closed])).toMatchObject({
      status: 'closed',
      closingReason: 'work',
      closedAt: '2026-03-01T08:00:00Z',
    });
    const reopened = journeyState([opened, closed, step('JourneyReopened', {}, '2026-04-01T08:00:00Z')]);
    expect(reopened.status).toBe('open');
    expect(reopened.closedAt).toBeUndefined();
  });
});

describe('useDraft', () => {
  beforeEach(() => sessionStorage.clear());

  it('keeps what was typed across a remount (a reload, a sign-in that ran out) until cleared', () => {
    const initial = { reason: '' };
    const first = renderHook(() => useDraft('j1.close', initial));
    act(() => first.result.current[1]('reason', 'work'));
    first.unmount();
    const again = renderHook(() => useDraft('j1.close', initial));
    expect(again.result.current[0]).toEqual({ reason: 'work' });
    act(() => again.result.current[2]());
    expect(again.result.current[0]).toEqual(initial);
    expect(sessionStorage.getItem(draftKey('j1.close'))).toBeNull();
  });

  it('keeps drafts of other journeys apart', () => {
    const initial = { reason: '' };
    const one = renderHook(() => useDraft('j1.close', initial));
    act(() => one.result.current[1]('reason', 'work'));
    expect(renderHook(() => useDraft('j2.close', initial)).result.current[0]).toEqual(initial);
  });
});

describe('ActionDialog', () => {
  beforeEach(() => sessionStorage.clear());
  const fields = [
    {
      name: 'reason',
      label: 'Varför avslutas resan?',
      kind: 'select' as const,
      required: true,
      options: [['work', 'Arbete']] as const,
    },
  ];

  it('shows the api’s field errors at the field and in a summary, and keeps the dialog open', async () => {
    const onClose = vi.fn();
    const onSubmit = vi.fn().mockRejectedValue(
      new ApiProblem({
        status: 400,
        type: 'https://samspar.se/problems/invalid-request',
        title: 'The request is not valid',
        errors: [{ field: 'reason', rule: 'is-in', message: 'reason must be one of the following values: work' }],
      }),
    );
    render(
      <ActionDialog
        title="Avsluta resan"
        submitLabel="Avsluta resan"
        fields={fields}
        initial={{}}
        draftKey="j1.close"
        onSubmit={onSubmit}
        onClose={onClose}
        onConflict={vi.fn()}
      />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Avsluta resan' }));
    expect(await screen.findByRole('link', { name: /Varför avslutas resan\?/ })).toBeTruthy();
    expect(screen.getByLabelText('Varför avslutas resan? *').getAttribute('aria-invalid')).toBe('true');
    expect(onClose).not.toHaveBeenCalled();
  });

  it('on a 412 says someone else changed the journey, asks the page to read it again, and keeps what was chosen', async () => {
    const onConflict = vi.fn();
    render(
      <ActionDialog
        title="Avsluta resan"
        submitLabel="Avsluta resan"
        fields={fields}
        initial={{}}
        draftKey="j1.close"
        onSubmit={() =>
          Promise.reject(
            new ApiProblem({ status: 412, type: 'https://samspar.se/problems/precondition-failed', title: 'Changed' }),
          )
        }
        onClose={vi.fn()}
        onConflict={onConflict}
      />,
    );
    await userEvent.selectOptions(screen.getByLabelText('Varför avslutas resan? *'), 'work');
    await userEvent.click(screen.getByRole('button', { name: 'Avsluta resan' }));
    expect(await screen.findByRole('alert')).toHaveProperty(
      'textContent',
      expect.stringContaining('Någon annan har ändrat resan'),
    );
    expect(onConflict).toHaveBeenCalledOnce();
    expect((screen.getByLabelText('Varför avslutas resan? *') as HTMLSelectElement).value).toBe('work');
  });

  it('after a success clears the draft and closes', async () => {
    const onClose = vi.fn();
    render(
      <ActionDialog
        title="Avsluta resan"
        submitLabel="Avsluta resan"
        fields={fields}
        initial={{}}
        draftKey="j1.close"
        onSubmit={() => Promise.resolve()}
        onClose={onClose}
        onConflict={vi.fn()}
      />,
    );
    await userEvent.selectOptions(screen.getByLabelText('Varför avslutas resan? *'), 'work');
    expect(sessionStorage.getItem(draftKey('j1.close'))).toContain('work');
    await userEvent.click(screen.getByRole('button', { name: 'Avsluta resan' }));
    await vi.waitFor(() => expect(onClose).toHaveBeenCalledOnce());
    expect(sessionStorage.getItem(draftKey('j1.close'))).toBeNull();
  });
});
