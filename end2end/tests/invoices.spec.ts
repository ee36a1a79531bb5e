// The Invoices table and invoice page as an owner uses them: filtering with the form,
// sorting with the headings, paging, the Back button, a bad link, the download link,
// an invoice in full, Danish, and a phone. Runs in all four projects
// (desktop/phone x with/without JavaScript).
import { expect, test, type Page } from '@playwright/test';
import { storageFor, waitForHydration } from '../support';

test.use({ storageState: storageFor('owner') });

const rows = (page: Page) => page.getByTestId('invoice-row');

async function open(page: Page, path: string, javaScriptEnabled: boolean): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status()).toBe(200);
  if (javaScriptEnabled) await waitForHydration(page);
}

test.describe('Invoices', () => {
  test('filters with the form and keeps the state in the URL', async ({ page, javaScriptEnabled }) => {
    await open(page, '/invoices', javaScriptEnabled);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Invoices');
    await expect(rows(page)).toHaveCount(25);
    await expect(page.getByTestId('invoice-count')).toHaveText(/^[\d,]+ documents$/);

    await page.getByLabel('Payment').selectOption('overdue');
    await page.getByTestId('apply-filters').click();
    await expect(page).toHaveURL(/status=overdue/);
    await expect(page.getByTestId('invoice-filters').getByLabel('Payment')).toHaveValue('overdue');
    const badges = page.getByTestId('invoice-table').getByTestId('status');
    await expect(badges.first()).toHaveText(/^Overdue \d+ days?$/);
    const count = await badges.count();
    for (let i = 0; i < count; i++) await expect(badges.nth(i)).toHaveText(/^Overdue/);

    // Back returns to the unfiltered table.
    await page.goBack();
    await expect(page).not.toHaveURL(/status=overdue/);
    await expect(rows(page)).toHaveCount(25);
  });

  test('sorts by a heading and pages through', async ({ page, javaScriptEnabled }) => {
    await open(page, '/invoices', javaScriptEnabled);
    await page.getByTestId('sort-amount').click();
    await expect(page).toHaveURL(/sort=amount&dir=desc/);
    await expect(page.getByTestId('invoice-table').locator('th[aria-sort="descending"]')).toContainText('Amount');
    await page.getByTestId('sort-amount').click();
    await expect(page).toHaveURL(/sort=amount&dir=asc/);
    // The table itself has turned around before its pager is used.
    await expect(page.getByTestId('invoice-table').locator('th[aria-sort="ascending"]')).toContainText('Amount');

    await expect(page.getByTestId('page-of')).toHaveText(/^Page 1 of \d+$/);
    const first = await rows(page).first().locator('a').first().textContent();
    await page.getByTestId('page-next').click();
    await expect(page.getByTestId('page-of')).toHaveText(/^Page 2 of \d+$/);
    await expect(page).toHaveURL(/sort=amount&dir=asc&page=2/);
    await expect(rows(page).first().locator('a').first()).not.toHaveText(first ?? '');
  });

  test('searches by customer and opens an invoice', async ({ page, javaScriptEnabled }) => {
    await open(page, '/invoices?status=paid', javaScriptEnabled);
    const customer = (await rows(page).first().locator('td').first().textContent()) ?? '';
    await page.getByLabel('Search').fill(customer.toUpperCase());
    await page.getByTestId('apply-filters').click();
    await expect(page).toHaveURL(/q=/);
    await expect(rows(page).first()).toContainText(customer);

    const link = rows(page).first().locator('a').first();
    const number = (await link.textContent()) ?? '';
    await link.click();
    await expect(page).toHaveURL(/\/invoices\/\d+$/);
    await expect(page.getByTestId('invoice-title')).toHaveText(new RegExp(`${number}$`));
    await expect(page.getByTestId('invoice-amounts')).toContainText('Total');
    await expect(page.getByRole('heading', { name: 'Lines' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Payments' })).toBeVisible();
  });

  test('explains a bad link and still shows the table', async ({ page, javaScriptEnabled }) => {
    await open(page, '/invoices?status=late&page=0', javaScriptEnabled);
    await expect(page.getByTestId('invoices-problems')).toContainText('“late” is not a choice for status.');
    await expect(rows(page)).toHaveCount(25);
  });

  test('offers the matching rows as a CSV download', async ({ page, javaScriptEnabled, request }) => {
    await open(page, '/invoices?status=unpaid', javaScriptEnabled);
    const href = await page.getByTestId('invoices-csv').getAttribute('href');
    expect(href).toContain('/export/invoices.csv?status=unpaid');
    const response = await request.get(href ?? '');
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('text/csv; charset=utf-8');
    const lines = (await response.text()).trim().split('\n');
    const count = Number(((await page.getByTestId('invoice-count').textContent()) ?? '').replace(/\D/g, ''));
    expect(lines.length - 1).toBe(count);
  });

  test('reads in Danish', async ({ page, javaScriptEnabled, context, baseURL }) => {
    await context.addCookies([{ name: 'll_lang', value: 'da', url: baseURL ?? 'http://127.0.0.1:3000' }]);
    await open(page, '/invoices', javaScriptEnabled);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Fakturaer');
    await expect(page.getByTestId('invoice-approved-total')).toHaveText(/^[\d.]+,\d\d\u00a0kr\.$/);
  });

  test('fits a phone screen without sideways scrolling', async ({ page, isMobile, javaScriptEnabled }) => {
    test.skip(!isMobile, 'phone layout only');
    for (const path of ['/invoices', '/invoices?status=paid']) {
      await open(page, path, javaScriptEnabled);
      await expect(rows(page).first()).toBeVisible();
      const width = page.viewportSize()?.width ?? 0;
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(scrollWidth, `${path}: page width vs. screen width`).toBeLessThanOrEqual(width + 1);
    }
    await rows(page).first().locator('a').first().click();
    await expect(page.getByTestId('invoice-title')).toBeVisible();
    const width = page.viewportSize()?.width ?? 0;
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth, 'invoice page width').toBeLessThanOrEqual(width + 1);
  });
});
