import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ReportTable } from './ReportPage';
import { REPORTS, kindOf } from './reports';

describe('report columns', () => {
  it('read shares as percent, days as days, names as text and the rest as counts', () => {
    expect(kindOf('workOrStudiesAtExitRate')).toBe('rate');
    expect(kindOf('followUp90dCoverage')).toBe('rate');
    expect(kindOf('acceptedShare')).toBe('rate');
    expect(kindOf('daysInTrackMedian')).toBe('days');
    expect(kindOf('medianDaysToAnswer')).toBe('days');
    expect(kindOf('trackName')).toBe('text');
    expect(kindOf('ended')).toBe('count');
  });
});

describe('ReportTable', () => {
  const outcomes = REPORTS.find((report) => report.key === 'outcomes')!;
  const answer = {
    asOf: '2026-12-06T10:00:00Z',
    columns: ['trackId', 'trackName', 'breakdown', 'started', 'ended', 'workOrStudiesAtExitRate'],
    rows: [
      {
        trackId: 't1',
        trackName: 'Arbetsträning',
        breakdown: 'all',
        started: 12,
        ended: 'suppressed',
        workOrStudiesAtExitRate: 'suppressed',
      },
      { trackId: 't2', trackName: 'Jobbspår', breakdown: 'all', started: 40, ended: 31, workOrStudiesAtExitRate: 0.452 },
    ],
  };

  it('prints every figure in Swedish, shows protected cells as .. with their meaning, and hides ids', () => {
    render(<ReportTable report={outcomes} answer={answer} filters={{ from: '2026-01-01', to: '2026-12-06' }} />);
    const table = screen.getByRole('table');
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((header) => header.textContent),
    ).toEqual(['Spår', 'Påbörjade', 'Avslutade', 'Andel arbete eller studier vid avslut']);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows[0]!.textContent).toBe('Arbetsträning12....');
    expect(within(rows[0]!).getAllByTitle('skyddad')).toHaveLength(2);
    // Swedish percent: a decimal comma and a no-break space before the sign.
    expect(rows[1]!.textContent).toBe('Jobbspår403145,2\u00a0%');
    expect(screen.getByText(/\.\. = uppgiften är skyddad/)).toBeTruthy();
  });

  it('says so when nothing matches, instead of an empty table', () => {
    render(<ReportTable report={outcomes} answer={{ ...answer, rows: [] }} filters={{ from: '2026-01-01', to: '2026-12-06' }} />);
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.getByText('Inga rader för det här urvalet.')).toBeTruthy();
  });
});
