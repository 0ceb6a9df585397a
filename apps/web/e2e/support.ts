import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { expect } from '@playwright/test';
import type { APIRequestContext, Page } from '@playwright/test';

export const SOCIAL_SERVICES = 'Socialtjänsten, ekonomiskt bistånd, Göteborgs Stad';
export const LABOUR_MARKET_UNIT = 'Arbetsmarknadsenheten, Göteborgs Stad';
const SCREENSHOTS = join(__dirname, '../docs/screenshots');

/** axe with the WCAG 2.0 and 2.1 A and AA rules: every violation, with where it is, or none. */
export async function expectNoAxeViolations(page: Page, state: string): Promise<void> {
  // A dialog fading in has its colours part-way: axe would measure the contrast of the transition.
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        // A spinner turns for ever; only transitions that end are waited for.
        .filter((animation) => Number.isFinite(Number(animation.effect?.getComputedTiming().endTime)))
        .map((animation) => animation.finished.catch(() => undefined)),
    ),
  );
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const violations = result.violations.map(
    (violation) =>
      `${state}: ${violation.id} (${violation.impact}) at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  );
  expect(violations).toEqual([]);
  axeChecked.push({ state, passes: result.passes.length });
}

/** What the suite checked, printed at the end. */
export const axeChecked: { state: string; passes: number }[] = [];

/** Signs in through the development sign-in page, as a user would. */
export async function signIn(
  page: Page,
  role: 'caseworker' | 'manager' | 'evaluator' | 'admin',
  organisation: string,
  options: { readonly systemAdmin?: boolean } = {},
): Promise<void> {
  await page.goto('/inloggning');
  await expect(page.getByRole('heading', { level: 1, name: 'Logga in' })).toBeVisible();
  await page.getByLabel('Roll').selectOption(role);
  await page.getByLabel('Organisation', { exact: true }).selectOption({ label: organisation });
  if (options.systemAdmin) await page.getByRole('checkbox', { name: /Systemadministratör/ }).check();
  await page.getByRole('button', { name: 'Logga in' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Välkommen');
}

export async function organisationId(request: APIRequestContext, name: string): Promise<string> {
  const accounts = (await (await request.get('/api/v1/sign-in/development/accounts')).json()) as {
    organisations: { organisationId: string; name: string }[];
  };
  return accounts.organisations.find((each) => each.name === name)!.organisationId;
}

export async function tokenFor(request: APIRequestContext, role: string, organisationIds: string[]): Promise<string> {
  const response = await request.post('/api/v1/sign-in/development/token', { data: { role, organisationIds } });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/** A personnummer (YYYYMMDD-NNNC) with a valid check digit, not in the demo data's series. */
export function personnummer(date = '19851224'): string {
  const serial = String(900 + Math.floor(Math.random() * 99)).padStart(3, '0');
  const digits = `${date.slice(2)}${serial}`;
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return `${date}-${serial}${(10 - (sum % 10)) % 10}`;
}

/** Registers a participant, records a consent naming the receiver, and refers her there: through the api. */
export async function referParticipant(request: APIRequestContext, token: string, toOrganisationId: string): Promise<string> {
  const headers = { Authorization: `Bearer ${token}` };
  const participantId = randomUUID();
  const registered = await request.post('/api/v1/participants', {
    headers: { ...headers, 'Idempotency-Key': randomUUID() },
    data: {
      participantId,
      personnummer: personnummer('19920315'),
      firstName: 'Sara',
      lastName: 'Lind',
      gender: 'kvinna',
      newlyArrived: false,
      educationBand: 'isced_3_4',
    },
  });
  expect(registered.status()).toBe(201);
  const consent = await request.post(`/api/v1/participants/${participantId}/consents`, {
    headers,
    data: {
      consentId: randomUUID(),
      organisationIds: [toOrganisationId],
      purpose: 'samverkan_arbete',
      validFrom: new Date().toISOString().slice(0, 10),
    },
  });
  expect(consent.status()).toBe(201);
  const referral = await request.post(`/api/v1/participants/${participantId}/referrals`, {
    headers,
    data: { referralId: randomUUID(), toOrganisationId, reason: 'work_preparation' },
  });
  expect(referral.status()).toBe(201);
  return participantId;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

/** Nothing may be refused by the CSP: no inline script or style, nothing from elsewhere. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    // The 4xx answers a test provokes on purpose are logged by the browser too; they are not problems of the page.
    if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}
