// On a phone the numbers come first: every page's first figure is on the first screen
// (390 x 844) without scrolling, under a one-line header and folded controls, and no
// page scrolls sideways. Runs in the phone projects, with and without JavaScript.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { openMenu, storageFor, waitForHydration, type AccountName } from '../support';

/** A page and the first figure a reader looks for on it. */
type FirstFigure = { path: string; figure: (page: Page) => Locator; account?: AccountName };

const value = (page: Page, card: string): Locator =>
  page.locator(`[data-testid="${card}"] [data-testid="value"]`);

const PAGES: FirstFigure[] = [
  { path: '/', figure: (page) => page.locator('[data-testid="kpi-revenue"] [data-testid="kpi-value"]') },
  { path: '/revenue?period=last_12_months', figure: (page) => value(page, 'revenue-total') },
  { path: '/invoices', figure: (page) => page.getByTestId('invoice-count') },
  { path: '/bills', figure: (page) => page.getByTestId('invoice-count') },
  { path: '/receivables', figure: (page) => value(page, 'receivables-total') },
  { path: '/payments', figure: (page) => page.getByTestId('payment-count') },
  { path: '/customers', figure: (page) => value(page, 'customer-count') },
  { path: '/sync', figure: (page) => page.getByTestId('resource-row').first() },
  { path: '/members', figure: (page) => page.getByTestId('member-row').first() },
  { path: '/billing', figure: (page) => page.getByTestId('current-plan') },
  { path: '/connection', figure: (page) => page.getByTestId('connection-status') },
  { path: '/audit', figure: (page) => page.getByTestId('audit-row').first() },
  { path: '/admin', figure: (page) => page.getByTestId('admin-org-row').first(), account: 'admin' },
];

async function expectOnFirstScreen(page: Page, figure: Locator, what: string): Promise<void> {
  await expect(figure, `${what}: its first figure`).toBeVisible();
  const box = await figure.boundingBox();
  const height = page.viewportSize()?.height ?? 0;
  expect(box, `${what}: the figure has a box`).not.toBeNull();
  expect((box?.y ?? 0) + (box?.height ?? 0), `${what}: bottom of the first figure vs. screen height`).toBeLessThanOrEqual(height);
  const width = page.viewportSize()?.width ?? 0;
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth, `${what}: page width vs. screen width`).toBeLessThanOrEqual(width + 1);
}

for (const account of ['owner', 'admin'] as const) {
  test.describe(`phone layout (${account})`, () => {
    test.use({ storageState: storageFor(account) });

    test('puts every page’s first figure on the first screen', async ({ page, isMobile, javaScriptEnabled }) => {
      test.skip(!isMobile, 'phone layout only');
      for (const { path, figure, account: only } of PAGES) {
        if ((only ?? 'owner') !== account) continue;
        const response = await page.goto(path);
        expect(response?.status(), path).toBe(200);
        if (javaScriptEnabled) await waitForHydration(page);
        await expectOnFirstScreen(page, figure(page), path);
      }
    });
  });
}

test.describe('phone header', () => {
  test.use({ storageState: storageFor('owner') });

  test('is one line with a menu that holds the navigation and the account', async ({
    page,
    isMobile,
    javaScriptEnabled,
  }) => {
    test.skip(!isMobile, 'phone layout only');
    await page.goto('/customers');
    if (javaScriptEnabled) await waitForHydration(page);
    const header = await page.locator('header').boundingBox();
    expect(header?.height ?? 0, 'header height').toBeLessThanOrEqual(64);
    await expect(page.getByTestId('menu-org')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Revenue', exact: true })).toBeHidden();
    await expect(page.getByTestId('sign-out')).toBeHidden();

    await openMenu(page);
    await expect(page.getByTestId('sign-out')).toBeVisible();
    await expect(page.getByTestId('signed-in-as')).toBeVisible();
    await page.getByRole('link', { name: 'Revenue', exact: true }).click();
    await expect(page).toHaveURL(/\/revenue$/);
    await expect(page.getByTestId('revenue-total')).toBeVisible();
    // The menu is closed again on the new page, so it does not cover the figures.
    await expect(page.getByTestId('sign-out')).toBeHidden();
  });
});
