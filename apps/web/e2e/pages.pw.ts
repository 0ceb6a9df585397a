import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { LABOUR_MARKET_UNIT, expectNoAxeViolations, screenshot, signIn, watchConsole } from './support';

const REPORTS = [
  ['utfall', 'Utfall per spår'],
  ['overgangar', 'Övergångar: status vid start och avslut'],
  ['deltagarprofil', 'Deltagarprofil vid inskrivning'],
  ['arendebelastning', 'Ärendebelastning'],
  ['obesvarade-remisser', 'Obesvarade remisser'],
  ['skickade-remisser', 'Skickade remisser'],
  ['mottagna-remisser', 'Mottagna remisser'],
  ['remissfloden', 'Remissflöden mellan organisationer'],
] as const;

test.describe('A caseworker’s lists', () => {
  test('Mina ärenden in each view, a search that finds nothing, and Att göra', async ({ page }) => {
    const console = watchConsole(page);
    await signIn(page, 'caseworker', LABOUR_MARKET_UNIT);
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Mina ärenden' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Mina ärenden' })).toBeFocused();
    await page.getByLabel('Visa').selectOption('all');
    await expect(page).toHaveURL(/visa=all/);
    const rows = page.locator('table tbody tr');
    await expect(rows.first()).toBeVisible();
    await expectNoAxeViolations(page, 'journeys list (all open)');
    await screenshot(page, 'journeys-list');
    // Each row leads to its journey.
    const href = await rows.first().getByRole('link').getAttribute('href');
    expect(href).toMatch(/^\/deltagare\/[0-9a-f-]{36}\/resor\/[0-9a-f-]{36}$/);
    for (const view of ['idle', 'followUpDue', 'closed', 'mine', 'unit']) {
      await page.getByLabel('Visa').selectOption(view);
      await expect(page.getByText(/ärenden$|Inga ärenden här\./).first()).toBeVisible();
    }
    await page.getByLabel('Visa').selectOption('all');
    await page.getByLabel('Sök på namn').fill('Ingen-heter-så');
    await page.getByRole('button', { name: 'Sök', exact: true }).click();
    await expect(page.getByText('Inget ärende matchar sökningen.')).toBeVisible();
    await expectNoAxeViolations(page, 'journeys list (no match)');

    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Att göra' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Att göra' })).toBeFocused();
    await expect(page.locator('.task-list li').first()).toBeVisible();
    await expectNoAxeViolations(page, 'tasks');
    await screenshot(page, 'tasks');
    expect(console).toEqual([]);
  });
});

test.describe('Reports', () => {
  test('every report loads its table, keeps its filters in the address, reads as of a date and downloads as CSV', async ({
    page,
  }) => {
    test.setTimeout(180_000);
    const console = watchConsole(page);
    await signIn(page, 'manager', LABOUR_MARKET_UNIT);
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Rapporter' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Rapporter' })).toBeFocused();
    await expect(page.locator('.report-cards li')).toHaveCount(REPORTS.length);
    await expectNoAxeViolations(page, 'reports dashboard');
    await screenshot(page, 'reports');
    for (const [slug, title] of REPORTS) {
      await page.goto(`/rapporter/${slug}?from=2023-01-01`);
      await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
      await expect(page.getByText(/rader, lästa/)).toBeVisible();
      if (slug === 'utfall') await page.getByText('Visa som tabell').click();
      // The transition matrix of a small region may have every cell protected: then it says so.
      await expect(page.locator('table tbody tr').first().or(page.getByText('Inga rader för det här urvalet.'))).toBeVisible();
      if (['utfall', 'deltagarprofil', 'arendebelastning'].includes(slug))
        await expect(page.locator('table tbody tr').first()).toBeVisible();
      await expectNoAxeViolations(page, `report ${slug}`);
    }

    // A breakdown is a filter like the others: in the address, and the table gains its group column.
    await page.goto('/rapporter/deltagarprofil?from=2023-01-01');
    await page.getByLabel('Dela upp på').selectOption('gender');
    await page.getByRole('button', { name: 'Visa', exact: true }).click();
    await expect(page).toHaveURL(/breakdown=gender/);
    await expect(page.locator('table thead')).toContainText('Grupp');

    // As of a past date: said plainly, and the figures are those known then (none yet, a year before the region).
    await page.getByLabel('Som det såg ut den').fill('2023-06-30');
    await page.getByRole('button', { name: 'Visa', exact: true }).click();
    await expect(page).toHaveURL(/asOf=2023-06-30/);
    await expect(page.getByRole('status').filter({ hasText: 'Historiskt läge' })).toBeVisible();
    await expectNoAxeViolations(page, 'report as of a past date');

    // CSV: the same table, header first.
    await page.goto('/rapporter/arendebelastning?from=2023-01-01');
    await expect(page.locator('table tbody tr').first()).toBeVisible();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Ladda ned tabellen som CSV' }).click();
    const file = await (await download).path();
    const csv = readFileSync(file, 'utf8');
    expect(csv.split('\n')[0]).toContain('openJourneys');
    expect(csv.split('\n').length).toBeGreaterThan(1);
    expect(console).toEqual([]);
  });

  test('an evaluator downloads the pseudonymised export', async ({ page }) => {
    await signIn(page, 'evaluator', LABOUR_MARKET_UNIT);
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Export' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Pseudonymiserad export' })).toBeFocused();
    await expectNoAxeViolations(page, 'evaluator export');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Ladda ned' }).click();
    const lines = readFileSync(await (await download).path(), 'utf8')
      .trim()
      .split('\n');
    expect(lines.length).toBeGreaterThan(10);
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(first).toHaveProperty('type');
    // Pseudonymised: nothing that looks like a personnummer.
    expect(lines.join('\n')).not.toMatch(/\b(19|20)\d{6}-?\d{4}\b/);
    await expect(page.getByRole('status').filter({ hasText: 'Filen är nedladdad' })).toBeVisible();
  });
});

test.describe('Administration', () => {
  test('organisations, units, tracks, the audit log and read models', async ({ page }) => {
    test.setTimeout(180_000);
    const console = watchConsole(page);
    await signIn(page, 'admin', LABOUR_MARKET_UNIT, { systemAdmin: true });
    const menu = page.getByRole('navigation', { name: 'Huvudmeny' });

    await menu.getByRole('link', { name: 'Organisationer' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Organisationer' })).toBeFocused();
    await page.getByRole('button', { name: 'Registrera organisation' }).click();
    await expect(page.locator('.ds-error-summary')).toBeFocused();
    await expectNoAxeViolations(page, 'organisations (errors)');
    const name = `Jobbtorget Hisingen ${randomUUID().slice(0, 6)}`;
    await page.getByLabel('Namn *').first().fill(name);
    await page.getByLabel('Typ *').selectOption('labour_market_unit');
    await page.getByLabel('Kommunkod *').fill('1480');
    await page.getByRole('button', { name: 'Registrera organisation' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Organisationen är registrerad.' })).toBeVisible();
    await expect(page.locator('table')).toContainText(name);
    await page.getByLabel('Organisation *').selectOption({ label: name });
    await page.getByLabel('Enhetens namn *').fill('Ungdomsteamet');
    await page.getByRole('button', { name: 'Lägg till enhet' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Enheten är tillagd.' })).toBeVisible();
    await expectNoAxeViolations(page, 'organisations');
    await screenshot(page, 'admin-organisations');

    await menu.getByRole('link', { name: 'Spår' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Spår' })).toBeFocused();
    const track = `Språkspåret ${randomUUID().slice(0, 6)}`;
    await page.getByLabel('Namn *').fill(track);
    await page.getByLabel('Typ av spår *').selectOption('preparatory');
    await page.getByLabel('Ansvarig organisation *').selectOption({ label: name });
    await page.getByRole('button', { name: 'Lägg till spår' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Spåret är tillagt.' })).toBeVisible();
    await page.getByRole('button', { name: `Avveckla ${track}` }).click();
    const confirm = page.getByRole('dialog', { name: `Avveckla ${track}` });
    await expect(confirm).toBeVisible();
    await expectNoAxeViolations(page, 'tracks (retire dialog)');
    await confirm.getByRole('button', { name: 'Avveckla', exact: true }).click();
    await expect(confirm).toBeHidden();
    await expect(page.locator('tr', { hasText: track })).toContainText('Avvecklat');

    await menu.getByRole('link', { name: 'Granskningslogg' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Granskningslogg' })).toBeFocused();
    await expect(page.locator('table tbody tr').first()).toBeVisible();
    await expect(page.locator('table')).toContainText('POST /api/v1/tracks');
    await expectNoAxeViolations(page, 'audit log');
    await screenshot(page, 'audit');
    await page.getByLabel('Deltagarens id').fill(randomUUID());
    await page.getByRole('button', { name: 'Sök' }).click();
    await expect(page.getByText('Inga loggposter för det här urvalet.')).toBeVisible();
    await expectNoAxeViolations(page, 'audit log (nothing found)');

    await menu.getByRole('link', { name: 'Läsmodeller' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Läsmodeller' })).toBeFocused();
    await page.getByRole('button', { name: 'Bygg om Katalogen' }).click();
    const rebuild = page.getByRole('dialog', { name: 'Bygg om Katalogen' });
    await expectNoAxeViolations(page, 'read models (rebuild dialog)');
    await rebuild.getByRole('button', { name: 'Bygg om', exact: true }).click();
    await expect(page.getByText('Ombyggnaden är klar.')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByText(/Aktiv generation 2/)).toBeVisible();
    await expectNoAxeViolations(page, 'read models');
    await screenshot(page, 'read-models');
    expect(console).toEqual([]);
  });
});

test.describe('Reflow at 400 % zoom (320 px wide)', () => {
  const PAGES = [
    ['caseworker', ['/', '/inkorg', '/utkorg', '/arenden', '/att-gora', '/deltagare/sok', '/deltagare/ny']],
    ['manager', ['/rapporter', '/rapporter/utfall', '/rapporter/arendebelastning', '/rapporter/remissfloden']],
    ['evaluator', ['/utvardering/resa', '/utvardering/export']],
    ['admin', ['/admin/organisationer', '/admin/spar', '/admin/granskning', '/admin/lasmodeller']],
  ] as const;
  for (const [role, paths] of PAGES) {
    test(`every ${role} page fits without scrolling sideways; wide tables scroll in their own region`, async ({ page }) => {
      test.setTimeout(180_000);
      await signIn(page, role, LABOUR_MARKET_UNIT, { systemAdmin: role === 'admin' });
      await page.setViewportSize({ width: 320, height: 640 });
      for (const path of paths) {
        await page.goto(path);
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        await expect(page.locator('.ds-spinner')).toHaveCount(0, { timeout: 20_000 });
        const wide = await page.evaluate(() => ({
          sideways: document.documentElement.scrollWidth > document.documentElement.clientWidth,
          // What sticks out of the page and is not inside a scrolling region of its own.
          outside: [...document.querySelectorAll('body *')]
            .filter((element) => element.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .filter((element) => !element.closest('.table-scroll, [role="region"][tabindex="0"]'))
            .map((element) => `${element.tagName.toLowerCase()}.${element.className}`)
            .slice(0, 5),
        }));
        expect({ path, ...wide }).toEqual({ path, sideways: false, outside: [] });
        await expectNoAxeViolations(page, `${path} at 320 px (${role})`);
      }
    });
  }
});
