// porch — browser journey: a portal user signs in from the home page, lands on the
// portal, opens the Account page with this session, and signs out.
import assert from 'node:assert/strict';
import { journey, baseUrl } from './lib.mjs';

const login = process.env.PORCH_OWNER_LOGIN;
const password = process.env.PORCH_OWNER_PASSWORD;

journey('portal user signs in, sees the Account page, signs out', async ({ page, watch }) => {
	await page.goto(baseUrl);
	await page.getByRole('link', { name: 'Sign in' }).click();
	await page.waitForURL(/\/login$/);

	// A wrong password first: the form says so and keeps the login typed.
	await page.getByLabel('Login').fill(login);
	await page.getByLabel('Password').fill('not the password at all');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForLoadState('load');
	assert.match(await page.getByRole('alert').textContent(), /not correct/,
		'a wrong password gets a clear message');
	assert.equal(await page.getByLabel('Login').inputValue(), login, 'the login stays filled in');

	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL(/\/portal$/);
	assert.match(await page.locator('h1').textContent(), /^Portal of /, 'lands on the portal');
	await page.getByRole('link', { name: 'Account' }).click();
	await page.waitForURL(/\/account$/);
	assert.equal((await page.locator('h1').textContent()).trim(), 'Account', 'the Account page is a click away');
	assert.match(await page.locator('main').textContent(), new RegExp(`Signed in as ${login}`),
		'the page names the user');
	assert.equal(await page.getByRole('cell', { name: 'This device' }).count(), 1,
		'the session list shows this device');
	const cookies = await page.context().cookies();
	const session = cookies.find((c) => c.name === 'porch_session');
	assert.ok(session, 'a session cookie is set');
	assert.equal(session.httpOnly, true, 'the session cookie is HttpOnly');
	assert.equal(session.sameSite, 'Lax', 'the session cookie is SameSite=Lax');

	await page.getByRole('button', { name: 'Sign out' }).click();
	await page.waitForURL((u) => new URL(u).pathname === '/');
	assert.equal(await page.getByRole('button', { name: 'Sign out' }).count(), 0,
		'after signing out there is no Sign out button');
	await page.goto(new URL('/account', baseUrl).href);
	assert.match(page.url(), /\/login$/, 'the Account page now sends to sign-in');

	watch.assertClean();
});
