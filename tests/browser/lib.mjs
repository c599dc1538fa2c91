// porch — helpers for the browser journeys (tests/browser/*.test.mjs), run by
// tests/browser/run.sh with `node --test`. Playwright (playwright-core) drives
// Debian's Chromium; no browser is ever downloaded.
//
// run.sh passes (environment):
//   PORCH_NGINX_PORT   the private nginx's port on 127.0.0.1
//   PORCH_BASE_URL     http://acme.test:PORT/  (the tenant "Acme Rentals")
//   PORCH_BROWSER_DIR  a temp dir of this run: profiles, failure screenshots
//   PORCH_CHROMIUM     the browser (default /usr/bin/chromium)
//   PORCH_LOG          porchd's log (request lines with their ids)
//   PORCH_TEST_HOSTS   the host names journeys may open (space-separated;
//                      default "acme.test beta.test nope.test")
//
// A journey:
//   import { journey, tenantUrl } from './lib.mjs';
//   journey('the home page names the tenant', async ({ page, watch }) => {
//     await page.goto(tenantUrl('acme.test', '/'));
//     ...
//     watch.assertClean();          // no console errors, no failed requests
//   });
// Every host under .test resolves to 127.0.0.1 inside the browser, so each
// tenant is reached by its own name, the way nginx and porchd route it.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const port = process.env.PORCH_NGINX_PORT || '8080';
export const baseUrl = process.env.PORCH_BASE_URL || `http://acme.test:${port}/`;
export const workDir = process.env.PORCH_BROWSER_DIR
	|| mkdtempSync(join(tmpdir(), 'porch-browser-'));
export const executablePath = process.env.PORCH_CHROMIUM || '/usr/bin/chromium';
// The host names the journeys use (all resolve to 127.0.0.1, see below).
export const testHosts = (process.env.PORCH_TEST_HOSTS || 'acme.test beta.test nope.test')
	.split(/\s+/).filter(Boolean);

// Flags for a headless Chromium on a machine with no network but loopback:
// no first-run UI, and nothing that phones home at start-up (those
// connections are refused here and only add noise and delay).
export const chromiumArgs = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	// Talk to nginx directly even when the environment names a proxy.
	'--no-proxy-server',
	// Tenant hosts (acme.test, beta.test, nope.test ...) → the local nginx.
	'--host-resolver-rules=MAP *.test 127.0.0.1',
	// Production is HTTPS; the tests speak plain HTTP to nginx. The tenant
	// origins are treated as secure, so the browser honours what porchd sends
	// for HTTPS (Cross-Origin-Opener-Policy is otherwise refused with a
	// console error) and secure-context APIs behave as they will in use.
	// Chromium takes no wildcard here: every host the journeys open must be
	// in testHosts (PORCH_TEST_HOSTS, space-separated).
	`--unsafely-treat-insecure-origin-as-secure=${testHosts.map((h) => `http://${h}:${port}`).join(',')}`,
];

// tenantUrl(HOST, PATH): http://HOST:PORT/PATH on the local nginx. HOST
// must be one of testHosts.
export function tenantUrl(host, path = '/') {
	if (!testHosts.includes(host)) {
		throw new Error(`${host} is not in testHosts (PORCH_TEST_HOSTS): add it there`);
	}
	return `http://${host}:${port}${path.startsWith('/') ? path : '/' + path}`;
}

// staffSignIn(page): the staff admin of the run (PORCH_ADMIN_EMAIL and _PASSWORD)
// signs in at /staff/login and lands on /staff/.
export async function staffSignIn(page) {
	await page.goto(new URL('/staff/login', baseUrl).href);
	await page.getByLabel('Email').fill(process.env.PORCH_ADMIN_EMAIL);
	await page.getByLabel('Password').fill(process.env.PORCH_ADMIN_PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL(/\/staff\/$/);
}

// portalSignIn(page, login, password): the password step at /login; where it
// leads (the portal, the code step, enrolment) is the caller's to wait for.
export async function portalSignIn(page, login, password) {
	await page.goto(new URL('/login', baseUrl).href);
	await page.getByLabel('Login').fill(login);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
}

// invitationLink(ADDR): the path of the invitation link ("/invite/TOKEN") in the
// newest mail to ADDR that the SMTP sink (PORCH_SMTP_DIR) holds, quoted-printable
// undone; { path, text } with the mail's text, or null.
export function invitationLink(addr) {
	const dir = process.env.PORCH_SMTP_DIR;
	const mails = readdirSync(dir).filter((f) => f.endsWith('.eml')).sort().reverse();
	for (const f of mails) {
		const text = readFileSync(`${dir}/${f}`, 'utf8').replace(/=\r?\n/g, '').replace(/=3D/g, '=');
		if (!text.includes(`To: ${addr}`) && !text.includes(`<${addr}>`)) continue;
		const m = text.match(/https?:\/\/[^\s/]+(\/invite\/[A-Za-z0-9_-]+)/);
		if (m) return { path: m[1], text };
	}
	return null;
}

// acceptInvitation(page, path, password): opens the invitation link's path, sets
// password and waits for the sign-in page it leads to.
export async function acceptInvitation(page, path, password) {
	await page.goto(new URL(path, baseUrl).href);
	await page.getByLabel('New password', { exact: true }).fill(password);
	await page.getByLabel('New password again').fill(password);
	await page.getByRole('button', { name: 'Set password' }).click();
	await page.waitForURL(/\/login/);
}

let browserPromise = null;

// launchBrowser(): one Chromium for the whole test file (each journey gets
// its own context: fresh cookies and storage). Playwright itself puts a new
// --user-data-dir under TMPDIR, which points into this run's temp dir.
export function launchBrowser() {
	if (!browserPromise) {
		const profiles = join(workDir, 'profiles');
		mkdirSync(profiles, { recursive: true });
		process.env.TMPDIR = mkdtempSync(join(profiles, 'p-'));
		browserPromise = chromium.launch({
			executablePath,
			headless: true,
			args: chromiumArgs,
			timeout: 30000,
		});
	}
	return browserPromise;
}

// Registered at load time, so on the file's root: runs once, after every
// journey of the file.
after(async () => {
	const b = browserPromise && await browserPromise.catch(() => null);
	if (b) await b.close();
});

// What every page shows today and no journey should fail on. Each entry
// names the gap; remove it once porch closes the gap. None at the moment.
export const knownGaps = [];

// watchPage(PAGE): records console errors, uncaught page errors, requests
// that failed at the network level and every response (those with status
// >= 400 count as problems).
// allow(PREDICATE) exempts what a journey expects (e.g. the 404 page).
export function watchPage(page) {
	const w = {
		consoleErrors: [],
		pageErrors: [],
		failedRequests: [],
		responses: [],
		badResponses: [],
		allowed: [...knownGaps],
		allow(pred) { w.allowed.push(pred); },
		problems() {
			const ok = (what) => w.allowed.some((p) => p(what));
			return [
				...w.consoleErrors.filter((e) => !ok(e)).map((e) => `console ${e.type}: ${e.text} (${e.url})`
					+ (/origin was untrustworthy/.test(e.text) ? ' [is the host in PORCH_TEST_HOSTS?]' : '')),
				...w.pageErrors.filter((e) => !ok(e)).map((e) => `page error: ${e.text}`),
				...w.failedRequests.filter((e) => !ok(e)).map((e) => `request failed: ${e.method} ${e.url}: ${e.failure}`),
				...w.badResponses.filter((e) => !ok(e)).map((e) => `HTTP ${e.status}: ${e.method} ${e.url}`),
			];
		},
		assertClean() {
			assert.deepEqual(w.problems(), [], 'no console errors and no failed requests');
		},
	};
	page.on('console', (m) => {
		if (m.type() === 'error') {
			const loc = m.location();
			w.consoleErrors.push({ kind: 'console', type: m.type(), text: m.text(), url: loc && loc.url });
		}
	});
	page.on('pageerror', (e) => w.pageErrors.push({ kind: 'pageerror', text: String(e) }));
	page.on('requestfailed', (r) => {
		const failure = r.failure() ? r.failure().errorText : '?';
		// The browser cancels a page's pending requests (the favicon, say) when a
		// click navigates away: not a failure of the page.
		if (failure === 'net::ERR_ABORTED' && r.resourceType() !== 'document')
			return;
		w.failedRequests.push({ kind: 'requestfailed', method: r.method(), url: r.url(), failure });
	});
	page.on('response', (r) => {
		w.responses.push({
			status: r.status(), method: r.request().method(), url: r.url(),
			type: r.headers()['content-type'] || '',
		});
		if (r.status() >= 400) {
			w.badResponses.push({
				kind: 'response', status: r.status(), method: r.request().method(), url: r.url(),
			});
		}
	});
	return w;
}

function slug(name) {
	return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'test';
}

// journey(NAME, [OPTIONS,] FN): a node:test test that gets
// { page, context, browser, watch, t }. On failure a full-page screenshot
// goes to PORCH_BROWSER_DIR/screenshots/NAME.png and its path is printed
// (run.sh then keeps the temp dir). The default timeout is 30 s.
export function journey(name, options, fn) {
	if (typeof options === 'function') {
		fn = options;
		options = {};
	}
	test(name, { timeout: 30000, ...options }, async (t) => {
		const browser = await launchBrowser();
		const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
		context.setDefaultTimeout(10000);
		context.setDefaultNavigationTimeout(15000);
		const page = await context.newPage();
		const watch = watchPage(page);
		try {
			await fn({ page, context, browser, watch, t });
		} catch (err) {
			const dir = join(workDir, 'screenshots');
			mkdirSync(dir, { recursive: true });
			const file = join(dir, `${slug(name)}.png`);
			try {
				await page.screenshot({ path: file, fullPage: true, timeout: 5000 });
				console.log(`screenshot: ${file}`);
			} catch (e) {
				console.log(`screenshot failed: ${e.message}`);
			}
			const problems = watch.problems();
			if (problems.length) console.log(`seen on the page:\n  ${problems.join('\n  ')}`);
			throw err;
		} finally {
			await context.close().catch(() => {});
		}
	});
}
