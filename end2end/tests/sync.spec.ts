// The sync as people meet it: the freshness line and the Sync health page. Open pages
// that update in place when a sync lands, and the stale state when Billy fails, are in
// live.spec.ts, which runs after every other test (it changes the demo data).
import { expect, test } from '@playwright/test';
import { storageFor } from '../support';

test.use({ storageState: storageFor('owner') });

test.describe('sync health', () => {
  test('lists every resource and one row per sync, filterable without JavaScript', async ({ page }) => {
    await page.goto('/sync');
    await expect(page.getByTestId('resource-row')).toHaveCount(6);
    await expect(page.getByTestId('freshness-line')).toContainText('Synced');
    await expect(page.getByTestId('time-zone')).toHaveText('Times are in Europe/Copenhagen.');
    await expect(page.getByTestId('sync-days-summary')).toContainText('In the last 14 days');
    // The demo seed and the sync at start-up each ran every resource: one row each,
    // its resources' runs inside.
    const first = page.getByTestId('cycle-row').first();
    await expect(first).toBeVisible();
    await expect(first.getByTestId('run-row').first()).toBeHidden();
    await first.locator('summary').click();
    await expect(first.getByTestId('run-row')).toHaveCount(6);
    await expect(first.getByTestId('run-row').first()).toBeVisible();
    await expect(page.getByTestId('cycles-page')).toContainText('Page 1 of ');

    await page.getByLabel('Resource').selectOption('invoices');
    await page.getByTestId('filter-runs').click();
    await expect(page).toHaveURL(/resource=invoices/);
    const resources = await page.locator('[data-testid="run-row"] th').allTextContents();
    expect(resources.length).toBeGreaterThan(0);
    expect(new Set(resources)).toEqual(new Set(['invoices']));

    await page.getByLabel('Outcome').selectOption('failed');
    await page.getByTestId('filter-runs').click();
    await expect(page).toHaveURL(/status=failed/);
    await expect(page.getByTestId('no-cycles')).toBeVisible();
  });
});
