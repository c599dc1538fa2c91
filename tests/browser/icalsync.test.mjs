// porch — browser journey of the calendar import: staff add a channel's iCal URL
// for a property on /staff/calendars, the sync runs (porchctl ical sync, as the
// porch-ical service would), the page shows what the URL brought, and the
// property's owner sees the imported stay on their portal calendar.
//
// The channel is tests/lib/ical_server.py on 127.0.0.1 serving a feed this
// journey writes (/feed/NAME.ics); run.sh turns ical.allow_private on so a
// loopback URL is accepted, and gives the owner (PORCH_ICAL_OWNER_LOGIN, an
// owner of Ada's) a portal account.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { journey, baseUrl, portalSignIn, staffSignIn, workDir } from './lib.mjs';

const property = 'Ada Cabin';	// Ada Owner's (stack_portal_fixture)
const channel = 'Airbnb';
// A stay in a month no other journey touches: arrival 2028-09-10, departure the 14th.
const feed = ['BEGIN:VCALENDAR', 'VERSION:2.0',
	'PRODID:-//Airbnb Inc//Hosting Calendar 0.8.8//EN', 'CALSCALE:GREGORIAN',
	'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20280910', 'DTEND;VALUE=DATE:20280914',
	'UID:browser-journey-1@airbnb.com', 'SUMMARY:Reserved', 'END:VEVENT',
	'END:VCALENDAR', ''].join('\r\n');

// A free port on 127.0.0.1 (the kernel's choice, released for the server).
function freePort() {
	return new Promise((resolve, reject) => {
		const s = createServer();
		s.on('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
	});
}

// Resolves once something listens on port (at most ~10 s).
async function waitPort(port) {
	for (let i = 0; i < 100; i++) {
		const up = await new Promise((resolve) => {
			const c = connect(port, '127.0.0.1', () => { c.destroy(); resolve(true); });
			c.on('error', () => resolve(false));
		});
		if (up) return;
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`the feed server did not listen on ${port}`);
}

function porchctl(...args) {
	return execFileSync(process.env.PORCH_PORCHCTL, ['-c', process.env.PORCH_CONF, ...args])
		.toString();
}

journey('staff add a channel\'s iCal URL, the sync runs and the owner\'s calendar shows the stay',
	{ timeout: 90000 }, async ({ page, browser, watch }) => {
	const dir = mkdtempSync(join(workDir, 'feeds-'));
	writeFileSync(join(dir, 'cabin.ics'), feed);
	const port = await freePort();
	const server = spawn('python3', [fileURLToPath(new URL('../lib/ical_server.py', import.meta.url)),
		String(port), dir], { stdio: 'ignore' });
	let owner = null;
	try {
		await waitPort(port);

		// Staff add the URL.
		await staffSignIn(page);
		await page.goto(new URL('/staff/calendars', baseUrl).href);
		const form = page.locator('form.ical-source-add');
		await form.getByLabel('Property', { exact: true }).selectOption({ label: property });
		const propertyId = await form.getByLabel('Property', { exact: true }).inputValue();
		await form.getByLabel('Channel', { exact: true }).fill(channel);
		await form.getByLabel(/iCal URL/).fill(`http://127.0.0.1:${port}/feed/cabin.ics`);
		await form.getByRole('button', { name: 'Add' }).click();
		await page.waitForURL(/\/staff\/calendars\?done=added$/);
		const row = page.locator('table.ical-sources tr', { hasText: `/feed/cabin.ics` });
		assert.match(await row.textContent(), new RegExp(`${property}.*${channel}.*never`),
			'the URL is listed for its property and channel, never synced yet');

		// The sync runs, as porch-ical.service would.
		assert.match(porchctl('ical', 'sync'), /^synced 1, not modified 0, failed 0$/m,
			'porchctl ical sync reads the new URL');
		await page.reload();
		const cells = await row.locator('td.count').allTextContents();
		assert.deepEqual(cells.slice(0, 2), ['1', '1'],
			'the staff page shows its one event and the booking it made');
		assert.equal((await row.locator('td.last-error').textContent()).trim(), '',
			'...and no error');

		// The owner's calendar shows the stay as booked, arrival to the night before
		// departure.
		owner = await browser.newContext({ viewport: { width: 1024, height: 768 } });
		owner.setDefaultTimeout(10000);
		const up = await owner.newPage();
		await portalSignIn(up, process.env.PORCH_ICAL_OWNER_LOGIN,
			process.env.PORCH_OWNER_PASSWORD);
		await up.waitForURL(/\/portal$/);
		await up.goto(new URL(`/portal/calendar?property=${propertyId}&month=2028-09`,
			baseUrl).href);
		const cls = async (d) => up.locator(`td[data-date="2028-09-${d}"]`).getAttribute('class');
		assert.equal(await cls('10'), 'booked', 'the arrival day is booked');
		assert.equal(await cls('13'), 'booked', '...through the last night');
		assert.equal(await cls('14'), 'available', '...and the departure day is free');
		assert.equal(await cls('09'), 'available', '...as is the day before');
	} finally {
		if (owner) await owner.close().catch(() => {});
		server.kill();
	}
	watch.assertClean();
});
