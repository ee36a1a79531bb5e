// Shared by the end-to-end tests: the demo accounts and where their saved sessions live.
import { expect, type Page } from '@playwright/test';

export const ACCOUNTS = {
  owner: ['owner@demo.ledgerlight.test', 'demo-owner-pass'],
  member: ['member@demo.ledgerlight.test', 'demo-member-pass'],
  viewer: ['viewer@demo.ledgerlight.test', 'demo-viewer-pass'],
  admin: ['admin@demo.ledgerlight.test', 'demo-admin-pass'],
} as const;

export type AccountName = keyof typeof ACCOUNTS;

/** The saved session of a demo account (written by auth.setup.ts). */
export const storageFor = (name: AccountName): string => `target/e2e-auth/${name}.json`;

/** Resolves once the wasm bundle has hydrated the page. */
export async function waitForHydration(page: Page): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
}

/** Submits the sign-in or sign-up form as a person would (with or without JavaScript). */
export async function submitAccountForm(
  page: Page,
  path: '/sign-in' | '/sign-up',
  email: string,
  password: string,
  javaScriptEnabled: boolean,
): Promise<void> {
  await page.goto(path);
  if (javaScriptEnabled) await waitForHydration(page);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: path === '/sign-in' ? 'Sign in' : 'Create account' }).click();
}

/**
 * Opens a `<details class="fold-on-phone">` (the header's menu, a page's controls) when
 * it is folded, as a person on a phone would; on a wider screen it is always open and
 * this does nothing.
 */
export async function unfold(page: Page, testid: string): Promise<void> {
  const fold = page.getByTestId(testid);
  const summary = fold.locator(':scope > summary');
  if (!(await summary.isVisible())) return;
  if (await fold.evaluate((el) => (el as HTMLDetailsElement).open)) return;
  await summary.click();
  await expect(fold).toHaveAttribute('open', '');
}

/** Opens the header's menu on a phone (see `unfold`). */
export const openMenu = (page: Page): Promise<void> => unfold(page, 'menu');
