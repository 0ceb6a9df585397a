import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import type { APIRequestContext, Locator, Page } from '@playwright/test';
import {
  LABOUR_MARKET_UNIT,
  SOCIAL_SERVICES,
  expectNoAxeViolations,
  organisationId,
  personnummer,
  screenshot,
  signIn,
  tokenFor,
  watchConsole,
} from './support';

/** Tab (never the mouse) until `target` has focus. */
async function tabTo(page: Page, target: Locator, limit = 80): Promise<void> {
  for (let i = 0; i < limit; i += 1) {
    if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${String(target)}`);
}

/** In a focused select, the n-th option after "Välj …", with the arrow keys. */
async function arrowTo(page: Page, steps: number): Promise<void> {
  await page.keyboard.press('Home');
  for (let i = 0; i < steps; i += 1) await page.keyboard.press('ArrowDown');
}

/** Opens a journey action's dialog from its button with the keyboard; focus lands in the dialog. */
async function openAction(page: Page, name: string, title = name): Promise<Locator> {
  const button = page.getByRole('button', { name, exact: true });
  await tabTo(page, button);
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: title });
  await expect(dialog).toBeVisible();
  await expect.poll(() => dialog.evaluate((element) => element.contains(document.activeElement))).toBe(true);
  return dialog;
}

/** Sends the dialog with the keyboard and waits for it to close and the page to say so. */
async function send(page: Page, dialog: Locator, name: string): Promise<void> {
  await tabTo(page, dialog.getByRole('button', { name, exact: true }));
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  // The opener may be gone (enrolling replaces its button): focus goes to what was done, not the page's start.
  await expect(page.getByRole('status').filter({ hasText: `Sparat: ${name}.` })).toBeFocused();
}

/** An enrolment in `trackId` that is left open, for a participant the api registers (the rest of the track's cohort). */
async function enrolled(request: APIRequestContext, token: string, trackId: string, born: string) {
  const headers = { Authorization: `Bearer ${token}` };
  const participantId = randomUUID();
  const journeyId = randomUUID();
  const enrolmentId = randomUUID();
  const calls = [
    [
      '/api/v1/participants',
      { participantId, personnummer: personnummer(born), gender: 'man', newlyArrived: false, educationBand: 'isced_0_2' },
    ],
    [`/api/v1/participants/${participantId}/journeys`, { journeyId }],
    [`/api/v1/participants/${participantId}/journeys/${journeyId}/enrolments`, { enrolmentId, trackId }],
  ] as const;
  for (const [url, data] of calls) expect((await request.post(url, { headers, data })).status()).toBe(201);
  return { participantId, journeyId, enrolmentId };
}

async function exitAndEnd(request: APIRequestContext, token: string, one: Awaited<ReturnType<typeof enrolled>>) {
  const headers = { Authorization: `Bearer ${token}` };
  const base = `/api/v1/participants/${one.participantId}/journeys/${one.journeyId}`;
  const status = await request.post(`${base}/statuses`, {
    headers,
    data: {
      statusId: randomUUID(),
      moment: 'exit',
      status: 'employed',
      incomeSources: ['salary'],
      expectedToLastOneMonth: true,
      enrolmentId: one.enrolmentId,
    },
  });
  expect(status.status()).toBe(201);
  expect((await request.post(`${base}/enrolments/${one.enrolmentId}/end`, { headers, data: {} })).status()).toBe(200);
}

/** The outcome report's summary for one track, read again until the projector has the track's enrolments. */
async function endedInTrack(page: Page, trackId: string): Promise<number> {
  for (let attempt = 0; attempt < 30; attempt += 1) {
    await page.goto(`/rapporter/utfall?trackId=${trackId}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Utfall per spår' })).toBeVisible();
    await expect(page.getByText(/rader, lästa/)).toBeVisible();
    const summary = page.getByText(/Under perioden avslutade/);
    if ((await summary.count()) > 0) return Number((await summary.textContent())!.match(/avslutade (\d+)/)![1]);
    await page.waitForTimeout(1000);
  }
  throw new Error(`The outcome report never showed track ${trackId}`);
}

test('a participant’s path across organisations, as each of its users sees it', async ({ browser, page, request }) => {
  test.setTimeout(300_000);
  const console = watchConsole(page);
  const ame = await organisationId(request, LABOUR_MARKET_UNIT);
  const amePage = await (await browser.newContext()).newPage();
  const ameConsole = watchConsole(amePage);

  // The administrator adds a track of the AME's own; nine others are enrolled in it through the api, so that the
  // track's cohort is large enough for the outcome report to publish it (counts under 5 are hidden).
  const admin = await tokenFor(request, 'admin', [ame]);
  const trackId = randomUUID();
  // One word: a space in a select's type-ahead would open its list.
  const trackName = `Hisingsspåret-${trackId.slice(0, 4)}`;
  const defined = await request.post('/api/v1/tracks', {
    headers: { Authorization: `Bearer ${admin}` },
    data: { trackId, name: trackName, kind: 'preparatory', ownerOrganisationId: ame },
  });
  expect(defined.status()).toBe(201);
  const ameToken = await tokenFor(request, 'caseworker', [ame]);
  const cohort = [];
  for (let i = 1; i <= 9; i += 1) cohort.push(await enrolled(request, ameToken, trackId, `1975010${i}`));

  // The manager's outcome report for the track before anyone has left it.
  const managerPage = await (await browser.newContext()).newPage();
  await signIn(managerPage, 'manager', LABOUR_MARKET_UNIT);
  expect(await endedInTrack(managerPage, trackId)).toBe(0);

  // The AME caseworker's inbox is open before the referral is sent: it must arrive live.
  await signIn(amePage, 'caseworker', LABOUR_MARKET_UNIT);
  await amePage.goto('/inkorg');
  await expect(amePage.getByText('Inkorgen uppdateras automatiskt.')).toBeVisible();

  // 1. Social services: register, record consent naming the AME, refer.
  await signIn(page, 'caseworker', SOCIAL_SERVICES);
  await page.goto('/deltagare/ny');
  const pnr = personnummer('19880412');
  await page.getByLabel('Personnummer *').fill(pnr);
  await page.getByLabel('Förnamn').fill('Eva');
  await page.getByLabel('Efternamn').fill('Holm');
  await page.getByLabel('Kön *').selectOption('kvinna');
  await page.getByLabel('Högsta utbildning *').selectOption('isced_3_4');
  await page.getByRole('button', { name: 'Registrera' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Eva Holm' })).toBeVisible();
  const participantId = page.url().split('/deltagare/')[1]!;

  await page.getByRole('button', { name: 'Registrera samtycke' }).click();
  const consent = page.getByRole('dialog', { name: 'Registrera samtycke' });
  // Sent empty: the api's field errors, at the fields and in a summary that links to them.
  await consent.getByRole('button', { name: 'Registrera samtycke' }).click();
  await expect(consent.locator('.ds-error-summary')).toBeVisible();
  await expectNoAxeViolations(page, 'consent dialog with errors');
  await consent.getByLabel('Dela med *').selectOption({ label: LABOUR_MARKET_UNIT });
  await consent.getByLabel('Syfte *').selectOption('samverkan_arbete');
  await consent.getByRole('button', { name: 'Registrera samtycke' }).click();
  await expect(consent).toBeHidden();
  await expect(page.locator('.consent')).toContainText(LABOUR_MARKET_UNIT);

  await page.getByRole('button', { name: 'Skicka remiss' }).click();
  const referral = page.getByRole('dialog', { name: 'Skicka remiss' });
  await referral.getByLabel('Till *').selectOption({ label: LABOUR_MARKET_UNIT });
  await referral.getByLabel('Anledning *').selectOption('work_preparation');
  await expectNoAxeViolations(page, 'referral dialog');
  await referral.getByRole('button', { name: 'Skicka remiss' }).click();
  await expect(referral).toBeHidden();
  await expect(page.getByText(/→ Arbetsmarknadsenheten, Göteborgs Stad/)).toContainText('Skickad');
  await screenshot(page, 'participant-consent-referral');

  // 2. The AME: the referral arrives in the open inbox without a reload; accept it, open a journey.
  const row = amePage.locator(`tr:has(a[href="/deltagare/${participantId}"])`);
  await expect(row).toBeVisible({ timeout: 20_000 });
  await row.getByRole('button', { name: /Ta emot remiss/ }).click();
  await expect(amePage.getByRole('status').filter({ hasText: 'Remissen är mottagen.' })).toBeVisible();
  await amePage.goto(`/deltagare/${participantId}`);
  await expect(amePage.getByRole('heading', { level: 1, name: 'Eva Holm' })).toBeVisible();
  await amePage.getByRole('button', { name: 'Öppna en resa' }).click();
  await expect(amePage.getByRole('heading', { level: 1, name: 'Resa' })).toBeFocused();
  await expectNoAxeViolations(amePage, 'journey (just opened)');

  // The casework, with the keyboard alone: enrol, plan, start and complete an intervention, exit, follow-ups.
  let dialog = await openAction(amePage, 'Skriv in i spår');
  await tabTo(amePage, dialog.getByLabel('Spår *'));
  await amePage.keyboard.type(trackName);
  await expect(dialog.getByLabel('Spår *')).toHaveValue(trackId);
  await expectNoAxeViolations(amePage, 'journey: enrol dialog');
  await send(amePage, dialog, 'Skriv in i spår');
  await expect(amePage.getByText(`${trackName} sedan`)).toBeVisible();

  dialog = await openAction(amePage, 'Planera insats');
  await tabTo(amePage, dialog.getByLabel('Typ av insats *'));
  await amePage.keyboard.type('Praktik');
  await send(amePage, dialog, 'Planera insats');
  dialog = await openAction(amePage, 'Påbörja Praktik', 'Påbörja insats');
  await send(amePage, dialog, 'Påbörja insats');
  dialog = await openAction(amePage, 'Slutför Praktik', 'Slutför insats');
  await send(amePage, dialog, 'Slutför insats');
  await expect(amePage.getByText('0 planerade, 0 pågående, 1 avslutade')).toBeVisible();

  // Exit: employed, with the one-month question, which the api requires for work.
  dialog = await openAction(amePage, 'Registrera sysselsättning');
  await tabTo(amePage, dialog.getByLabel('Tidpunkt *'));
  await arrowTo(amePage, 2);
  await expect(dialog.getByLabel('Tidpunkt *')).toHaveValue('exit');
  await tabTo(amePage, dialog.getByLabel('Sysselsättning *'));
  await amePage.keyboard.type('Anställd');
  await expect(dialog.getByLabel('Sysselsättning *')).toHaveValue('employed');
  await tabTo(amePage, dialog.getByRole('radio', { name: 'Ja' }));
  await amePage.keyboard.press('Space');
  await tabTo(amePage, dialog.getByRole('checkbox', { name: 'Lön' }));
  await amePage.keyboard.press('Space');
  await expectNoAxeViolations(amePage, 'journey: status dialog');
  await send(amePage, dialog, 'Registrera sysselsättning');
  for (const cohortMember of cohort) await exitAndEnd(request, ameToken, cohortMember);
  dialog = await openAction(amePage, 'Avsluta spårdeltagandet');
  await send(amePage, dialog, 'Avsluta spårdeltagandet');
  for (const [moment, steps] of [
    ['follow_up_90d', 4],
    ['follow_up_6m', 5],
  ] as const) {
    dialog = await openAction(amePage, 'Registrera sysselsättning');
    await tabTo(amePage, dialog.getByLabel('Tidpunkt *'));
    await arrowTo(amePage, steps);
    await expect(dialog.getByLabel('Tidpunkt *')).toHaveValue(moment);
    await tabTo(amePage, dialog.getByLabel('Sysselsättning *'));
    await amePage.keyboard.type('Anställd');
    await tabTo(amePage, dialog.getByRole('radio', { name: 'Ja' }));
    await amePage.keyboard.press('Space');
    await tabTo(amePage, dialog.getByRole('checkbox', { name: 'Lön' }));
    await amePage.keyboard.press('Space');
    await send(amePage, dialog, 'Registrera sysselsättning');
  }
  await expect(amePage.getByText('Uppföljningar som återstår')).toBeVisible();
  await expect(amePage.locator('.facts')).toContainText('Inga');
  await expectNoAxeViolations(amePage, 'journey (after exit and follow-ups)');
  await screenshot(amePage, 'journey');
  const journeyId = amePage.url().split('/resor/')[1]!;

  // 3. The manager: the track's leavers are now in the report, protected but shown (ten people, ±2).
  await expect.poll(() => endedInTrack(managerPage, trackId), { timeout: 30_000 }).toBeGreaterThanOrEqual(8);
  expect(await endedInTrack(managerPage, trackId)).toBeLessThanOrEqual(12);
  await expectNoAxeViolations(managerPage, 'outcome report for one track');

  // 4. The evaluator moves the slider back to before the exit.
  const evaluatorPage = await (await browser.newContext()).newPage();
  await signIn(evaluatorPage, 'evaluator', LABOUR_MARKET_UNIT);
  await evaluatorPage.goto(`/utvardering/resa?deltagare=${participantId}&resa=${journeyId}`);
  const slider = evaluatorPage.getByRole('slider', { name: 'Tidpunkt' });
  await expect(slider).toBeVisible();
  const statuses = evaluatorPage.locator('.timeline').getByText('Sysselsättning registrerades');
  await expect(statuses).toHaveCount(3);
  await slider.focus();
  await evaluatorPage.keyboard.press('End');
  const output = evaluatorPage.locator('output');
  for (let i = 0; i < 10 && !/Insats slutfördes/.test((await output.textContent()) ?? ''); i += 1) {
    const at = Number(await slider.inputValue());
    await evaluatorPage.keyboard.press('ArrowLeft');
    await expect(slider).toHaveValue(String(at - 1));
  }
  await expect(evaluatorPage.locator('output')).toContainText('Efter: Insats slutfördes');
  await expect(statuses).toHaveCount(0);
  await expect(evaluatorPage.locator('.timeline')).toContainText('Insats slutfördes');
  await expect(evaluatorPage).toHaveURL(/tid=/);
  await expectNoAxeViolations(evaluatorPage, 'evaluator: journey before the exit');
  await screenshot(evaluatorPage, 'evaluator-history');

  // 5. A caseworker of an organisation the consent does not name finds nothing.
  const accounts = (await (await request.get('/api/v1/sign-in/development/accounts')).json()) as {
    organisations: { name: string; kind: string }[];
  };
  const stranger = accounts.organisations.find((each) => each.kind === 'adult_education')!.name;
  const strangerPage = await (await browser.newContext()).newPage();
  await signIn(strangerPage, 'caseworker', stranger);
  await strangerPage.goto('/deltagare/sok');
  await strangerPage.getByLabel('Personnummer').fill(pnr);
  await strangerPage.getByRole('button', { name: 'Sök' }).click();
  await expect(strangerPage.getByText('Ingen deltagare med det personnumret som du får se.')).toBeVisible();
  await strangerPage.goto(`/deltagare/${participantId}`);
  await expect(strangerPage.getByText('Eva')).toHaveCount(0);
  await strangerPage.goto(`/deltagare/${participantId}/resor/${journeyId}`);
  await expect(strangerPage.locator('.timeline')).toHaveCount(0);
  await strangerPage.goto('/arenden?visa=all&sok=Holm');
  await expect(strangerPage.getByText('Eva Holm')).toHaveCount(0);

  expect(console).toEqual([]);
  expect(ameConsole).toEqual([]);
});
