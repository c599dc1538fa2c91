// porch — first browser journey: a visitor opens a tenant's home page through
// nginx; an unknown host gets the plain 404 page.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { journey, baseUrl, tenantUrl } from './lib.mjs';

journey('home page of acme.test: title, stylesheet, sign-in link, clean load', async ({ page, watch }) => {
	const cssSeen = page.waitForResponse((r) => new URL(r.url()).pathname === '/static/porch.css',
		{ timeout: 5000 }).catch(() => null);
	const resp = await page.goto(baseUrl, { waitUntil: 'load' });
	assert.equal(resp.status(), 200, 'GET / is 200');

	assert.match(await page.title(), /Acme Rentals/, 'title names the tenant');
	assert.equal((await page.locator('h1').first().textContent()).trim(), 'Acme Rentals',
		'heading names the tenant');

	// The stylesheet came from /static/ and applied: values only porch.css sets
	// (Chromium's defaults: no border, transparent buttons, 8px body margin).
	const css = await page.evaluate(() => {
		const sheets = [...document.styleSheets].map((s) => s.href);
		const header = getComputedStyle(document.querySelector('header.site'));
		const button = getComputedStyle(document.querySelector('a.button'));
		const body = getComputedStyle(document.body);
		return {
			sheets,
			headerBorder: `${header.borderBottomWidth} ${header.borderBottomStyle} ${header.borderBottomColor}`,
			buttonBackground: button.backgroundColor,
			buttonColor: button.color,
			bodyMargin: body.margin,
		};
	});
	assert.ok(css.sheets.some((h) => h && new URL(h).pathname === '/static/porch.css'),
		`the page links /static/porch.css (sheets: ${css.sheets.join(', ')})`);
	const cssResp = await cssSeen;
	assert.ok(cssResp, `the browser got /static/porch.css (${watch.problems().join('; ') || 'no response'})`);
	assert.equal(cssResp.status(), 200, '/static/porch.css is 200');
	assert.match(cssResp.headers()['content-type'] || '', /^text\/css/, '/static/porch.css is text/css');
	assert.equal(css.headerBorder, '1px solid rgb(217, 222, 230)', 'header border-bottom from porch.css (--line)');
	assert.equal(css.buttonBackground, 'rgb(26, 102, 217)', 'button background from porch.css (--accent)');
	assert.equal(css.buttonColor, 'rgb(255, 255, 255)', 'button text colour from porch.css (--accent-ink)');
	assert.equal(css.bodyMargin, '0px', 'body margin from porch.css');

	// The way in: a visible "Sign in" link to /login (not followed here).
	const signIn = page.getByRole('link', { name: 'Sign in' });
	assert.equal(await signIn.count(), 1, 'one "Sign in" link');
	assert.ok(await signIn.isVisible(), '"Sign in" is visible');
	const href = await signIn.getAttribute('href');
	assert.equal(new URL(href, page.url()).pathname, '/login', '"Sign in" points to /login');
	assert.equal(new URL(href, page.url()).host, new URL(page.url()).host, '...on the same host');

	watch.assertClean();
});

journey('unknown host: the 404 page with a request id', async ({ page, watch }) => {
	const url = tenantUrl('nope.test', '/');
	// The document itself is the 404 (Chromium logs that as a console error).
	watch.allow((e) => (e.kind === 'response' && e.status === 404 && e.url === url)
		|| (e.kind === 'console' && /status of 404/.test(e.text) && e.url === url));

	const resp = await page.goto(url, { waitUntil: 'load' });
	assert.equal(resp.status(), 404, 'GET / on an unknown host is 404');
	assert.match(await page.locator('h1').first().textContent(), /404/, 'heading says 404');
	const body = await page.locator('body').innerText();
	assert.doesNotMatch(body, /Acme Rentals/, 'names no tenant');
	const rid = (await page.locator('.request-id code').textContent()).trim();
	assert.match(rid, /^[0-9a-f]{16}$/, `shows a request id (got "${rid}")`);
	assert.match(body, new RegExp(`Request id: ${rid}`), 'the request id is labelled');
	// ...and it is the id porchd logged for this request.
	if (process.env.PORCH_LOG) {
		const want = new RegExp(`req=${rid} status=404 .*host=nope\\.test`);
		let log = '';
		for (let i = 0; i < 40 && !want.test(log); i++) {
			if (i) await sleep(50);
			log = readFileSync(process.env.PORCH_LOG, 'utf8');
		}
		assert.match(log, want, 'porchd logged the 404 under the same request id');
	}
	// The error page is styled too.
	assert.equal(await page.locator('header.site').evaluate((e) => getComputedStyle(e).borderBottomStyle),
		'solid', 'the 404 page has the stylesheet');

	watch.assertClean();
});
