// porch — browser journey: staff create and invite a portal user; the user follows
// the mailed link, sets a password, signs in, sees the Account page, signs out.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
	journey, acceptInvitation, baseUrl, invitationLink, staffSignIn,
} from './lib.mjs';

const invitee = 'invitee@acme.test';
const newPassword = 'a password of my own choosing';

journey('staff invite a portal user, who sets a password, signs in and out', async ({ page, watch }) => {
	await staffSignIn(page);

	await page.getByRole('link', { name: 'Customers and portal users' }).click();
	await page.waitForURL(/\/staff\/portal-users$/);
	const row = page.getByRole('row').filter({ hasText: 'Ines Invitee' }).first();
	await row.getByRole('button', { name: 'Create portal user' }).click();
	await page.waitForLoadState('load');
	assert.match(await page.locator('main').textContent(), new RegExp(invitee),
		'the page shows the new portal user');

	// The outbox sender delivers the invitation to the SMTP sink.
	execFileSync(process.env.PORCH_PORCHCTL, ['-c', process.env.PORCH_CONF, 'outbox', 'send']);
	const link = invitationLink(invitee);
	assert.ok(link, 'an invitation mail with a link arrived');
	assert.match(link.text, /Acme Rentals/, 'the mail names the tenant');

	// A fresh browser state: the invitee is not the staff member.
	await page.context().clearCookies();
	await acceptInvitation(page, link.path, newPassword);

	await page.getByLabel('Login').fill(invitee);
	await page.getByLabel('Password').fill(newPassword);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL(/\/portal$/);
	assert.match(await page.locator('h1').textContent(), /Portal of Ines Invitee/,
		'the invitee is signed in and sees their portal');

	await page.getByRole('button', { name: 'Sign out' }).click();
	await page.waitForURL((u) => new URL(u).pathname === '/');

	// The link was single use.
	const again = await page.goto(new URL(link.path, baseUrl).href);
	assert.equal(again.status(), 404, 'the invitation link works once');
	watch.allow((e) => (e.kind === 'response' && e.status === 404 && e.url.includes('/invite/'))
		|| (e.kind === 'console' && /status of 404/.test(e.text)));
	watch.assertClean();
});
