// The sync as people meet it: the freshness line and the Sync health page. Open pages
// that update in place when a sync lands, and the stale state when Billy fails, are in
// live.spec.ts, which runs after every other test (it changes the demo data).
import { expect, test } from '@playwright/test';
import { storageFor } from '../support';

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
