// Light and dark: the device's setting by default, switchable from the header with and
// without JavaScript, remembered for the next page. Runs in all four projects.
import { expect, test, type Page } from '@playwright/test';
import { storageFor, waitForHydration, openMenu } from '../support';

test.use({ storageState: storageFor('owner'), colorScheme: 'dark' });

const LIGHT_PAGE = 'rgb(248, 250, 252)'; // slate-50
const DARK_PAGE = 'rgb(2, 6, 23)'; // slate-950, what slate-50 becomes in the dark

const pageBackground = (page: Page) =>
  page.evaluate(() => getComputedStyle(document.body).backgroundColor);

test('follows a dark device, then switches to light and to dark', async ({
  page,
  javaScriptEnabled,
}) => {
  await page.goto('/revenue');
  if (javaScriptEnabled) await waitForHydration(page);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'system');
  expect(await pageBackground(page)).toBe(DARK_PAGE);
  await expect(page.getByTestId('theme-system')).toHaveAttribute('aria-pressed', 'true');

  await openMenu(page);
  await page.getByTestId('theme-light').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect(page).toHaveURL(/\/revenue$/);
  expect(await pageBackground(page)).toBe(LIGHT_PAGE);

  if (javaScriptEnabled) await waitForHydration(page);
  await openMenu(page);
  await page.getByTestId('theme-dark').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await pageBackground(page)).toBe(DARK_PAGE);

  // Remembered on the next page.
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});
