// Customer insights and the customer page as an owner uses them: periods, top
// customers with their shares and table twin, concentration, payers, a customer's
// payment behaviour and their invoices, Danish, and a phone. Runs in all four projects.
import { expect, test, type Page } from '@playwright/test';
import { storageFor, waitForHydration, unfold } from '../support';

test.use({ storageState: storageFor('owner') });

async function open(page: Page, path: string, javaScriptEnabled: boolean): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status()).toBe(200);
  if (javaScriptEnabled) await waitForHydration(page);
}

test.describe('Customers', () => {
  test('shows top customers, concentration and payers for a period', async ({ page, javaScriptEnabled }) => {
    await open(page, '/customers', javaScriptEnabled);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Customers');
    await expect(page.getByTestId('period-last_12_months')).toHaveAttribute('aria-current', 'page');
    await expect(page.getByTestId('top-customer').first()).toBeVisible();
    await expect(page.getByTestId('concentration').getByTestId('value')).toHaveText(/^HHI [\d,]+$/);
    await expect(page.getByTestId('dso').getByTestId('value')).toHaveText(/^\d+\.\d days$/);
    await expect(page.getByTestId('top-customers-summary')).toContainText('of the revenue');
    await expect(page.getByTestId('new-returning-row')).toHaveCount(12);

    await unfold(page, 'period-fold');
    await page.getByTestId('period-last_year').click();
    await expect(page).toHaveURL(/period=last_year/);
    await expect(page.getByTestId('period-last_year')).toHaveAttribute('aria-current', 'page');
  });

  test("opens a customer with their payment behaviour and invoices", async ({ page, javaScriptEnabled }) => {
    await open(page, '/customers', javaScriptEnabled);
    const first = page.getByTestId('top-customer').first().locator('a');
    const name = ((await first.textContent()) ?? '').trim();
    await first.click();
    await expect(page).toHaveURL(/\/customers\/\d+$/);
    await expect(page.getByTestId('customer-name')).toHaveText(name);
    await expect(page.getByTestId('customer-behaviour')).toHaveText(/^Usually pays|^No invoices/);
    await expect(page.getByTestId('customer-months-table').locator('tbody tr')).toHaveCount(12);
    await page.getByRole('link', { name: 'All their invoices' }).click();
    await expect(page).toHaveURL(/\/invoices\?customer=\d+$/);
    await expect(page.getByTestId('invoice-row').first()).toContainText(name);
  });

  test('reads in Danish', async ({ page, javaScriptEnabled, context, baseURL }) => {
    await context.addCookies([{ name: 'll_lang', value: 'da', url: baseURL ?? 'http://127.0.0.1:3000' }]);
    await open(page, '/customers', javaScriptEnabled);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kunder');
    await expect(page.getByTestId('dso').getByTestId('value')).toHaveText(/^\d+,\d dage$/);
  });

  test('fits a phone screen without sideways scrolling', async ({ page, isMobile, javaScriptEnabled }) => {
    test.skip(!isMobile, 'phone layout only');
    await open(page, '/customers', javaScriptEnabled);
    await expect(page.getByTestId('top-customer').first()).toBeVisible();
    const width = page.viewportSize()?.width ?? 0;
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth, 'page width vs. screen width').toBeLessThanOrEqual(width + 1);
  });
});
