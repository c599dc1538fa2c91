// porch — browser journey of an owner's statement: the list names it by its
// period, its page links its lines to their bookings, printing it leaves the
// navigation and buttons out and every table whole, and its "Download as PDF"
// link downloads a PDF named by the period.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { journey, baseUrl, portalSignIn } from './lib.mjs';

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
