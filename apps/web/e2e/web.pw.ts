import { expect, test } from '@playwright/test';
import {
  LABOUR_MARKET_UNIT,
  SOCIAL_SERVICES,
  axeChecked,
  expectNoAxeViolations,
  organisationId,
  personnummer,
  referParticipant,
  screenshot,
  signIn,
  tokenFor,
  watchConsole,
} from './support';

test.afterAll(() => {
  process.stdout.write(
    `axe (wcag2a, wcag2aa, wcag21a, wcag21aa): ${axeChecked.length} page states checked, each with 0 violations\n`,
  );
});

test.describe('Sign-in', () => {
  test('the development page lists roles and demo organisations, and signs in', async ({ page }) => {
    const console = watchConsole(page);
    await page.goto('/');
    // Not signed in: to the sign-in page, which is Swedish.
    await expect(page).toHaveURL(/\/inloggning$/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'sv');
    await expect(page.getByLabel('Organisation').locator('option')).toHaveCount(61);
    await expectNoAxeViolations(page, 'sign-in');
    await screenshot(page, 'sign-in');
    await signIn(page, 'caseworker', SOCIAL_SERVICES);
    await expect(page.getByRole('navigation', { name: 'Huvudmeny' })).toBeVisible();
    await expectNoAxeViolations(page, 'home (caseworker)');
    expect(console).toEqual([]);
  });

  test('the accessibility statement is there without signing in', async ({ page }) => {
    await page.goto('/inloggning');
    await page.getByRole('link', { name: 'Tillgänglighetsredogörelse' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Tillgänglighet för Samspår' })).toBeFocused();
    await expect(page.getByRole('heading', { level: 2, name: 'Tillsyn' })).toBeVisible();
    await expectNoAxeViolations(page, 'accessibility statement');
  });

  test('a skip link leads past the menu to the main content', async ({ page }) => {
    await signIn(page, 'caseworker', SOCIAL_SERVICES);
    // A fresh page load: the skip link is the first thing Tab reaches.
    await page.goto('/deltagare/ny');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Hoppa till huvudinnehållet' });
    await expect(skip).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.locator('#main')).toBeFocused();
  });
});

test.describe('Registering a participant', () => {
  test('shows the api’s field errors in a summary that links to each field', async ({ page }) => {
    const console = watchConsole(page);
    await signIn(page, 'caseworker', SOCIAL_SERVICES);
    await page.getByRole('link', { name: 'Registrera deltagare' }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: 'Registrera deltagare' })).toBeFocused();
    await expectNoAxeViolations(page, 'register (empty)');

    // Nothing chosen: the api names each field (problem+json errors[]).
    await page.getByLabel('Personnummer *').fill('19900101-2384');
    await page.getByRole('button', { name: 'Registrera' }).click();
    const summary = page.locator('.ds-error-summary');
    await expect(summary).toBeVisible();
    await expect(summary).toBeFocused();
    await expect(summary.getByRole('link')).toHaveCount(2);
    await expect(summary).toContainText('Kön: Välj ett av alternativen.');
    await expect(summary).toContainText('Högsta utbildning: Välj ett av alternativen.');
    await expect(page.getByLabel('Kön *')).toHaveAttribute('aria-invalid', 'true');
    await screenshot(page, 'register-errors');
    await expectNoAxeViolations(page, 'register (missing choices)');
    // The link takes the user to the field.
    await summary.getByRole('link', { name: /Kön/ }).click();
    await expect(page.getByLabel('Kön *')).toBeFocused();

    // Then a typing error in the check digit.
    await page.getByLabel('Kön *').selectOption('kvinna');
    await page.getByLabel('Högsta utbildning *').selectOption('isced_3_4');
    await page.getByRole('button', { name: 'Registrera' }).click();
    await expect(summary.getByRole('link')).toHaveText([
      'Personnummer: Sista siffran stämmer inte med de andra. Kontrollera om du skrivit fel.',
    ]);
    await expect(page.getByLabel('Personnummer *')).toHaveAttribute('aria-invalid', 'true');
    await expectNoAxeViolations(page, 'register (personnummer error)');

    const pnr = personnummer();
    await page.getByLabel('Personnummer *').fill(pnr);
    await page.getByLabel('Förnamn').fill('Anna');
    await page.getByLabel('Efternamn').fill('Berg');
    await page.getByRole('button', { name: 'Registrera' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Anna Berg' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Deltagaren är registrerad.' })).toBeVisible();
    // Consent first: the first section after the heading.
    await expect(page.getByRole('heading', { level: 2 }).first()).toHaveText('Samtycken');
    await expect(page.getByText(`${pnr.slice(0, 8)}-****`)).toBeVisible();
    await expectNoAxeViolations(page, 'participant overview');
    await screenshot(page, 'participant');
    // The last four digits come from the api only when asked for (an audited read), and go again.
    await page.getByRole('button', { name: 'Visa hela personnumret (loggas)' }).click();
    await expect(page.getByText(pnr)).toBeVisible();
    await page.getByRole('button', { name: 'Dölj de sista siffrorna' }).click();
    await expect(page.getByText(pnr)).toBeHidden();
    expect(console).toEqual([]);
  });

  test('can be done with the keyboard alone', async ({ page }) => {
    await signIn(page, 'caseworker', SOCIAL_SERVICES);
    // From the top of the page: skip link, then the menu, to "Registrera deltagare".
    let steps = 0;
    while (
      !(await page
        .getByRole('link', { name: 'Registrera deltagare' })
        .first()
        .evaluate((link) => link === document.activeElement))
    ) {
      await page.keyboard.press('Tab');
      steps += 1;
      expect(steps).toBeLessThan(15);
    }
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'Registrera deltagare' })).toBeFocused();
    const tabTo = async (label: string) => {
      for (let i = 0; i < 10; i += 1) {
        await page.keyboard.press('Tab');
        if (await page.getByLabel(label).evaluate((field) => field === document.activeElement)) return;
      }
      throw new Error(`Tab never reached ${label}`);
    };
    await tabTo('Personnummer *');
    await page.keyboard.type(personnummer('19780607'));
    await tabTo('Förnamn');
    await page.keyboard.type('Karin');
    await tabTo('Efternamn');
    await page.keyboard.type('Ek');
    await tabTo('Kön *');
    await page.keyboard.press('ArrowDown');
    await tabTo('Högsta utbildning *');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await tabTo('Nyanländ (mindre än tre år i Sverige)');
    await expect(page.getByRole('checkbox')).toBeFocused();
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: 'Registrera' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'Karin Ek' })).toBeFocused();
  });

  test('keeps what was typed across a lost connection and an expired sign-in, and not for the next user', async ({ page }) => {
    await signIn(page, 'caseworker', SOCIAL_SERVICES);
    await page.goto('/deltagare/ny');
    const pnr = personnummer('19790623');
    await page.getByLabel('Personnummer *').fill(pnr);
    await page.getByLabel('Förnamn').fill('Maja');
    await page.getByLabel('Kön *').selectOption('kvinna');

    await page.getByLabel('Högsta utbildning *').selectOption('isced_3_4');

    // The connection goes: the registration waits, says so, and is sent once the connection is back.
    await page.context().setOffline(true);
    await page.getByRole('button', { name: 'Registrera' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Ingen anslutning just nu.' })).toBeVisible();
    await expect(page.getByLabel('Personnummer *')).toHaveValue(pnr);
    await expectNoAxeViolations(page, 'register (no connection)');
    await page.context().setOffline(false);
    await expect(page.getByRole('heading', { level: 1, name: 'Maja' })).toBeVisible();

    // A second form; the sign-in runs out: signed in again as the same user, the form is as it was.
    await page.goto('/deltagare/ny');
    await page.getByLabel('Personnummer *').fill(pnr);
    await page.getByLabel('Förnamn').fill('Maja');
    await page.evaluate(() => {
      const session = JSON.parse(sessionStorage.getItem('samspar.session')!) as { expiresAt: number };
      sessionStorage.setItem('samspar.session', JSON.stringify({ ...session, expiresAt: Date.now() - 1000 }));
    });
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Logga in' })).toBeVisible();
    await page.getByLabel('Roll').selectOption('caseworker');
    await page.getByLabel('Organisation', { exact: true }).selectOption({ label: SOCIAL_SERVICES });
    await page.getByRole('button', { name: 'Logga in' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Registrera deltagare' })).toBeVisible();
    await expect(page.getByLabel('Personnummer *')).toHaveValue(pnr);
    await expect(page.getByLabel('Förnamn')).toHaveValue('Maja');

    // Signing out takes the draft away: the next user at this computer gets an empty form.
    await page.getByRole('button', { name: 'Logga ut' }).click();
    await signIn(page, 'caseworker', SOCIAL_SERVICES);
    await page.goto('/deltagare/ny');
    await expect(page.getByLabel('Personnummer *')).toHaveValue('');
    await expect(page.getByLabel('Förnamn')).toHaveValue('');
  });

  test('reflows at 320 px (400 % zoom) without scrolling sideways', async ({ page }) => {
    await signIn(page, 'caseworker', SOCIAL_SERVICES);
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto('/deltagare/ny');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(320);
    await expectNoAxeViolations(page, 'register at 320 px');
  });
});

test.describe('The referral inbox', () => {
  test('shows referrals to the organisation, takes a new one in live, and leads to a journey and its replay', async ({
    page,
    request,
  }) => {
    const console = watchConsole(page);
    const receiver = await organisationId(request, LABOUR_MARKET_UNIT);
    const sender = await organisationId(request, SOCIAL_SERVICES);
    await signIn(page, 'caseworker', LABOUR_MARKET_UNIT);
    await page.getByRole('link', { name: 'Inkorg' }).first().click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Inkorg – remisser att besvara');
    const rows = page.locator('table tbody tr');
    await expect(page.getByText('Inkorgen uppdateras automatiskt.')).toBeVisible();
    await expect(rows.first()).toBeVisible();
    const before = await rows.count();
    await expectNoAxeViolations(page, 'inbox');
    await screenshot(page, 'inbox');

    const participantId = await referParticipant(request, await tokenFor(request, 'caseworker', [sender]), receiver);
    // The event stream brings it: no reload.
    await expect(rows).toHaveCount(before + 1, { timeout: 20_000 });
    await expectNoAxeViolations(page, 'inbox after a live update');

    // Accepting takes it out of the inbox.
    await page.getByRole('button', { name: `Ta emot remiss ${before + 1}` }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Remissen är mottagen.' })).toBeVisible();
    await expect(rows).toHaveCount(before);

    // The receiver sees the person through the consent, opens a journey (If-Match), and sees its timeline.
    await page.goto(`/deltagare/${participantId}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Sara Lind' })).toBeVisible();
    await page.getByRole('button', { name: 'Öppna en resa' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Resa' })).toBeFocused();
    await expect(page.locator('.timeline')).toContainText('Resan öppnades');
    await expectNoAxeViolations(page, 'journey timeline');
    await screenshot(page, 'journey');
    const journeyId = page.url().split('/resor/')[1]!;

    // An evaluator of the same organisation replays it: there today, not yet the day before.
    await page.getByRole('button', { name: 'Logga ut' }).click();
    await signIn(page, 'evaluator', LABOUR_MARKET_UNIT);
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());
    const historyReads: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/history')) historyReads.push(request.url());
    });
    await page.goto(`/utvardering/resa?deltagare=${participantId}&resa=${journeyId}&datum=${today}`);
    await expect(page.locator('.timeline')).toContainText('Resan öppnades');
    await expect(page.getByText('Läge: Öppen')).toBeVisible();
    await expect(page.locator('.ds-spinner')).toHaveCount(0);
    const settled = historyReads.length;
    await expectNoAxeViolations(page, 'journey as of today (evaluator)');
    // Today's "now" is taken once: the page does not read the history again and again while it is open.
    expect(historyReads.length).toBe(settled);
    const yesterday = new Date(Date.parse(`${today}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Datum').fill(yesterday);
    await page.getByRole('button', { name: 'Visa', exact: true }).click();
    await expect(page.getByText('Inga händelser ännu.')).toBeVisible();
    await expect(page.getByText('Läge: Öppen')).toHaveCount(0);
    await expectNoAxeViolations(page, 'journey as of the day before (evaluator)');
    expect(console).toEqual([]);
  });
});

test.describe('Declining a referral', () => {
  test('asks for a reason (an error first), takes it out of the inbox, and the sender sees why in its outbox', async ({
    page,
    request,
  }) => {
    const console = watchConsole(page);
    const receiver = await organisationId(request, LABOUR_MARKET_UNIT);
    const sender = await organisationId(request, SOCIAL_SERVICES);
    const participantId = await referParticipant(request, await tokenFor(request, 'caseworker', [sender]), receiver);
    await signIn(page, 'caseworker', LABOUR_MARKET_UNIT);
    await page.goto('/inkorg');
    const row = page.locator('table tbody tr').filter({ has: page.locator(`a[href="/deltagare/${participantId}"]`) });
    await expect(row).toHaveCount(1, { timeout: 20_000 });
    await row.getByRole('button', { name: /^Avböj remiss/ }).click();
    const dialog = page.getByRole('dialog', { name: /^Avböj remiss/ });
    await expect(dialog).toBeVisible();
    // Sent without a reason: the api's field error, at the field and in the summary.
    await dialog.getByRole('button', { name: 'Avböj' }).click();
    await expect(dialog.locator('.ds-error-summary')).toBeVisible();
    await expect(dialog.getByLabel('Skäl *')).toHaveAttribute('aria-invalid', 'true');
    await expectNoAxeViolations(page, 'decline dialog with errors');
    await dialog.getByLabel('Skäl *').selectOption('no_capacity');
    await dialog.getByRole('button', { name: 'Avböj' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('status').filter({ hasText: /är avböjd/ })).toBeFocused();
    await expect(row).toHaveCount(0);

    // The sender's outbox: declined, with the reason.
    await page.getByRole('button', { name: 'Logga ut' }).click();
    await signIn(page, 'caseworker', SOCIAL_SERVICES);
    await page.getByRole('link', { name: 'Utkorg' }).first().click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Utkorg – skickade remisser');
    await page.getByLabel('Läge').selectOption('declined');
    await expect(page).toHaveURL(/status=declined/);
    const sent = page.locator('table tbody tr').filter({ has: page.locator(`a[href="/deltagare/${participantId}"]`) });
    await expect(sent).toContainText('Avböjd – Ingen plats just nu');
    await expect(sent).toContainText(LABOUR_MARKET_UNIT);
    await expectNoAxeViolations(page, 'outbox, declined');
    await screenshot(page, 'outbox');
    // Nothing sent is left unanswered in this state: an empty list says so.
    await page.getByLabel('Läge').selectOption('expired');
    await expect(page.getByText('Inga skickade remisser i det här läget.').or(page.locator('table'))).toBeVisible();
    await expectNoAxeViolations(page, 'outbox, another state');
    expect(console).toEqual([]);
  });
});

test.describe('The outcome report', () => {
  test('shows a chart with values printed, no bar for protected values, and the same as a table', async ({ page }) => {
    const console = watchConsole(page);
    await signIn(page, 'manager', LABOUR_MARKET_UNIT);
    await page.getByRole('link', { name: 'Utfall per spår' }).first().click();
    await page.getByLabel('Från och med').fill('2023-01-01');
    await page.getByRole('button', { name: 'Visa', exact: true }).click();
    const chart = page.locator('svg.samspar-plot');
    await expect(chart).toBeVisible();
    await expect(chart).toHaveAttribute('role', 'img');
    await expect(page.getByText('Förklaring: .. = uppgiften är skyddad').first()).toBeVisible();
    await expectNoAxeViolations(page, 'outcomes (chart)');
    await screenshot(page, 'outcomes');

    await page.getByText('Visa som tabell').click();
    const table = page.getByRole('table');
    await expect(table).toBeVisible();
    const headers = await table.locator('thead th').allTextContents();
    const column = headers.indexOf('Andel arbete eller studier vid avslut');
    expect(column).toBeGreaterThan(0);
    const rates = await table
      .locator('tbody tr')
      .evaluateAll((rows, index) => rows.map((row) => row.children[index]?.textContent ?? ''), column);
    const shown = rates.filter((rate) => rate !== '..' && rate !== '–').length;
    expect(rates.some((rate) => rate === '..')).toBe(true);
    // One bar per value that may be shown, none for `..`.
    await expect(chart.locator('.bar rect')).toHaveCount(shown);
    await expectNoAxeViolations(page, 'outcomes (table shown)');

    await page.setViewportSize({ width: 320, height: 640 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(320);
    await expectNoAxeViolations(page, 'outcomes at 320 px');
    expect(console).toEqual([]);
  });
});
