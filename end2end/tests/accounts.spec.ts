// Accounts and tenancy as people meet them, with and without JavaScript, on a desktop and
// a phone: signing up into a personal organization, a viewer who can change nothing,
// switching organizations, and an owner changing the plan.
import { expect, test, type Page } from '@playwright/test';
import { storageFor, submitAccountForm, waitForHydration, openMenu } from '../support';

const kpiRevenue = (page: Page) =>
  page.locator('[data-testid="kpi-revenue"] [data-testid="kpi-value"]');

async function noSidewaysScroll(page: Page): Promise<void> {
  const width = page.viewportSize()?.width ?? 0;
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth, 'page width vs. screen width').toBeLessThanOrEqual(width + 1);
}

test.describe('signing up and in', () => {
  test('a visitor is sent to sign in, signs up and lands in a personal organization', async ({
    page,
    javaScriptEnabled,
  }, testInfo) => {
    const response = await page.goto('/billing');
    await expect(page).toHaveURL(/\/sign-in\?next=\/billing$/);
    expect(response?.status()).toBe(200);

    const email = `e2e-${testInfo.project.name}-${Date.now()}@example.com`;
    await page.getByRole('link', { name: 'Create one' }).click();
    await expect(page).toHaveURL(/\/sign-up\?next=\/billing$/);
    if (javaScriptEnabled) await waitForHydration(page);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('a-long-enough-password');
    await page.getByRole('button', { name: 'Create account' }).click();

    // Back where they were going, in their own organization, as its owner, on Free.
    await expect(page).toHaveURL(/\/billing$/);
    await expect(page.getByTestId('current-org')).toHaveText(`${email} (personal)`);
    await expect(page.getByTestId('current-role')).toHaveText('Owner');
    await expect(page.getByTestId('current-plan')).toHaveText('Free');
    await expect(page.getByTestId('meter-max_seats')).toHaveAttribute('data-level', 'blocked');
    await noSidewaysScroll(page);

    // The overview of an empty organization says it has not synced yet.
    await openMenu(page);
    await page.getByRole('link', { name: 'Overview' }).click();
    await expect(page.getByTestId('freshness')).toContainText('Not synced yet');

    // Signing out ends the session: the pages ask to sign in again.
    await openMenu(page);
    await page.getByTestId('sign-out').click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto('/');
    await expect(page).toHaveURL(/\/sign-in\?next=\/$/);

    // A wrong password is explained on the form; the right one signs in.
    await submitAccountForm(page, '/sign-in', email, 'not-the-password', javaScriptEnabled);
    await expect(page.getByTestId('form-error')).toHaveText('The email or the password is wrong.');
    await submitAccountForm(page, '/sign-in', email, 'a-long-enough-password', javaScriptEnabled);
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByTestId('current-org')).toHaveText(`${email} (personal)`);
  });
});

test.describe('the demo viewer', () => {
  test.use({ storageState: storageFor('viewer') });

  test('finds dashboards but no way to change anything', async ({ page }) => {
    await page.goto('/');
    await expect(kpiRevenue(page)).toHaveText(/\d/);
    await expect(page.getByTestId('current-role')).toHaveText('Viewer');
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' })).toHaveCount(0);

    await page.goto('/members');
    await expect(page.getByTestId('member-row').first()).toBeVisible();
    await expect(page.getByTestId('invite-email')).toHaveCount(0);
    await expect(page.getByTestId('role-select')).toHaveCount(0);
    await expect(page.getByTestId('remove-member')).toHaveCount(0);

    await page.goto('/billing');
    await expect(page.getByTestId('current-plan')).toHaveText(/\S/);
    await expect(page.getByTestId('plan-read-only')).toBeVisible();
    await expect(page.getByTestId('choose-plan')).toHaveCount(0);

    await page.goto('/audit');
    await expect(page.getByTestId('error')).toContainText('does not open this page');
    await noSidewaysScroll(page);
  });
});

test.describe('switching organization', () => {
  test.use({ storageState: storageFor('member') });

  test('shows the other organization and its numbers', async ({ page, javaScriptEnabled }) => {
    await page.goto('/?period=last_12_months');
    if (javaScriptEnabled) await waitForHydration(page);
    await openMenu(page);
    const switcher = page.getByTestId('org-switcher');
    const before = ((await switcher.locator('option:checked').textContent()) ?? '').trim();
    const revenueBefore = ((await kpiRevenue(page).textContent()) ?? '').trim();
    expect(revenueBefore).toMatch(/\d/);

    const names = await switcher.locator('option').allTextContents();
    const other = names.map((n) => n.trim()).find((n) => n !== before && !n.includes('(personal)'));
    expect(other, `another demo organization than ${before}`).toBeTruthy();
    await switcher.selectOption({ label: other ?? '' });
    // The page loads again, in the other organization (the select alone shows the
    // choice before the switch happened, so wait for the new page).
    await Promise.all([page.waitForEvent('load'), page.getByTestId('switch-org').click()]);
    await expect(kpiRevenue(page)).toHaveText(/\d/);
    await expect(kpiRevenue(page)).not.toHaveText(revenueBefore);
    await expect(switcher.locator('option:checked')).toHaveText(other ?? '');
    // The choice holds on a fresh visit.
    await page.goto('/?period=last_12_months');
    await expect(switcher.locator('option:checked')).toHaveText(other ?? '');
    await expect(kpiRevenue(page)).toHaveText(/\d/);
    await expect(kpiRevenue(page)).not.toHaveText(revenueBefore);
  });
});

test.describe('the demo owner', () => {
  test.use({ storageState: storageFor('owner') });

  test('changes the plan and sees the billing page change', async ({ page, javaScriptEnabled }) => {
    await page.goto('/billing');
    if (javaScriptEnabled) await waitForHydration(page);
    const current = ((await page.getByTestId('current-plan').textContent()) ?? '').trim();
    const target = current === 'Pro' ? 'Business' : 'Pro';

    // Four members do not fit the Free plan's one seat: refused, with the reason.
    await page.getByRole('button', { name: 'Switch to Free' }).click();
    await expect(page.getByTestId('form-error')).toContainText('The Free plan allows 1 seat');
    await expect(page.getByTestId('current-plan')).toHaveText(current);

    await page.getByRole('button', { name: `Switch to ${target}` }).click();
    await expect(page.getByTestId('current-plan')).toHaveText(target);
    await expect(page.getByTestId('form-error')).toHaveCount(0);
    await expect(page.getByTestId('billing-event').first()).toContainText(
      `Plan changed from ${current} to ${target}`,
    );
    await expect(page.getByTestId(`plan-${target.toLowerCase()}`).getByTestId('plan-current')).toBeVisible();
    await noSidewaysScroll(page);

    // The change is in the audit log.
    await page.goto('/audit');
    await expect(page.locator('[data-testid="audit-row"][data-action="plan_changed"]').first()).toBeVisible();
  });
});
