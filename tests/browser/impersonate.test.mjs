// porch — browser journey: a staff admin logs in as a portal user from the portal
// users page, sees the user's Account page under the banner, ends it, and finds both
// acts on the audit page after signing in again.
import assert from 'node:assert/strict';
import { journey, staffSignIn } from './lib.mjs';

const owner = process.env.PORCH_OWNER_LOGIN;
const email = process.env.PORCH_ADMIN_EMAIL;

journey('staff admin logs in as a portal user and ends it', async ({ page, watch }) => {
	// The journey leaves pages quickly; Chromium may cancel the favicon fetch of a
	// page it leaves (ERR_ABORTED). That is the browser, not a failed response.
	watch.allow((e) => e.kind === 'requestfailed' && e.failure === 'net::ERR_ABORTED'
		&& new URL(e.url).pathname === '/static/favicon.svg');
	await staffSignIn(page);
	await page.locator('main').getByRole('link', { name: 'Portal users', exact: true }).click();
	await page.waitForURL(/\/staff\/users$/);
	const row = page.getByRole('row').filter({ hasText: owner });
	await row.getByRole('button', { name: 'Log in as' }).click();
	await page.waitForURL(/\/portal$/);
	assert.match(await page.locator('h1').textContent(), /Portal of/, 'log in as opens the user\'s portal');
	await page.getByRole('link', { name: 'Account' }).click();
	await page.waitForURL(/\/account$/);

	const banner = page.getByRole('status').filter({ hasText: 'Viewing as' });
	assert.match(await banner.textContent(), new RegExp(`Viewing as ${owner} — signed in as staff ${email}`),
		'the banner names the user and the staff member');
	assert.match(await page.locator('main').textContent(), new RegExp(`Signed in as ${owner}`),
		'the Account page is the user\'s');

	await banner.getByRole('button', { name: 'End' }).click();
	await page.waitForURL(/\/staff\/login$/);

	await staffSignIn(page);
	await page.getByRole('navigation', { name: 'Staff sections' })
		.getByRole('link', { name: 'Audit log' }).click();
	await page.waitForURL(/\/staff\/audit$/);
	await page.getByLabel('Action').selectOption('impersonation.start');
	await page.getByRole('button', { name: 'Filter' }).click();
	await page.waitForURL(/action=impersonation\.start/);
	assert.equal(await page.getByRole('cell', { name: 'Log in as started', exact: true }).count(), 1,
		'the audit page lists the start');
	assert.equal(await page.locator('td[data-action="impersonation.start"]').count(), 1,
		'...by its action');
	assert.equal(await page.locator('td[data-action="impersonation.end"]').count(), 0,
		'the action filter hides the rest');

	watch.assertClean();
});
