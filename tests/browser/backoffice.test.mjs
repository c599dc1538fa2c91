// porch — browser journey of the back office: staff add a customer with a contact
// and a property, and create the contact's portal user with a chosen group, a
// one-property scope and MFA required; the user accepts the mailed invitation,
// enrols TOTP and sees exactly that property.
//
// The journey is a list of steps run in order over one shared state (ctx); a new
// step (a document upload, a change of the grant's scope) is one more entry in
// `steps` at its place.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { journey, acceptInvitation, invitationLink, staffSignIn } from './lib.mjs';

const customer = { name: 'Gina Grant', email: 'gina@acme.test' };
const contact = { name: 'Hal Helper', email: 'hal@acme.test' };
const property = { name: 'Gina Garden Flat', city: 'Shoreham', bedrooms: '2' };
const group = 'Cleaners';
const newPassword = 'hal chose this long passphrase';

// The code an authenticator app shows for secret at step (30-second steps).
function totp(secret, step) {
	return execFileSync('oathtool', ['--totp', '-b', secret, '--now', `@${step * 30}`])
		.toString().trim();
}

const steps = [
	['staff add a customer', async ({ page }, ctx) => {
		await staffSignIn(page);
		await page.getByRole('link', { name: 'Customers', exact: true }).click();
		await page.waitForURL(/\/staff\/customers$/);
		await page.locator('#new-name').fill(customer.name);
		await page.locator('#new-email').fill(customer.email);
		await page.getByRole('button', { name: 'Create customer' }).click();
		await page.waitForURL(/\/staff\/customers\/\d+\?done=created$/);
		ctx.customerUrl = page.url().replace(/\?.*$/, '');
		assert.equal((await page.locator('h1').textContent()).trim(), customer.name,
			'the new customer has its own page');
		assert.match(await page.locator('#tokenlink').inputValue(), /\/t\/[A-Za-z0-9_-]{43}$/,
			'...showing its token link at once');
	}],
	['staff add a contact', async ({ page }) => {
		await page.locator('#contact-name').fill(contact.name);
		await page.locator('#contact-email').fill(contact.email);
		await page.getByRole('button', { name: 'Add contact' }).click();
		await page.waitForURL(/\?done=contact$/);
		assert.ok(await page.getByRole('cell', { name: contact.name, exact: true }).isVisible(),
			'the contact is listed on the customer page');
	}],
	['staff add a property', async ({ page }, ctx) => {
		await page.locator('#property-name').fill(property.name);
		await page.locator('#property-city').fill(property.city);
		await page.locator('#property-bedrooms').fill(property.bedrooms);
		await page.getByRole('button', { name: 'Add property' }).click();
		await page.waitForURL(/\/staff\/properties\/\d+\?done=created$/);
		assert.equal(await page.locator('#property-city').inputValue(), property.city,
			'the property page shows what was typed');
		await page.getByRole('link', { name: 'Its owner' }).click();
		await page.waitForURL(ctx.customerUrl);
	}],
	['staff create the contact\'s portal user with a group, one property and MFA',
		async ({ page }) => {
		const form = page.locator('form.new-user');
		assert.match(await form.locator('#user-group option:checked').textContent(),
			/\(default\)/, 'the default group is preselected');
		await form.locator('#user-contact').selectOption({ label: contact.name });
		await form.locator('#user-group').selectOption({ label: group });
		await form.getByLabel('One property:').check();
		await form.locator('#user-property').selectOption({ label: property.name });
		await form.getByLabel('Require MFA for this user').check();
		await form.getByRole('button', { name: 'Save and send the invitation' }).click();
		await page.waitForURL(/\?done=invited$/);
		const row = page.locator('#portal-users tr').filter({ hasText: contact.email });
		assert.match(await row.textContent(), /invited/, 'the user is listed, invited');
		assert.match(await row.textContent(), /required, not enrolled/, '...with MFA required');
	}],
	['the user accepts the invitation', async ({ page }) => {
		execFileSync(process.env.PORCH_PORCHCTL, ['-c', process.env.PORCH_CONF, 'outbox', 'send']);
		const link = invitationLink(contact.email);
		assert.ok(link, 'the invitation mail arrived at the contact\'s address');
		await page.context().clearCookies();
		await acceptInvitation(page, link.path, newPassword);
		await page.getByLabel('Login').fill(contact.email);
		await page.getByLabel('Password').fill(newPassword);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page.waitForURL(/\/mfa\/enrol$/);
	}],
	['the user enrols TOTP', async ({ page }) => {
		const secret = (await page.locator('#secret').textContent()).replace(/\s/g, '');
		// porchd's test build checks codes at the step in this file (run.sh).
		const step = Math.floor(Date.now() / 30000) + 1000;
		writeFileSync(process.env.PORCH_TEST_TOTP_CLOCK, `${step * 30 + 10}\n`);
		await page.getByLabel('Authentication code').fill(totp(secret, step));
		await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
		await page.waitForLoadState('load');
		assert.equal((await page.locator('h1').textContent()).trim(), 'Your recovery codes',
			'the code turns MFA on');
		await page.getByRole('link', { name: 'Continue' }).click();
		await page.waitForURL(/\/portal$/);
	}],
	['the user sees exactly that property', async ({ page }) => {
		const names = await page.locator('li.property strong').allTextContents();
		assert.deepEqual(names.map((s) => s.trim()), [property.name],
			'the portal lists the one property of the grant');
	}],
];

journey('staff set up a customer with a contact, a property and its portal user, who enrols and sees it',
	{ timeout: 120000 }, async (t) => {
	const ctx = {};
	for (const [name, step] of steps) {
		try {
			await step(t, ctx);
		} catch (err) {
			err.message = `step "${name}": ${err.message}`;
			throw err;
		}
	}
	t.watch.assertClean();
});
