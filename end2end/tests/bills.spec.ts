// The Bills table as an owner uses it: sums, filtering overdue bills, sorting, Danish
// and a phone. Runs in all four projects (desktop/phone x with/without JavaScript).
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { storageFor, waitForHydration } from '../support';

test.use({ storageState: storageFor('owner') });

const rows = (page: Page) => page.getByTestId('invoice-row');

async function open(page: Page, path: string, javaScriptEnabled: boolean): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status()).toBe(200);
  if (javaScriptEnabled) await waitForHydration(page);
}

test.describe('Bills', () => {
  test('lists bills with totals and filters the overdue ones', async ({ page, javaScriptEnabled }) => {
    await open(page, '/bills', javaScriptEnabled);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bills');
    await expect(rows(page).first()).toBeVisible();
    await expect(page.getByTestId('invoice-due-soon')).toHaveText(/^DKK\u00a0[\d,]+\.\d\d$/);
    await page.getByLabel('Payment').selectOption('unpaid');
    await page.getByTestId('apply-filters').click();
    await expect(page).toHaveURL(/\/bills\?.*status=unpaid/);
    await expect(page.getByTestId('invoice-table').getByTestId('status').first()).toHaveText(/^(Due|Overdue)/);
    await page.getByTestId('sort-customer').click();
    await expect(page).toHaveURL(/sort=customer&dir=asc/);
    await expect(page.getByTestId('invoice-table').locator('th[aria-sort="ascending"]')).toContainText('Supplier');
  });

  test('downloads the filtered bills as a CSV file', async ({ page, javaScriptEnabled }) => {
    await open(page, '/bills?status=unpaid', javaScriptEnabled);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('bills-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^bills-\d{4}-\d\d-\d\d\.csv$/);
    const text = readFileSync((await download.path()) ?? '', 'utf8');
    expect(text.startsWith('\ufeff'), 'a byte order mark, so Excel reads æøå').toBe(true);
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('Number,State,Status,Supplier,Date,Due date,Currency,Amount,Amount (DKK),Still to pay');
    const count = Number(((await page.getByTestId('invoice-count').textContent()) ?? '').replace(/\D/g, ''));
    expect(lines.length - 1).toBe(count);
  });

  test('reads in Danish', async ({ page, javaScriptEnabled, context, baseURL }) => {
    await context.addCookies([{ name: 'll_lang', value: 'da', url: baseURL ?? 'http://127.0.0.1:3000' }]);
    await open(page, '/bills', javaScriptEnabled);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Regninger');
  });

  test('fits a phone screen without sideways scrolling', async ({ page, isMobile, javaScriptEnabled }) => {
    test.skip(!isMobile, 'phone layout only');
    await open(page, '/bills', javaScriptEnabled);
    await expect(rows(page).first()).toBeVisible();
    const width = page.viewportSize()?.width ?? 0;
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth, 'page width vs. screen width').toBeLessThanOrEqual(width + 1);
  });
});
