import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { ApiProblem } from '../api/client';
import { ExpiryWarning, phaseOf } from '../auth/ExpiryWarning';
import { Signed } from '../auth/Signed';
import { draftKey, signIn, signOut } from '../auth/session';
import type { Session } from '../auth/session';
import { ProblemSummary } from './ProblemSummary';
import { ReportCell, cellText } from './ReportCell';

describe('ProblemSummary', () => {
  const problem = new ApiProblem({
    status: 400,
    type: 'https://samspar.se/problems/invalid-request',
    title: 'The request is not valid',
    errors: [
      { field: 'personnummer', rule: 'personnummer-check-digit', message: 'The last digit does not match the others.' },
      { field: 'gender', rule: 'some-new-rule', message: 'gender is odd' },
    ],
  });

  it('lists each field error as a link to its field, in Swedish where the rule is known, and takes focus', async () => {
    render(
      <>
        <ProblemSummary
          problem={problem}
          fields={{
            personnummer: { id: 'pnr', label: 'Personnummer' },
            gender: { id: 'gender', label: 'Kön' },
          }}
        />
        <input id="pnr" aria-label="Personnummer" />
      </>,
    );
    const links = screen.getAllByRole('link');
    expect(links.map((link) => link.textContent)).toEqual([
      'Personnummer: Sista siffran stämmer inte med de andra. Kontrollera om du skrivit fel.',
      // A rule the app has no words for yet: the api's own message.
      'Kön: gender is odd',
    ]);
    expect(links[0]).toHaveAttribute('href', '#pnr');
    expect(screen.getByText('Formuläret har 2 fel')).toBeInTheDocument();
    expect(document.activeElement).toHaveClass('ds-error-summary');
    await userEvent.click(links[0]!);
    expect(location.hash).toBe('#pnr');
  });

  it('shows a problem that names no field of the form as an alert', () => {
    render(
      <ProblemSummary
        problem={new ApiProblem({ status: 412, type: 'https://samspar.se/problems/precondition-failed', title: 'x' })}
      />,
    );
    expect(screen.getByText(/Någon annan har ändrat deltagarens resa/)).toBeInTheDocument();
  });
});

describe('Report cells', () => {
  it('use the Swedish statistics convention and Swedish numbers', () => {
    expect(cellText('suppressed')).toBe('..');
    expect(cellText('not_available')).toBe('–');
    expect(cellText(0.5625, 'rate')).toBe('56,3\u00a0%');
    expect(cellText(12345)).toBe('12\u00a0345');
    expect(cellText(121.5, 'days')).toBe('121,5');
  });

  it('explain `..` to a screen reader', () => {
    render(<ReportCell cell="suppressed" />);
    expect(screen.getByTitle('skyddad')).toHaveTextContent('..');
  });
});

describe('ExpiryWarning', () => {
  const session = (expiresAt: number): Session => ({
    token: 't',
    userId: 'u',
    role: 'caseworker',
    organisationIds: [],
    expiresAt,
    mode: 'development',
  });

  it('warns five minutes before the sign-in ends, and again when it has', () => {
    const now = Date.parse('2026-12-06T10:00:00Z');
    expect(phaseOf(now + 6 * 60_000, now)).toBe('fine');
    expect(phaseOf(now + 4 * 60_000, now)).toBe('soon');
    expect(phaseOf(now, now)).toBe('expired');
    const { rerender } = render(
      <MemoryRouter>
        <ExpiryWarning session={session(now + 4 * 60_000)} now={() => now} />
      </MemoryRouter>,
    );
    expect(screen.getByRole('status')).toHaveTextContent('Din inloggning upphör kl. 11:04');
    rerender(
      <MemoryRouter>
        <ExpiryWarning session={session(now + 60 * 60_000)} now={() => now} />
      </MemoryRouter>,
    );
    expect(screen.queryByRole('status')).toBeNull();
  });
});

describe('Signed', () => {
  const session: Session = {
    token: 't',
    userId: 'u',
    role: 'caseworker',
    organisationIds: ['org'],
    expiresAt: Date.now() + 3_600_000,
    mode: 'development',
  };
  function SignInProbe() {
    const location = useLocation();
    return <p>{`sign-in from ${(location.state as { from?: string } | null)?.from ?? 'nowhere'}`}</p>;
  }
  const app = () =>
    render(
      <MemoryRouter initialEntries={['/deltagare/p1?flik=samtycke']}>
        <Routes>
          <Route path="/inloggning" element={<SignInProbe />} />
          <Route path="/deltagare/:id" element={<Signed children={<p>the participant</p>} />} />
        </Routes>
      </MemoryRouter>,
    );

  it('sends an expired sign-in back to the page it was on, but not a user who signed out', () => {
    signIn(session);
    const expired = app();
    act(() => signOut('expired'));
    expect(screen.getByText('sign-in from /deltagare/p1?flik=samtycke')).toBeTruthy();
    expired.unmount();
    signIn(session);
    app();
    // Whoever signs in next at this computer starts at the start page, not in this participant's journey.
    act(() => signOut('user'));
    expect(screen.getByText('sign-in from nowhere')).toBeTruthy();
  });
});

describe('Drafts', () => {
  const as = (userId: string): Session => ({
    token: 't',
    userId,
    role: 'caseworker',
    organisationIds: ['org'],
    expiresAt: Date.now() + 3_600_000,
    mode: 'development',
  });

  it('are kept for the same user when the sign-in runs out, and never shown to the next user', () => {
    signIn(as('anna'));
    sessionStorage.setItem(draftKey('register'), '{"personnummer":"19851224-9012"}');
    signOut('expired');
    signIn(as('anna'));
    expect(sessionStorage.getItem(draftKey('register'))).toContain('19851224');
    signOut('expired');
    // Someone else signs in at this tab: Anna's draft is not theirs.
    signIn(as('bertil'));
    expect(sessionStorage.getItem(draftKey('register'))).toBeNull();
  });

  it('go when the user signs out', () => {
    signIn(as('anna'));
    sessionStorage.setItem(draftKey('register'), '{"personnummer":"19851224-9012"}');
    sessionStorage.setItem(draftKey('p1.decline'), '{"reason":"other"}');
    sessionStorage.setItem('unrelated', 'kept');
    signOut('user');
    expect(Object.keys(sessionStorage).filter((key) => key.startsWith('samspar.draft.'))).toEqual([]);
    expect(sessionStorage.getItem('unrelated')).toBe('kept');
  });
});
