// The Receivables page as an owner uses it: today's aging with its table twin, an
// earlier day from the date form, the chase list leading to an invoice, Danish, and a
// phone. Runs in all four projects (desktop/phone x with/without JavaScript).
import { expect, test, type Page } from '@playwright/test';
import { storageFor, waitForHydration } from '../support';

test.use({ storageState: storageFor('owner') });

const total = (page: Page) => page.locator('[data-testid="receivables-total"] [data-testid="value"]');

async function open(page: Page, path: string, javaScriptEnabled: boolean): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status()).toBe(200);
  if (javaScriptEnabled) await waitForHydration(page);
}

test.describe('Receivables', () => {
  test('ages what is owed today, with a chart summary and a table twin', async ({ page, javaScriptEnabled }) => {
    await open(page, '/receivables', javaScriptEnabled);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Receivables');
    await expect(total(page)).toHaveText(/^DKK\u00a0[\d,]+\.\d\d$/);
    await expect(page.getByTestId('aging-table').locator('tbody tr')).toHaveCount(5);
    await expect(page.getByTestId('aging-summary')).toContainText('customers owed');
    // The table's total is the headline figure.
    await expect(page.getByTestId('aging-total')).toHaveText((await total(page).textContent()) ?? '');
    if (javaScriptEnabled) {
      await expect(page.locator('[data-testid="aging-chart"] canvas').first()).toBeVisible();
    }
  });

  test('shows an earlier day from the form', async ({ page, javaScriptEnabled }) => {
    await open(page, '/receivables', javaScriptEnabled);
    const day = new Date(Date.now() - 90 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    await page.getByLabel('As of').fill(day);
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(page).toHaveURL(new RegExp(`as_of=${day}`));
    await expect(page.getByTestId('receivables-as-of')).toContainText('As of the end of');
    await expect(page.getByRole('link', { name: 'Back to today' })).toBeVisible();
  });

  test('leads from the chase list to the invoice', async ({ page, javaScriptEnabled }) => {
    await open(page, '/receivables', javaScriptEnabled);
    const first = page.getByTestId('chase-row').first();
    const number = ((await first.locator('a').textContent()) ?? '').trim();
    await first.locator('a').click();
    await expect(page).toHaveURL(/\/invoices\/\d+$/);
    await expect(page.getByTestId('invoice-title')).toHaveText(new RegExp(`${number}$`));
    await expect(page.getByTestId('status')).toHaveText(/^Overdue/);
  });

  test('reads in Danish', async ({ page, javaScriptEnabled, context, baseURL }) => {
    await context.addCookies([{ name: 'll_lang', value: 'da', url: baseURL ?? 'http://127.0.0.1:3000' }]);
    await open(page, '/receivables', javaScriptEnabled);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tilgodehavender');
    await expect(total(page)).toHaveText(/^[\d.]+,\d\d\u00a0kr\.$/);
  });

  test('fits a phone screen without sideways scrolling', async ({ page, isMobile, javaScriptEnabled }) => {
    test.skip(!isMobile, 'phone layout only');
    await open(page, '/receivables', javaScriptEnabled);
    await expect(total(page)).toHaveText(/\d/);
    const width = page.viewportSize()?.width ?? 0;
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth, 'page width vs. screen width').toBeLessThanOrEqual(width + 1);
  });
});
