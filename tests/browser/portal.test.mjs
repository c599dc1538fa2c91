// porch — browser journeys through the portal pages: an owner without a portal
// account opens the token link staff copied and finds the month of a booking on the
// calendar; a portal user whose group hides the guest's contact and every figure
// sees a booking without them; staff tick a permission in that user's group and the
// same booking page shows it on the next load.
import assert from 'node:assert/strict';
import { journey, baseUrl, portalSignIn, staffSignIn } from './lib.mjs';

const boId = process.env.PORCH_BO_ID;
const portalPassword = process.env.PORCH_OWNER_PASSWORD;

async function signIn(page, login) {
	await portalSignIn(page, login, portalPassword);
	await page.waitForURL((u) => new URL(u).pathname !== '/login');
}

// The booking A1-1 of the fixture, reached from the bookings list.
async function openBooking(page, reference) {
	await page.goto(new URL('/portal/bookings', baseUrl).href);
	await page.getByRole('link', { name: reference }).first().click();
	await page.waitForURL(/\/portal\/bookings\/\d+$/);
	return page.locator('main').textContent();
}

journey('an owner opens the token link and sees the calendar', async ({ page, browser, watch }) => {
	watch.allow((e) => e.kind === 'requestfailed' && e.failure === 'net::ERR_ABORTED');
	await staffSignIn(page);
	await page.goto(new URL(`/staff/customers/${boId}`, baseUrl).href);
	const link = await page.getByLabel('Link (select it to copy)').inputValue();
	assert.match(link, /\/t\/[A-Za-z0-9_-]{43}$/, 'staff see the link to copy');

	// The owner's own browser: no cookie of the staff member.
	const owner = await browser.newContext({ viewport: { width: 1024, height: 768 } });
	try {
		const op = await owner.newPage();
		const u = new URL(link);
		await op.goto(new URL(u.pathname, baseUrl).href);
		await op.waitForURL(/\/portal$/);
		assert.doesNotMatch(op.url(), /\/t\//, 'the token left the address bar');
		assert.match(await op.locator('h1').textContent(), /Bo Owner/, 'the portal is Bo\'s');
		await op.getByRole('link', { name: 'Calendar' }).first().click();
		await op.waitForURL(/\/portal\/calendar/);
		// The month of Bo's booking, chosen as the owner would.
		await op.getByLabel('Month').fill('2027-03');
		await op.getByRole('button', { name: 'Show' }).click();
		await op.waitForURL(/month=2027-03/);
		const day = op.locator('table.calendar [data-date="2027-03-02"]');
		assert.match(await day.getAttribute('class'), /booked/, 'a booked night is marked booked');
		const free = op.locator('table.calendar [data-date="2027-03-15"]');
		assert.match(await free.getAttribute('class'), /available/, 'a free night is available');
		const text = await op.locator('main').textContent();
		assert.match(text, /Bo Loft/, 'the calendar is of Bo\'s property');
		assert.doesNotMatch(text, /Bob Secret/, 'the link\'s group shows no guest names');
		assert.doesNotMatch(text, /Ada Beach House/, 'another owner\'s property is not offered');
	} finally {
		await owner.close();
	}
	watch.assertClean();
});

journey('a restricted group sees a booking without the hidden fields', async ({ page, watch }) => {
	await signIn(page, process.env.PORCH_CLEANER_LOGIN);
	const text = await openBooking(page, 'A1-1');
	assert.match(text, /Gina Guest/, 'the guest name is shown (booking.guest_name)');
	assert.doesNotMatch(text, /gina@guest\.test/, 'the guest\'s email is not (no booking.guest_contact)');
	assert.doesNotMatch(text, /1,230\.00|Total price|Owner revenue/, 'no figure at all (level none)');
	assert.equal(await page.locator('table.price').count(), 0, 'no price table');
	watch.assertClean();
});

journey('staff edit a group and the user\'s booking page changes', async ({ page, browser, watch }) => {
	const user = await browser.newContext({ viewport: { width: 1024, height: 768 } });
	try {
		const up = await user.newPage();
		await signIn(up, process.env.PORCH_INSPECTOR_LOGIN);
		let text = await openBooking(up, 'A1-1');
		assert.doesNotMatch(text, /gina@guest\.test/, 'before: no guest contact');
		assert.doesNotMatch(text, /1,230\.00/, 'before: no total price');
		const bookingUrl = up.url();

		await staffSignIn(page);
		await page.goto(new URL('/staff/groups', baseUrl).href);
		await page.getByRole('link', { name: 'Inspectors', exact: true }).click();
		await page.waitForURL(/\/staff\/groups\/edit/);
		await page.getByLabel(/booking\.guest_contact/).check();
		await page.getByLabel('All financial figures').check();
		await page.getByRole('button', { name: 'Save' }).click();
		await page.waitForURL(/\/staff\/groups/);

		await up.goto(bookingUrl);
		text = await up.locator('main').textContent();
		assert.match(text, /gina@guest\.test/, 'after: the guest contact shows');
		assert.match(text, /1,230\.00/, 'after: the total price shows');
		assert.match(text, /1,000\.00/, 'after: with its breakdown');
	} finally {
		await user.close();
	}
	watch.assertClean();
});
