// The sync as people meet it: the freshness line and the Sync health page, open pages
// that update in place when a sync lands, and the stale state when Billy fails. The
// demo server runs the Billy simulator on E2E_BILLY_SIM_URL; these tests drive it.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { storageFor, waitForHydration } from '../support';

const simUrl = process.env.E2E_BILLY_SIM_URL ?? 'http://127.0.0.1:3100';
const TOKEN = 'demo-fjordline';

async function sim(request: APIRequestContext, method: 'PUT' | 'POST', path: string, data: object) {
  const response = await request.fetch(`${simUrl}/_sim/orgs/${TOKEN}/${path}`, { method, data });
  expect(response.ok(), `simulator ${path}`).toBeTruthy();
}

const kpi = (page: Page, key: string) =>
  page.locator(`[data-testid="kpi-${key}"] [data-testid="kpi-value"]`);

test.use({ storageState: storageFor('owner') });

test.describe('sync health', () => {
  test('lists every resource and the runs, filterable without JavaScript', async ({ page }) => {
    await page.goto('/sync');
    await expect(page.getByTestId('resource-row')).toHaveCount(6);
    await expect(page.getByTestId('freshness-line')).toContainText('Synced');
    // The sync at start-up ran every resource against the simulator.
    await expect(page.getByTestId('run-row').first()).toBeVisible();
    await page.getByLabel('Resource').selectOption('invoices');
    await page.getByTestId('filter-runs').click();
    await expect(page).toHaveURL(/resource=invoices/);
    const resources = await page.locator('[data-testid="run-row"] td:nth-child(2)').allTextContents();
    expect(resources.length).toBeGreaterThan(0);
    expect(new Set(resources)).toEqual(new Set(['invoices']));
  });
});

test.describe('live updates', () => {
  // These change the simulated Billy, so they run once (desktop, JavaScript on), in order.
  test.describe.configure({ mode: 'serial' });
  test.skip(({ javaScriptEnabled, isMobile }) => !javaScriptEnabled || isMobile, 'desktop with JavaScript');

  test('a sync updates two open pages in place', async ({ page, context, request }) => {
    const other = await context.newPage();
    for (const p of [page, other]) {
      await p.goto('/?period=this_month');
      await waitForHydration(p);
    }
    const before = (await kpi(other, 'invoice_count').textContent())?.trim();
    // A mark that a reload would wipe.
    await other.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));

    await sim(request, 'POST', 'advance', { invoices: 3 });
    await page.getByTestId('sync-now').click();

    await expect(kpi(other, 'invoice_count')).not.toHaveText(before ?? '', { timeout: 20_000 });
    await expect(kpi(page, 'invoice_count')).not.toHaveText(before ?? '');
    expect(await other.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    await expect(other.getByTestId('freshness-line')).toContainText(/Synced (just now|1 min ago)/);
  });

  test('pages opened without a query refetch their figures after a sync', async ({ context, request }) => {
    // Their server functions are called with every parameter empty (a bug once made
    // that call fail after hydration and replaced the table by an error).
    // Three pages: each holds a live-update stream, and a browser opens at most six
    // connections to one server.
    const paths = ['/invoices', '/revenue', '/payments'];
    const pages = [];
    for (const path of paths) {
      const p = await context.newPage();
      await p.goto(path);
      await waitForHydration(p);
      pages.push(p);
    }
    const invoices = pages[0];
    const before = (await invoices.getByTestId('invoice-count').textContent())?.trim();
    await sim(request, 'POST', 'advance', { invoices: 2 });
    await invoices.getByTestId('sync-now').click();
    await expect(invoices.getByTestId('invoice-count')).not.toHaveText(before ?? '', { timeout: 20_000 });
    // The other pages refetch on the same live event; give them a moment.
    await invoices.waitForTimeout(2_000);
    for (const p of pages) {
      await expect(p.getByTestId('freshness-line')).toContainText(/Synced (just now|1 min ago)/);
      await expect(p.getByTestId('error')).toHaveCount(0);
    }
  });

  test('the stale state shows when Billy refuses, and clears when it recovers', async ({ page, request }) => {
    await page.goto('/');
    await waitForHydration(page);
    await sim(request, 'PUT', 'faults', { invalidToken: true });
    try {
      await page.getByTestId('sync-now').click();
      await expect(page.getByTestId('sync-bar')).toHaveAttribute('data-stale', 'true', { timeout: 20_000 });
      await expect(page.getByTestId('sync-problem')).toContainText('access token');
    } finally {
      await sim(request, 'PUT', 'faults', {});
    }
    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('sync-bar')).toHaveAttribute('data-stale', 'false', { timeout: 20_000 });
  });
});
