// porch — browser journey of a grant edited in place: a portal user's grant covers
// one customer's properties; staff open the user's access page, change the grant to
// one property of another owner with the grant's own Edit form, and the user's next
// page lists exactly that property.
import assert from 'node:assert/strict';
import { journey, baseUrl, portalSignIn, staffSignIn } from './lib.mjs';

const login = process.env.PORCH_GRANTEE_LOGIN;

// The names of the properties /portal lists.
async function properties(page) {
	await page.goto(new URL('/portal', baseUrl).href);
	return page.locator('li.property strong').allTextContents();
}

journey('staff change a grant\'s scope and the user\'s next page follows', async ({ page, browser, watch }) => {
	const user = await browser.newContext({ viewport: { width: 1024, height: 768 } });
	try {
		const up = await user.newPage();
		await portalSignIn(up, login, process.env.PORCH_OWNER_PASSWORD);
		await up.waitForURL(/\/portal$/);
		assert.deepEqual(await properties(up), ['Ada Beach House', 'Ada Cabin'],
			'before: the customer\'s properties');

		await staffSignIn(page);
		await page.goto(new URL('/staff/portal-users', baseUrl).href);
		await page.getByRole('link', { name: login, exact: true }).click();
		await page.waitForURL(/\/staff\/portal-users\/\d+$/);
		const edit = page.locator('table.grants details.edit').first();
		await edit.getByText('Edit', { exact: true }).click();
		await edit.getByLabel('one property').check();
		await edit.getByLabel('Property', { exact: true }).selectOption({ label: 'Bo Loft (Bo Owner)' });
		await edit.getByRole('button', { name: 'Save grant' }).click();
		await page.waitForURL(/done=edited/);
		assert.match(await page.locator('main').textContent(), /Property: Bo Loft \(Bo Owner\)/,
			'the grants table shows the new scope');

		assert.deepEqual(await properties(up), ['Bo Loft'], 'after: exactly the one property');
	} finally {
		await user.close();
	}
	watch.assertClean();
});
