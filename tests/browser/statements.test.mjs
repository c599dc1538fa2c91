// porch — browser journey of an owner's statement: the list names it by its
// period, its page links its lines to their bookings, printing it leaves the
// navigation and buttons out and every table whole, and its "Download as PDF"
// link downloads a PDF named by the period. The office's time zone and number
// format, set by the admin on the brand page, show on the owner's statements and
// sessions list, and the owner's own zone on /account wins for her.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { journey, baseUrl, portalSignIn, staffSignIn } from './lib.mjs';

journey('an owner opens, prints and downloads a statement', async ({ page, watch }) => {
	await portalSignIn(page, process.env.PORCH_GRANTEE_LOGIN, process.env.PORCH_OWNER_PASSWORD);
	await page.waitForURL(/\/portal$/);
	await page.goto(new URL('/portal/statements', baseUrl).href);
	const first = page.locator('table.statements tr.statement a').first();
	const period = (await first.textContent()).trim();
	assert.match(period, /^[A-Z][a-z]+ \d{4}$/, `the list names a statement by its month ("${period}")`);
	await first.click();
	await page.waitForURL(/\/portal\/statements\/\d+$/);
	assert.equal((await page.locator('h1').textContent()).trim(), `Statement for ${period}`,
		'the page is titled by the same period');

	// Printed: the content alone, each table whole.
	await page.emulateMedia({ media: 'print' });
	for (const sel of ['header.site', 'nav.portal', 'p.actions'])
		assert.equal(await page.locator(sel).first().isVisible(), false, `printed: no ${sel}`);
	assert.equal(await page.locator('table.lines').evaluate((t) => getComputedStyle(t).display),
		'table', 'printed: the lines are a table, not a box that scrolls');
	assert.equal(await page.locator('table.lines thead').evaluate((t) => getComputedStyle(t).display),
		'table-header-group', '...whose head repeats on each printed page');
	await page.emulateMedia({ media: 'screen' });

	const booking = page.locator('table.lines a[href^="/portal/bookings/"]').first();
	const bookingHref = await booking.getAttribute('href');
	assert.ok(bookingHref, 'a line is linked to its booking');

	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Download as PDF' }).click(),
	]);
	assert.match(download.suggestedFilename(), /^statement-\d{4}-\d{2}\.pdf$/,
		`the PDF is named by its period (${download.suggestedFilename()})`);
	const bytes = readFileSync(await download.path());
	assert.equal(bytes.subarray(0, 5).toString(), '%PDF-', '...and is a PDF');

	await page.locator(`table.lines a[href="${bookingHref}"]`).first().click();
	await page.waitForURL(new RegExp(`${bookingHref}$`));
	assert.match(await page.locator('h1').textContent(), /Booking/, 'the line leads to the booking\'s page');
	watch.assertClean();
});

// The admin's local formats: f(page) on the brand page's form, saved.
async function setLocal(page, zone, format) {
	await page.goto(new URL('/staff/brand', baseUrl).href);
	await page.getByLabel('Time zone', { exact: true }).fill(zone);
	await page.getByLabel('Money').selectOption(format);
	await page.getByRole('button', { name: 'Save time zone and numbers' }).click();
	await page.waitForURL(/\/staff\/brand\?done=(local|same)/);
}

// Reloads url on page until test(text of main) holds: a tenant's settings reach
// every worker within tenant_cache_seconds.
async function until(page, url, test, what) {
	let text = '';
	for (let i = 0; i < 15; i++) {
		await page.goto(new URL(url, baseUrl).href);
		text = await page.locator('main').textContent();
		if (test(text))
			return text;
		await page.waitForTimeout(1000);
	}
	assert.fail(`${what} (last seen: ${text.slice(0, 300)})`);
}

journey('the office\'s time zone and number format, and an owner\'s own zone', { timeout: 90000 },
    async ({ page, browser, watch }) => {
	await staffSignIn(page);
	await setLocal(page, 'Europe/Berlin', 'dot-comma');
	assert.match(await page.locator('main').textContent(), /time zone and number format were saved/,
		'the admin saves Europe/Berlin and 1.234,56');

	const owner = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
	try {
		await portalSignIn(owner, process.env.PORCH_GRANTEE_LOGIN, process.env.PORCH_OWNER_PASSWORD);
		await owner.waitForURL(/\/portal$/);
		const list = await until(owner, '/portal/statements', (t) => /\d,\d\d\u00a0\$/.test(t),
			'the statements list writes money as 1.234,56 $');
		const cells = await owner.locator('main td').allTextContents();
		assert.ok(cells.some((c) => /^\d{1,3}(\.\d{3})*,\d\d\u00a0\$$/.test(c.trim())) &&
			!cells.some((c) => /^-?\$\d/.test(c.trim())), `...never $1,234.56 any more (${list.trim()})`);
		const signedIn = async () => (await owner.locator('table.sessions tbody tr').first()
			.locator('td').nth(2).textContent()).trim();
		await until(owner, '/account', (t) => /CES?T/.test(t), 'the sessions list is in Berlin time');
		assert.match(await signedIn(), /^[A-Z][a-z]{2} \d+ [A-Z][a-z]{2} \d{4} \d{2}:\d{2} CES?T$/,
			'the owner\'s sign-in is shown in Berlin time, named');
		await owner.getByLabel('Your time zone').fill('America/New_York');
		await owner.getByRole('button', { name: 'Save time zone' }).click();
		await owner.waitForURL(/\/account\?zone=1$/);
		assert.match(await signedIn(), / E[SD]T$/, 'her own zone wins: New York time');
		await owner.getByLabel('Your time zone').fill('Mars/Olympus');
		await owner.getByRole('button', { name: 'Save time zone' }).click();
		assert.match(await owner.locator('main').textContent(), /There is no such time zone/,
			'a zone that does not exist is refused, saying why');
		await owner.getByLabel('Your time zone').fill('');
		await owner.getByRole('button', { name: 'Save time zone' }).click();
		await owner.waitForURL(/\/account\?zone=1$/);
		await until(owner, '/account', (t) => /CES?T/.test(t) && !/E[SD]T/.test(t),
			'emptied, the office\'s zone is hers again');
		assert.match(await signedIn(), / CES?T$/, '...her sign-in in Berlin time again');
	} finally {
		await owner.context().close().catch(() => {});
		await setLocal(page, 'UTC', 'comma-dot');
	}
	watch.assertClean();
});
