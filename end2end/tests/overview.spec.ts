// The Overview page as a user meets it: figures, chart, period switcher, phone layout and a
// bad link. Every test runs in all four projects (desktop/phone x with/without JavaScript);
// tests that need wasm or a phone skip themselves through the `javaScriptEnabled` and
// `isMobile` options. The server is seeded with the demo organization (base currency DKK).
import { expect, test, type Locator, type Page } from '@playwright/test';
import { storageFor, openMenu, unfold } from '../support';

// Signed in as the demo owner, whose first organization is the demo company.
test.use({ storageState: storageFor('owner') });

declare global {
  interface Window {
    __noReload?: number;
  }
}

const KPIS = [
  'revenue',
  'invoice_count',
  'active_customers',
  'average_invoice',
  'outstanding',
  'overdue',
] as const;

const kpiValue = (page: Page, kpi: (typeof KPIS)[number]): Locator =>
  page.locator(`[data-testid="kpi-${kpi}"] [data-testid="kpi-value"]`);

const revenueRows = (page: Page): Locator =>
  page.locator('[data-testid="revenue-table"] tbody tr');

const revenueCanvas = (page: Page): Locator =>
  page.locator('[data-testid="revenue-chart"] canvas');

async function waitForHydration(page: Page): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
}

test.describe('Overview page', () => {
  test('shows the key figures, their freshness and the revenue table', async ({
    page,
    javaScriptEnabled,
  }) => {
    const response = await page.goto('/');
    expect(response?.status()).toBe(200);
    await expect(page.getByTestId('overview')).toBeVisible();

    for (const kpi of KPIS) {
      await expect(kpiValue(page, kpi), `kpi-${kpi} shows a number`).toHaveText(/\d/);
    }
    // The demo organization keeps its books in Danish kroner (English: "DKK 12,345").
    await expect(kpiValue(page, 'revenue')).toContainText('DKK');

    // No query means this month.
    await expect(page.getByTestId('period-this_month')).toHaveAttribute('aria-current', 'page');

    await expect(page.getByTestId('freshness')).toBeVisible();
    await expect(page.getByTestId('freshness')).toHaveText(/\S/);

    await expect.poll(() => revenueRows(page).count()).toBeGreaterThanOrEqual(1);
    await expect(revenueRows(page).first().locator('th, td').first()).toHaveText(/\S/);

    if (!javaScriptEnabled) {
      // Without wasm the page is server-rendered only: no chart drawn, never hydrated.
      await expect(revenueCanvas(page)).toHaveCount(0);
      await expect(page.locator('html[data-hydrated]')).toHaveCount(0);
    }
  });

  test('switches to Danish and back, on the same page and period', async ({
    page,
    javaScriptEnabled,
  }) => {
    await page.goto('/?period=last_month');
    if (javaScriptEnabled) await waitForHydration(page);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');

    await openMenu(page);
    await page.getByTestId('language-da').click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'da');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Overblik');
    await expect(page).toHaveURL(/\?period=last_month$/);
    await expect(page.getByTestId('period-last_month')).toHaveText('Sidste måned');
    // Danish money: "1.234 kr." with a no-break space.
    await expect(kpiValue(page, 'revenue')).toHaveText(/^-?[\d.]+\u00a0kr\.$/);
    await expect(page.getByTestId('language-da')).toHaveAttribute('aria-pressed', 'true');

    if (javaScriptEnabled) await waitForHydration(page);
    await openMenu(page);
    await page.getByTestId('language-en').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Overview');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  });

  test('hydrates and draws the revenue chart', async ({ page, javaScriptEnabled }) => {
    test.skip(!javaScriptEnabled, 'needs JavaScript');
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto('/');
    await waitForHydration(page);

    const canvas = revenueCanvas(page).first();
    await expect(canvas).toBeVisible();
    await expect
      .poll(async () => {
        const box = await canvas.boundingBox();
        return box !== null && box.width > 100 && box.height > 100;
      }, { message: 'the chart canvas is larger than 100x100' })
      .toBe(true);

    expect(pageErrors, 'uncaught errors in the page (a wasm panic shows up here)').toEqual([]);
  });

  test('switches period in place after hydration', async ({ page, javaScriptEnabled }) => {
    test.skip(!javaScriptEnabled, 'needs JavaScript');

    await page.goto('/');
    await waitForHydration(page);
    await page.evaluate(() => {
      window.__noReload = 42;
    });
    const revenueBefore = ((await kpiValue(page, 'revenue').textContent()) ?? '').trim();
    const rowsBefore = await revenueRows(page).count();

    await unfold(page, 'period-fold');
    await page.getByTestId('period-last_12_months').click();

    await expect(page).toHaveURL(/[?&]period=last_12_months\b/);
    await expect(kpiValue(page, 'revenue')).not.toHaveText(revenueBefore);
    await expect(page.getByTestId('period-last_12_months')).toHaveAttribute(
      'aria-current',
      'page',
    );
    await expect(page.getByTestId('period-this_month')).not.toHaveAttribute(
      'aria-current',
      'page',
    );
    await expect(revenueRows(page), `was ${rowsBefore} row(s) for this month`).toHaveCount(12);
    expect(
      await page.evaluate(() => window.__noReload),
      'the page was not reloaded (client-side navigation)',
    ).toBe(42);
  });

  test('compares a running period like for like, the whole period before one link away', async ({
    page,
    javaScriptEnabled,
  }) => {
    // This year runs on every day but 31 December, when it is compared whole.
    await page.goto('/?period=this_year');
    if (javaScriptEnabled) await waitForHydration(page);
    const line = page.getByTestId('compared-with');
    const running = ((await line.textContent()) ?? '').includes('the same days of the period before');
    test.skip(!running, 'this year is over today, so there is nothing to switch');

    await expect(page.getByTestId('kpi-last-year').first()).toHaveText(/\d/);
    const revenueSameDays = ((await page.locator('[data-testid="kpi-revenue"] [data-testid="kpi-previous"]').textContent()) ?? '').trim();
    await page.getByTestId('compare-switch').click();
    await expect(page).toHaveURL(/[?&]against=whole_period\b/);
    await expect(line).toContainText('compared with the whole period before');
    await expect(
      page.locator('[data-testid="kpi-revenue"] [data-testid="kpi-previous"]'),
      'the whole year before holds more revenue than its first days',
    ).not.toHaveText(revenueSameDays);
    await page.getByTestId('compare-switch').click();
    await expect(line).toContainText('the same days of the period before');
  });

  test('switches period with a plain link without JavaScript', async ({
    page,
    javaScriptEnabled,
  }) => {
    test.skip(javaScriptEnabled, 'covers the no-JavaScript path');

    await page.goto('/?period=this_month');
    const thisMonthRevenue = ((await kpiValue(page, 'revenue').textContent()) ?? '').trim();
    expect(thisMonthRevenue).toMatch(/\d/);

    await unfold(page, 'period-fold');
    await page.getByTestId('period-last_month').click();

    await expect(page).toHaveURL(/[?&]period=last_month\b/);
    await expect(page.getByTestId('period-last_month')).toHaveAttribute('aria-current', 'page');
    await expect(kpiValue(page, 'revenue')).toHaveText(/\d/);
    await expect(kpiValue(page, 'revenue')).not.toHaveText(thisMonthRevenue);
  });

  test('fits a phone screen without sideways scrolling', async ({
    page,
    isMobile,
    javaScriptEnabled,
  }) => {
    test.skip(!isMobile, 'phone layout only');

    await page.goto('/');
    if (javaScriptEnabled) {
      // The chart is drawn after hydration and must not widen the page either.
      await waitForHydration(page);
      await expect(revenueCanvas(page).first()).toBeVisible();
    }
    await expect(kpiValue(page, 'revenue')).toHaveText(/\d/);
    // The period pills fold behind one line that names the period shown.
    await expect(page.getByTestId('period-this_month')).toBeHidden();
    await expect(page.getByTestId('period-fold').locator('summary')).toHaveText(/Period:\s*This month/);

    // The phone's screen width as configured. Not window.innerWidth: in mobile emulation
    // Chromium zooms out to show overflowing content, and innerWidth grows with it.
    const screenWidth = page.viewportSize()?.width ?? 0;
    expect(screenWidth).toBeGreaterThan(0);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth, 'page width vs. screen width').toBeLessThanOrEqual(screenWidth + 1);

    for (const kpi of KPIS) {
      const box = await page.getByTestId(`kpi-${kpi}`).boundingBox();
      expect(box, `kpi-${kpi} is rendered`).not.toBeNull();
      if (box) {
        expect(box.x, `kpi-${kpi} left edge`).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width, `kpi-${kpi} right edge`).toBeLessThanOrEqual(screenWidth + 1);
      }
    }
  });

  test('explains an unknown period instead of failing', async ({ page }) => {
    const response = await page.goto('/?period=nonsense');
    expect([200, 400]).toContain(response?.status());
    await expect(page.getByTestId('period-error')).toBeVisible();
    await expect(page.getByTestId('period-error')).toContainText(/period/i);
    await expect(page.locator('body')).not.toContainText(/panicked|internal server error/i);
  });

  test('runs under a strict Content-Security-Policy, assets included', async ({
    page,
    javaScriptEnabled,
  }) => {
    test.skip(!javaScriptEnabled, 'needs JavaScript');
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    const response = await page.goto('/');
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("'wasm-unsafe-eval'");
    expect(csp).not.toContain("'unsafe-eval'");
    await waitForHydration(page);
    await expect(revenueCanvas(page).first()).toBeVisible();
    expect(violations, 'nothing the page needs is blocked by the policy').toEqual([]);

    for (const asset of ['/pkg/ledgerlight.css', '/pkg/ledgerlight.js', '/vendor/echarts.min.js']) {
      const assetResponse = await page.request.get(asset);
      expect(assetResponse.status(), asset).toBe(200);
      expect(assetResponse.headers()['content-security-policy'], asset).toContain("frame-ancestors 'none'");
      expect(assetResponse.headers()['x-content-type-options'], asset).toBe('nosniff');
    }
  });
});
