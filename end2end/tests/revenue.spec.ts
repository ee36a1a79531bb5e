// The Revenue page as an owner uses it: named periods, stepping with links and arrow
// keys, grouping and VAT, a custom range, comparisons, a bad link, Danish, and a phone.
// Runs in all four projects (desktop/phone x with/without JavaScript).
import { expect, test, type Page } from '@playwright/test';
import { storageFor, unfold, waitForHydration } from '../support';

test.use({ storageState: storageFor('owner') });

const rows = (page: Page) => page.locator('[data-testid="revenue-table"] tbody tr');
const total = (page: Page) => page.locator('[data-testid="revenue-total"] [data-testid="value"]');
/** On a phone the controls fold behind one line; open them as a person would. */
const controls = (page: Page) => unfold(page, 'revenue-controls');

async function open(page: Page, path: string, javaScriptEnabled: boolean): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status()).toBe(200);
  if (javaScriptEnabled) await waitForHydration(page);
}

test.describe('Revenue page', () => {
  test('shows a period with its comparisons, chart summary and table twin', async ({
    page,
    javaScriptEnabled,
  }) => {
    await open(page, '/revenue?period=last_12_months&by=month', javaScriptEnabled);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Revenue');
    await expect(page.getByTestId('period-last_12_months')).toHaveAttribute('aria-current', 'page');
    await expect(total(page)).toHaveText(/^DKK\u00a0[\d,]+$/);
    await expect(page.getByTestId('revenue-vs-previous')).toContainText('vs');
    await expect(page.getByTestId('revenue-vs-last-year')).toContainText('vs');
    await expect(rows(page)).toHaveCount(12);
    await expect(page.getByTestId('revenue-summary')).toContainText('compared with');
    await expect(page.getByTestId('revenue-currencies')).toContainText('DKK');
    if (javaScriptEnabled) {
      await expect(page.locator('[data-testid="revenue-chart"] canvas').first()).toBeVisible();
    }
  });

  test('steps to the previous and next period, and groups by week', async ({
    page,
    javaScriptEnabled,
  }) => {
    await open(page, '/revenue?period=last_month', javaScriptEnabled);
    const period = (await page.getByTestId('revenue-period').textContent()) ?? '';
    await controls(page);
    await page.getByTestId('step-previous').click();
    await expect(page.getByTestId('revenue-period')).not.toHaveText(period);
    await expect(page).toHaveURL(/from=\d{4}-\d{2}-01&to=/);
    await controls(page);
    await page.getByTestId('step-next').click();
    await expect(page.getByTestId('revenue-period')).toHaveText(period);

    await controls(page);
    await page.getByTestId('revenue-by').getByRole('link', { name: 'Week' }).click();
    await expect(page).toHaveURL(/by=week/);
    await expect(rows(page).first().locator('th')).toHaveText(/^Week \d+, \d{4}$/);

    // Including VAT never shows less than excluding it for this Danish business.
    const excluded = Number(((await total(page).textContent()) ?? '').replace(/\D/g, ''));
    await controls(page);
    await page.getByTestId('revenue-vat').getByRole('link', { name: 'Including VAT' }).click();
    await expect(page).toHaveURL(/vat=incl/);
    await expect
      .poll(async () => Number(((await total(page).textContent()) ?? '').replace(/\D/g, '')))
      .toBeGreaterThanOrEqual(excluded);
  });

  test('steps with the arrow keys after hydration', async ({ page, javaScriptEnabled }) => {
    test.skip(!javaScriptEnabled, 'needs JavaScript');
    await open(page, '/revenue?period=this_quarter', javaScriptEnabled);
    const period = (await page.getByTestId('revenue-period').textContent()) ?? '';
    await controls(page);
    await page.getByTestId('step-next').focus();
    await page.keyboard.press('ArrowLeft');
    await expect(page.getByTestId('revenue-period')).not.toHaveText(period);
    await expect(page).toHaveURL(/from=/);
  });

  test('shows a custom range from the form', async ({ page, javaScriptEnabled }) => {
    await open(page, '/revenue', javaScriptEnabled);
    await controls(page);
    const form = page.getByTestId('custom-range');
    await form.getByLabel('From').fill('2026-01-01');
    await form.getByLabel('To').fill('2026-03-31');
    await form.getByRole('button', { name: 'Show' }).click();
    await expect(page).toHaveURL(/from=2026-01-01&to=2026-03-31/);
    await expect(page.getByTestId('revenue-period')).toContainText('1 Jan 2026 – 31 Mar 2026');
  });

  test('explains a bad link and still shows figures', async ({ page, javaScriptEnabled }) => {
    await open(page, '/revenue?period=someday&by=hour', javaScriptEnabled);
    await expect(page.getByTestId('revenue-problems')).toContainText('“someday” is not one we know');
    await expect(page.getByTestId('revenue-problems')).toContainText('“hour” is not a grouping');
    await expect(total(page)).toHaveText(/\d/);
  });

  test('reads in Danish', async ({ page, javaScriptEnabled, context, baseURL }) => {
    await context.addCookies([{ name: 'll_lang', value: 'da', url: baseURL ?? 'http://127.0.0.1:3000' }]);
    await open(page, '/revenue?period=last_12_months&by=quarter', javaScriptEnabled);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Omsætning');
    await expect(total(page)).toHaveText(/^[\d.]+\u00a0kr\.$/);
    await expect(rows(page).first().locator('th')).toHaveText(/^\d\. kvt\. \d{4}$/);
  });

  test('fits a phone screen without sideways scrolling', async ({ page, isMobile, javaScriptEnabled }) => {
    test.skip(!isMobile, 'phone layout only');
    await open(page, '/revenue?period=last_12_months', javaScriptEnabled);
    await expect(total(page)).toHaveText(/\d/);
    // Every control folds behind one line that names the choices in force.
    await expect(page.getByTestId('step-previous')).toBeHidden();
    const summary = page.getByTestId('revenue-controls').locator('summary');
    await expect(summary).toContainText('Last 12 months');
    await expect(summary).toContainText('Excluding VAT');
    const width = page.viewportSize()?.width ?? 0;
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth, 'page width vs. screen width').toBeLessThanOrEqual(width + 1);
  });
});
