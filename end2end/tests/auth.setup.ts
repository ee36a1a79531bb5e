// Signs the demo accounts in once per test run and saves their session cookies, so the
// page tests start signed in without each of them signing in again (sign-in is rate
// limited per account). Tests that sign in, sign up or sign out use fresh accounts.
import { expect, test as setup } from '@playwright/test';
import { ACCOUNTS, storageFor, type AccountName } from '../support';

for (const [name, [email, password]] of Object.entries(ACCOUNTS)) {
  setup(`sign in as the demo ${name}`, async ({ page, baseURL }) => {
    // Through the sign-in server function, as the page's form calls it.
    const response = await page.request.post('/api/sign_in', {
      form: { email, password, next: '/' },
      headers: { origin: new URL(baseURL ?? 'http://127.0.0.1:3000').origin },
    });
    expect(response.status(), await response.text()).toBe(200);
    await page.context().storageState({ path: storageFor(name as AccountName) });
  });
}
