// porch — browser journey of the back office: staff add a customer with a contact
// and two properties, upload a document for each property, and create the
// contact's portal user with a chosen group, a one-property scope and MFA
// required; the user accepts the mailed invitation, enrols TOTP, sees exactly
// that property and its document, and downloads the file. Staff then widen the
// grant to the whole customer with its Edit form, and the user's next page
// lists the second property and its document too.
//
// Staff keep the journey's own page; the user has a browser context of their
// own (ctx.up), opened when the invitation is accepted.
//
// The journey is a list of steps run in order over one shared state (ctx); a new
// step (a document upload, a change of the grant's scope) is one more entry in
// `steps` at its place.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { journey, acceptInvitation, baseUrl, invitationLink, staffSignIn, watchPage }
	from './lib.mjs';

const customer = { name: 'Gina Grant', email: 'gina@acme.test' };
const contact = { name: 'Hal Helper', email: 'hal@acme.test' };
const property = { name: 'Gina Garden Flat', city: 'Shoreham', bedrooms: '2' };
const second = { name: 'Gina Sea Loft', city: 'Hove', bedrooms: '1' };
const group = 'Housekeepers';	// calendar.view, documents.public (run.sh)
// A public document for each property; the bytes are what the user downloads.
const docs = [
	{ title: 'Garden Flat house rules', property, file: 'garden-rules.txt',
		body: Buffer.from('garden flat: bins go out on Tuesday\r\n--no boundary\r\n\u00e9t\u00e9\n') },
	{ title: 'Sea Loft key safe', property: second, file: 'loft-keys.txt',
		body: Buffer.from('sea loft: the key safe is left of the door\n') },
];
const newPassword = 'hal chose this long passphrase';

// The code an authenticator app shows for secret at step (30-second steps).
function totp(secret, step) {
	return execFileSync('oathtool', ['--totp', '-b', secret, '--now', `@${step * 30}`])
		.toString().trim();
}

// Staff add property pr on the customer's page and come back to it.
async function addProperty(page, ctx, pr) {
	await page.locator('#property-name').fill(pr.name);
	await page.locator('#property-city').fill(pr.city);
	await page.locator('#property-bedrooms').fill(pr.bedrooms);
	await page.getByRole('button', { name: 'Add property' }).click();
	await page.waitForURL(/\/staff\/properties\/\d+\?done=created$/);
	assert.equal(await page.locator('#property-city').inputValue(), pr.city,
		'the property page shows what was typed');
	await page.getByRole('link', { name: 'Its owner' }).click();
	await page.waitForURL(ctx.customerUrl);
}

// The user's view (on the user's page up): the property names /portal lists
// and the document titles /portal/documents lists (sorted).
async function userSees(up) {
	await up.goto(new URL('/portal', baseUrl).href);
	const props = await up.locator('li.property strong').allTextContents();
	await up.goto(new URL('/portal/documents', baseUrl).href);
	const titles = await up.locator('table.documents tr.document td:first-child a')
		.allTextContents();
	return { props: props.map((x) => x.trim()), docs: titles.map((x) => x.trim()).sort() };
}

const steps = [
	['staff add a customer', async ({ page }, ctx) => {
		await staffSignIn(page);
		// Through the staff navigation bar, which marks the section it opened.
		const nav = page.getByRole('navigation', { name: 'Staff sections' });
		await nav.getByRole('link', { name: 'Customers', exact: true }).click();
		await page.waitForURL(/\/staff\/customers$/);
		assert.equal(await nav.locator('[aria-current="page"]').textContent(), 'Customers',
			'the bar marks Customers as the current section');
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
	['staff add two properties', async ({ page }, ctx) => {
		await addProperty(page, ctx, property);
		await addProperty(page, ctx, second);
	}],
	['staff upload a document for each property', async ({ page }, ctx) => {
		for (const d of docs) {
			await page.goto(ctx.customerUrl);
			await page.getByRole('link', { name: 'This customer\'s documents' }).click();
			await page.waitForURL(/\/staff\/documents\?customer=\d+$/);
			await page.getByLabel('Title', { exact: true }).fill(d.title);
			await page.getByLabel('For').selectOption({ label: d.property.name });
			await page.getByRole('radio', { name: /Public/ }).check();
			await page.getByLabel('File', { exact: true }).setInputFiles({
				name: d.file, mimeType: 'text/plain', buffer: d.body,
			});
			await page.getByRole('button', { name: 'Upload' }).click();
			await page.waitForURL(/done=uploaded/);
			const row = page.locator('table.documents tr', { hasText: d.title });
			assert.match(await row.textContent(), new RegExp(d.property.name),
				`"${d.title}" is listed for its property`);
		}
		await page.goto(ctx.customerUrl);
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
	['the user accepts the invitation', async ({ browser }, ctx) => {
		execFileSync(process.env.PORCH_PORCHCTL, ['-c', process.env.PORCH_CONF, 'outbox', 'send']);
		const link = invitationLink(contact.email);
		assert.ok(link, 'the invitation mail arrived at the contact\'s address');
		ctx.user = await browser.newContext({ viewport: { width: 1024, height: 768 },
			acceptDownloads: true });
		ctx.user.setDefaultTimeout(10000);
		const page = ctx.up = await ctx.user.newPage();
		ctx.upWatch = watchPage(page);
		await acceptInvitation(page, link.path, newPassword);
		await page.getByLabel('Login').fill(contact.email);
		await page.getByLabel('Password').fill(newPassword);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page.waitForURL(/\/mfa\/enrol$/);
	}],
	['the user enrols TOTP', async (t, { up: page }) => {
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
	['the user sees exactly that property and its document', async (t, { up: page }) => {
		const names = await page.locator('li.property strong').allTextContents();
		assert.deepEqual(names.map((x) => x.trim()), [property.name],
			'the portal lists the one property of the grant');
		assert.deepEqual(await userSees(page), { props: [property.name], docs: [docs[0].title] },
			'...and its document, not the other property\'s');
	}],
	['the user downloads the document', async (t, { up: page }) => {
		const link = page.getByRole('link', { name: docs[0].title, exact: true });
		const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
		assert.equal(download.suggestedFilename(), docs[0].file,
			'the download has the uploaded file\'s name');
		assert.ok(readFileSync(await download.path()).equals(docs[0].body),
			'...and exactly the bytes staff uploaded');
	}],
	['staff widen the grant to the whole customer', async ({ page }, ctx) => {
		await page.getByRole('link', { name: contact.email, exact: true }).click();
		await page.waitForURL(/\/staff\/portal-users\/\d+$/);
		const edit = page.locator('table.grants details.edit').first();
		await edit.getByText('Edit', { exact: true }).click();
		assert.ok(await edit.getByLabel('one property').isChecked(),
			'the Edit form shows the grant\'s present scope');
		await edit.getByLabel('one customer', { exact: false }).check();
		await edit.getByLabel('Customer', { exact: true }).selectOption({ label: customer.name });
		await edit.getByRole('button', { name: 'Save grant' }).click();
		await page.waitForURL(/done=edited/);
		assert.match(await page.locator('table.grants').textContent(),
			new RegExp(`Customer: ${customer.name}`), 'the grants table shows the new scope');
	}],
	['the user\'s next page follows the grant', async (t, { up: page }) => {
		assert.deepEqual(await userSees(page), {
			props: [property.name, second.name],
			docs: docs.map((d) => d.title).sort(),
		}, 'both properties of the customer and both documents');
	}],
];

journey('staff set up a customer (contact, properties, documents, portal user), who enrols and sees it; a widened grant follows',
	{ timeout: 120000 }, async (t) => {
	const ctx = {};
	try {
		for (const [name, step] of steps) {
			try {
				await step(t, ctx);
			} catch (err) {
				err.message = `step "${name}": ${err.message}`;
				throw err;
			}
		}
	} finally {
		if (ctx.user) await ctx.user.close().catch(() => {});
	}
	t.watch.assertClean();
	ctx.upWatch.assertClean();
});
