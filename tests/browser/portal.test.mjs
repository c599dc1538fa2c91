// porch — browser journeys through the portal pages: an owner without a portal
// account opens the token link staff copied and finds the month of a booking on the
// calendar; a portal user whose group hides the guest's contact and every figure
// sees a booking without them; staff tick a permission in that user's group and the
// same booking page shows it on the next load; a user of two properties sees the
// month as channel calendars draw it (a row per property, each stay a bar from
// the afternoon of its arrival to the morning of its departure, carried over to
// the next week, today marked, bars readable) and on a phone as a list of days.
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
		await page.getByLabel(/See guests' email and phone/).check();
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

// The contrast ratio of an element's text on its own background (WCAG 2).
async function contrastOf(locator) {
	return locator.evaluate((el) => {
		const cs = getComputedStyle(el);
		const rgb = (c) => c.match(/[\d.]+/g).slice(0, 3).map(Number);
		const lum = ([r, g, b]) => [r, g, b].map((v) => {
			const c = v / 255;
			return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
		}).reduce((acc, c, i) => acc + c * [0.2126, 0.7152, 0.0722][i], 0);
		const a = lum(rgb(cs.color)), b = lum(rgb(cs.backgroundColor));
		return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
	});
}

journey('a user of two properties reads the month as bars, and on a phone as a list', async ({ page, watch }) => {
	await page.setViewportSize({ width: 1280, height: 800 });
	await signIn(page, process.env.PORCH_CLEANER_LOGIN);
	await page.goto(new URL('/portal/calendar?month=2027-03', baseUrl).href);
	assert.match(await page.locator('h1').textContent(), /March 2027/, 'the month by name');
	const rows = page.locator('table.timeline tbody th[scope="row"]');
	assert.deepEqual((await rows.allTextContents()).map((t) => t.trim()),
		['Ada Beach House', 'Ada Cabin'], 'a row per property');
	const cabin = page.locator('table.timeline tbody', { has: page.getByRole('link', { name: 'Ada Cabin' }) });
	assert.equal(await cabin.locator('td.bar').count(), 1, 'the Cabin\'s row holds its stay');
	assert.match(await cabin.locator('td.bar').textContent(), /A2-1/, '...A2-1');

	// The Beach House by weeks: A1-1 (Fri 5 to Wed 10 March) is a bar on two rows.
	await page.getByRole('link', { name: 'Ada Beach House' }).click();
	await page.waitForURL(/property=\d+&month=2027-03/);
	const bars = page.locator('table.month td.bar', { hasText: 'A1-1' });
	assert.equal(await bars.count(), 2, 'A1-1 is drawn on the two weeks it spans');
	const week = (date) => page.locator('table.month tbody', { has: page.locator(`[data-date="${date}"]`) });
	assert.equal(await week('2027-03-05').locator('td.bar', { hasText: 'A1-1' }).count(), 1, '...its arrival\'s week');
	assert.equal(await week('2027-03-08').locator('td.bar', { hasText: 'A1-1' }).count(), 1, '...and the next');
	const box = async (l) => l.boundingBox();
	const arrive = await box(bars.nth(0).locator('a'));
	const friday = await box(page.locator('[data-date="2027-03-05"]'));
	assert.ok(arrive.x > friday.x + friday.width * 0.3 && arrive.x < friday.x + friday.width * 0.7,
		`the bar starts in the middle of the arrival day (bar ${arrive.x}, day ${friday.x}+${friday.width})`);
	const leave = await box(bars.nth(1).locator('a'));
	const wednesday = await box(page.locator('[data-date="2027-03-10"]'));
	assert.ok(leave.x + leave.width > wednesday.x + wednesday.width * 0.3
		&& leave.x + leave.width < wednesday.x + wednesday.width * 0.7,
		'...and ends in the middle of the departure day');
	assert.ok(arrive.height >= 24, 'a bar is big enough to touch');
	for (const bar of [bars.nth(0).locator('a'), page.locator('td.bar.block a').first()]) {
		const ratio = await contrastOf(bar);
		assert.ok(ratio >= 4.5, `a bar's text is readable (contrast ${ratio.toFixed(2)})`);
	}
	assert.match(await page.locator('td.bar.block a').first().textContent(), /Blocked: Owner stay/,
		'the block-off with its reason');

	// Today, in the current month.
	await page.goto(new URL('/portal/calendar?view=month', baseUrl).href);
	const today = page.locator('table.month [aria-current="date"]');
	assert.equal(await today.count(), 1, 'one day is today');
	assert.ok(await today.isVisible(), '...shown');
	assert.match(await today.textContent(), /Today/, '...and said');

	// A phone: the month is a list of days, nothing wider than the screen.
	await page.setViewportSize({ width: 390, height: 844 });
	await page.goto(new URL('/portal/calendar?view=month&month=2027-03', baseUrl).href);
	assert.equal(await page.locator('table.month').isVisible(), false, 'no grid on a phone');
	const agenda = page.locator('section.agenda');
	assert.ok(await agenda.isVisible(), 'the list of days instead');
	const days = agenda.locator('ol.agenda > li');
	assert.match(await days.first().textContent(), /Fri 5 Mar 2027\s*Arrival\s*A1-1\s*Gina Guest/,
		'...from A1-1\'s arrival, with the guest');
	assert.match(await agenda.locator('li', { hasText: 'Wed 10 Mar 2027' }).first().textContent(),
		/Departure\s*A1-1/, '...to its departure');
	assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
		'the page fits the phone');
	await agenda.getByRole('link', { name: /A1-1/ }).first().click();
	await page.waitForURL(/\/portal\/bookings\/\d+$/);
	assert.match(await page.locator('main').textContent(), /A1-1/, 'a stay in the list opens its booking');
	watch.assertClean();
});
