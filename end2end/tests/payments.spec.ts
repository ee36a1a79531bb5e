// The Bank payments table as an owner uses it: totals, filtering money in, sorting by
// amount, paging, Danish and a phone. Runs in all four projects.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { storageFor, waitForHydration } from '../support';

test.use({ storageState: storageFor('owner') });

const rows = (page: Page) => page.getByTestId('payment-row');

async function open(page: Page, path: string, javaScriptEnabled: boolean): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status()).toBe(200);
  if (javaScriptEnabled) await waitForHydration(page);
}

test.describe('Bank payments', () => {
  test('lists payments with totals, filters by direction and sorts', async ({ page, javaScriptEnabled }) => {
    await open(page, '/payments', javaScriptEnabled);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bank payments');
    await expect(rows(page)).toHaveCount(25);
    await expect(page.getByTestId('payments-in')).toHaveText(/^DKK\u00a0[\d,]+\.\d\d$/);
    await page.getByLabel('Direction').selectOption('in');
    await page.getByTestId('apply-payment-filters').click();
    await expect(page).toHaveURL(/side=in/);
    await expect(page.getByTestId('payments-out')).toHaveText(/^DKK\u00a00\.00$/);
    await page.getByTestId('sort-amount').click();
    await expect(page).toHaveURL(/sort=amount&dir=desc/);
    await page.getByTestId('page-next').click();
    await expect(page.getByTestId('page-of')).toHaveText(/^Page 2 of \d+$/);
  });

  test('downloads the filtered payments as a CSV file', async ({ page, javaScriptEnabled }) => {
    await open(page, '/payments?side=out', javaScriptEnabled);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('payments-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^payments-\d{4}-\d\d-\d\d\.csv$/);
    const lines = readFileSync((await download.path()) ?? '', 'utf8').trim().split('\n');
    expect(lines[0]).toContain('Customer or supplier,Direction');
    const count = Number(((await page.getByTestId('payment-count').textContent()) ?? '').replace(/\D/g, ''));
    expect(lines.length - 1).toBe(count);
    expect(lines.slice(1).every((line) => line.includes(',Money out,'))).toBe(true);
  });

  test('reads in Danish', async ({ page, javaScriptEnabled, context, baseURL }) => {
    await context.addCookies([{ name: 'll_lang', value: 'da', url: baseURL ?? 'http://127.0.0.1:3000' }]);
    await open(page, '/payments', javaScriptEnabled);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bankbetalinger');
  });

  test('fits a phone screen without sideways scrolling', async ({ page, isMobile, javaScriptEnabled }) => {
    test.skip(!isMobile, 'phone layout only');
    await open(page, '/payments', javaScriptEnabled);
    await expect(rows(page).first()).toBeVisible();
    const width = page.viewportSize()?.width ?? 0;
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth, 'page width vs. screen width').toBeLessThanOrEqual(width + 1);
  });
});
