// Open pages that update in place when a sync lands, and the stale state when Billy
// fails. These change the simulated Billy and the demo data, so they run in a project of
// their own after every other test (see playwright.config.ts): desktop, JavaScript on, in
// order. The demo server runs the Billy simulator on E2E_BILLY_SIM_URL.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { storageFor, waitForHydration } from '../support';

const simUrl = process.env.E2E_BILLY_SIM_URL ?? 'http://127.0.0.1:3100';

// The in-app simulator serves each demo organization under a token drawn at start-up
// (only that organization's saved connection holds it); its loopback-only control API
// lists them.
async function fjordlineToken(request: APIRequestContext): Promise<string> {
  const response = await request.get(`${simUrl}/_sim/orgs`);
  expect(response.ok(), 'simulator organizations').toBeTruthy();
  const orgs: { token: string }[] = await response.json();
  const fjordline = orgs.find((org) => org.token.startsWith('demo-fjordline-'));
  expect(fjordline, 'the Fjordline demo organization is simulated').toBeTruthy();
  return fjordline!.token;
}

async function sim(request: APIRequestContext, method: 'PUT' | 'POST', path: string, data: object) {
  const token = await fjordlineToken(request);
  const response = await request.fetch(`${simUrl}/_sim/orgs/${token}/${path}`, { method, data });
  expect(response.ok(), `simulator ${path}`).toBeTruthy();
}

const kpi = (page: Page, key: string) =>
  page.locator(`[data-testid="kpi-${key}"] [data-testid="kpi-value"]`);

test.use({ storageState: storageFor('owner') });

test.describe('live updates', () => {
  test.describe.configure({ mode: 'serial' });

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
