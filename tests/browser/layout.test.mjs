// porch — browser journey of the layout: every page porch serves fits a
// 390×844 phone and a 1280×800 desktop without scrolling sideways, on the
// phone every control (inputs, dropdowns, buttons, links drawn as buttons) is at
// least 44 px tall, and at both sizes axe-core (npm, pinned in package.json)
// finds no violation of its default rules nor of target-size; no page's text
// names a right or a field by its internal name, shows a time with fractional
// seconds or writes a day as YYYY-MM-DD. Each kind of visitor signs in (none, an owner with every
// right, a restricted portal user, a token link's visitor, a staff admin) and
// opens every page it can reach. The list of pages is every GET route of
// handlers/routes.c, read from the file: a route that is neither visited by some
// visitor nor skipped below with a reason fails the test, so a new page cannot
// be left out. Pages with an id in the path (or a query) are reached through the
// links the pages show, so they are real ids of the test data.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { journey, baseUrl, portalSignIn, staffSignIn } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const portalPassword = process.env.PORCH_OWNER_PASSWORD;
const boId = process.env.PORCH_BO_ID;

export const sizes = [
	{ width: 390, height: 844 },
	{ width: 1280, height: 800 },
];
const touchWidth = 390;
const touchMin = 44;

// axe-core's source, evaluated in each page as it is (through the DevTools
// protocol, so porch's Content-Security-Policy, which allows no inline script,
// stays as it is and nothing is fetched). Its default rules run, plus
// target-size (WCAG 2.2), which axe leaves off by default.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const axeOptions = { rules: { 'target-size': { enabled: true } }, resultTypes: ['violations'] };

// The accessibility violations of the page at its current size, one sentence
// per rule broken: the rule and its impact, how many elements break it and the
// first few (a CSS selector and the element's start tag), what axe says to fix
// on the first, and the rule's help page.
async function axeViolationsOf(page) {
	if (!await page.evaluate(() => typeof window.axe === 'object'))
		await page.evaluate(axeSource);
	const violations = await page.evaluate((opts) => window.axe.run(document, opts)
		.then((r) => r.violations.map((v) => ({
			id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
			nodes: v.nodes.map((n) => ({
				target: n.target.join(' '),
				tag: (n.html.match(/^<[^>]*>/) || [n.html])[0].slice(0, 100),
				summary: (n.failureSummary || '').replace(/^Fix (any|all) of the following:\s*/, '')
					.replace(/\s+/g, ' ').slice(0, 240),
			})),
		}))), axeOptions);
	return violations.map((v) => {
		const shown = v.nodes.slice(0, 3).map((n) => `${n.target} ${n.tag}`).join('; ');
		const more = v.nodes.length > 3 ? ` and ${v.nodes.length - 3} more` : '';
		return `axe ${v.id} (${v.impact}), ${v.nodes.length} element${v.nodes.length === 1 ? '' : 's'}: ${shown}${more} — ${v.help}: ${v.nodes[0].summary} [${v.helpUrl.replace(/\?.*$/, '')}]`;
	});
}

// GET routes that are not pages a visitor sees, each with its reason.
const skipped = {
	'/healthz': 'plain text for the load balancer, not a page',
	'/ical/': 'an iCalendar feed (text/calendar), not a page',
	'/portal/statements.csv': 'a CSV download, not a page',
	'/portal/bookings.csv': 'a CSV download, not a page',
	'/portal/documents/': 'a document\'s file, sent by the web server',
	'/api/v1/': 'the tenant API: JSON for programs, not a page',
	'/login/mfa': 'the code step of an enrolled user\'s sign-in (mfa.test.mjs goes through it)',
};

// Every route of handlers/routes.c: { path, prefix, get }. The API's resource
// routes (API_RESOURCE_ROUTES) are taken as the prefix /api/v1/.
export function readRoutes() {
	const src = readFileSync(join(here, '../../handlers/routes.c'), 'utf8')
		.replace(/\/\*[\s\S]*?\*\//g, '');
	const routes = [];
	const re = /\{\s*(API_PREFIX\s*)?"([^"]*)"\s*,\s*([^,]+),\s*([^,]+),/g;
	for (let m; (m = re.exec(src));) {
		const path = (m[1] ? '/api/v1/' : '') + m[2];
		routes.push({
			path,
			prefix: /ROUTE_PREFIX/.test(m[4]),
			get: /\bGET\b|METHOD_GET/.test(m[3]),
		});
	}
	if (/API_RESOURCE_ROUTES\(/.test(src))
		routes.push({ path: '/api/v1/', prefix: true, get: true });
	return routes;
}

const routes = readRoutes();
const getRoutes = routes.filter((r) => r.get);

// The reason a route is skipped, or undefined.
function skipReason(path) {
	return skipped[path] || (path.startsWith('/api/v1/') ? skipped['/api/v1/'] : undefined);
}

// The exact GET routes under one of PREFIXES (the pages a visitor opens from the
// address bar when no link leads there, e.g. an edit page with no item to edit).
function exactUnder(...prefixes) {
	return getRoutes.filter((r) => !r.prefix && !skipReason(r.path)
		&& prefixes.some((p) => r.path.startsWith(p))).map((r) => r.path);
}

// The route porchd picks for PATH (module/http/router.c: exact paths first,
// then prefixes, in table order), as its path, or null.
function routeOf(path) {
	for (const r of routes) {
		if (!r.prefix && r.path === path && r.get) return r.path;
	}
	for (const r of routes) {
		if (r.prefix && path.startsWith(r.path) && r.get) return r.path;
	}
	return null;
}

// Which routes were visited, by whom.
const visited = new Map();

// Words no person should read (docs/DESIGN.md "Words on pages"): the catalog
// names of permissions and financial fields (read from module/auth/authz.c, so a
// new one is checked too), the guest fields of a booking, a time with
// fractional seconds, and a day written as YYYY-MM-DD. Forms keep the names
// and days as values, which are not text.
export function internalWords() {
	const src = readFileSync(join(here, '../../module/auth/authz.c'), 'utf8');
	const table = (name) => {
		const m = src.match(new RegExp(`${name}\\[[A-Z_]+\\] = \\{([\\s\\S]*?)\\};`));
		return m ? [...m[1].matchAll(/= "([^"]+)"/g)].map((x) => x[1]) : [];
	};
	const perms = table('perm_names');
	// The snake_case ones: "taxes" and "payout" are words a page may say.
	const fields = [...table('field_names'), 'guest_name', 'guest_email', 'guest_phone',
		'guest_address'].filter((f) => f.includes('_'));
	return { perms, fields };
}
const words = internalWords();
const wordRes = [...words.perms, ...words.fields].map((w) => ({
	w, re: new RegExp(`(?<![\\w.])${w.replace(/\./g, '\\.')}(?![\\w])`),
}));

// The internal names, fractional-second times and YYYY-MM-DD days in TEXT, as
// sentences naming each with what surrounds it.
export function wordProblemsOf(text) {
	const out = [];
	const around = (i, len) => JSON.stringify(text.slice(Math.max(0, i - 30), i + len + 30)
		.replace(/\s+/g, ' '));
	for (const { w, re } of wordRes) {
		const m = re.exec(text);
		if (m) out.push(`internal name "${w}" in ${around(m.index, w.length)}`);
	}
	const t = /\d\d:\d\d:\d\d\.\d/.exec(text);
	if (t) out.push(`a time with fractional seconds in ${around(t.index, t[0].length)}`);
	// A day is written "Fri 5 Mar 2027"; "2027-03-05" belongs in attributes
	// (<time datetime>) and form values, which are not text.
	const d = /(?<![\w-])\d{4}-\d\d-\d\d(?![\w-])/.exec(text);
	if (d) out.push(`a day written as ${d[0]} in ${around(d.index, d[0].length)}`);
	return out;
}

// The layout problems of the page at its current size, as sentences.
async function problemsOf(page, size) {
	return page.evaluate(({ touchWidth, touchMin }) => {
		const out = [];
		const doc = document.documentElement;
		if (doc.scrollWidth > window.innerWidth) {
			// The widest element that sticks out, to name it.
			let worst = null, right = window.innerWidth;
			for (const el of document.body.querySelectorAll('*')) {
				const r = el.getBoundingClientRect();
				if (r.right > right + 0.5) { right = r.right; worst = el; }
			}
			const what = worst ? `<${worst.tagName.toLowerCase()}${worst.className ? ' class="' + worst.className + '"' : ''}>` : '?';
			out.push(`scrollWidth ${doc.scrollWidth} > ${window.innerWidth} (widest: ${what} to ${Math.round(right)} px)`);
		}
		// Nor wider than the page's card: a wide table scrolls inside its own box.
		const main = document.querySelector('main');
		if (main && main.scrollWidth > main.clientWidth + 1)
			out.push(`<main> content is ${main.scrollWidth} px wide in ${main.clientWidth} px`);
		if (window.innerWidth <= touchWidth) {
			const controls = document.querySelectorAll(
				'input:not([type="hidden"]), select, textarea, button, a.button');
			for (const el of controls) {
				// A checkbox or radio button is touched through its label.
				let target = el;
				if ((el.type === 'checkbox' || el.type === 'radio') && el.labels && el.labels.length)
					target = el.labels[0];
				const r = target.getBoundingClientRect();
				if (r.width === 0 && r.height === 0) continue; // not shown (closed <details>)
				if (r.height < touchMin - 0.5) {
					const name = (el.getAttribute('name') || el.textContent || el.id || '').trim().slice(0, 30);
					out.push(`<${el.tagName.toLowerCase()}${el.type ? ' type=' + el.type : ''}> "${name}" is ${Math.round(r.height)} px tall`);
				}
			}
		}
		return out;
	}, { touchWidth, touchMin }).then((list) => list.map((p) => `${size.width}x${size.height}: ${p}`));
}

// PORCH_LAYOUT_SHOTS=DIR: a full-page screenshot of every page at each size.
const shots = process.env.PORCH_LAYOUT_SHOTS;

// Opens PATH at both sizes; returns the problems found, each naming the page.
async function check(page, who, path) {
	const found = [];
	let before = 0;
	for (const size of sizes) {
		await page.setViewportSize(size);
		await page.goto(new URL(path, baseUrl).href);
		for (const p of await problemsOf(page, size)) found.push(`${who} ${path}: ${p}`);
		// The words once per page: they do not change with the size.
		if (size === sizes[0]) {
			const text = await page.evaluate(() => `${document.title}\n${document.body.innerText}`);
			for (const p of wordProblemsOf(text)) found.push(`${who} ${path}: ${p}`);
		}
		for (const p of await axeViolationsOf(page))
			found.push(`${who} ${path}: ${size.width}x${size.height}: ${p}`);
		// Said as they are found too, so a journey that runs out of time still
		// names them.
		for (const p of found.slice(before)) console.log(p);
		before = found.length;
		if (shots) {
			const name = `${who}${path}`.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 80);
			await page.screenshot({ path: join(shots, `${name}-${size.width}.png`), fullPage: true });
		}
	}
	return found;
}

// The same-origin links of the current page, as paths with their query. A
// statement's PDF (/portal/statements/ID.pdf, under the statement page's route)
// is a download, not a page: statements_pdf.sh reads it.
async function linksOf(page) {
	const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.href));
	const base = new URL(baseUrl);
	return hrefs.map((h) => new URL(h)).filter((u) => u.host === base.host)
		.filter((u) => !u.pathname.endsWith('.pdf'))
		.map((u) => u.pathname + u.search);
}

// Visits START (paths) as WHO, then for every GET route not yet seen by WHO the
// first link to it on the pages seen so far, until no new route is reached, then
// each path of FILL whose route is still not seen. Returns the problems found.
async function tour(page, who, start, fill = []) {
	const seen = new Set();
	const queue = [...start];
	const links = [];
	const found = [];
	while (queue.length) {
		const path = queue.shift();
		const route = routeOf(path.replace(/[?#].*$/, ''));
		if (route && skipReason(route)) continue;
		found.push(...await check(page, who, path));
		// Where the page led (after a redirect) is what was seen; the route asked
		// for is not tried again.
		if (route) seen.add(route);
		const r = routeOf(new URL(page.url()).pathname);
		if (r) {
			seen.add(r);
			if (!visited.has(r)) visited.set(r, new Set());
			visited.get(r).add(who);
		}
		links.push(...await linksOf(page));
		if (queue.length === 0) {
			for (const l of links) {
				const lr = routeOf(l.replace(/[?#].*$/, ''));
				if (!lr || seen.has(lr) || skipReason(lr) || queue.some((q) => routeOf(q.replace(/[?#].*$/, '')) === lr))
					continue;
				queue.push(l);
			}
			if (queue.length === 0) {
				queue.push(...fill.filter((f) => !seen.has(routeOf(f))));
				fill = [];
			}
		}
	}
	return found;
}

// Each page is opened and checked by axe twice: the staff's many pages take
// a few minutes on a busy machine.
const timeout = 600000;

journey('every page fits a phone and a desktop: signed out', { timeout }, async ({ page }) => {
	const found = await tour(page, 'visitor', ['/', '/login', '/staff/login', '/reset',
		'/invite/no-such-invitation', '/reset/no-such-link', '/t/no-such-link', '/login/mfa']);
	assert.deepEqual(found, [], 'no page is wider than the screen; every control is touch-sized; axe finds no violation; no internal name, fractional second or YYYY-MM-DD day is shown');
});

journey('every page fits a phone and a desktop: an owner', { timeout }, async ({ page }) => {
	await portalSignIn(page, process.env.PORCH_GRANTEE_LOGIN, portalPassword);
	await page.waitForURL(/\/portal$/);
	const found = await tour(page, 'owner', ['/', '/portal', '/portal/calendar?month=2027-03',
		'/portal/bookings', '/account', '/account/password', '/account/mfa'],
	exactUnder('/portal', '/account'));
	assert.deepEqual(found, [], 'no page is wider than the screen; every control is touch-sized; axe finds no violation; no internal name, fractional second or YYYY-MM-DD day is shown');
	if (shots) {
		// For the gallery (scripts/screenshots): a statement's PDF beside its page.
		await page.goto(new URL('/portal/statements', baseUrl).href);
		await page.locator('a[href^="/portal/statements/"]:not([href$=".pdf"])').first().click();
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.locator('a[href$=".pdf"]').first().click(),
		]);
		await download.saveAs(join(shots, 'owner-statement.pdf'));
	}
});

journey('every page fits a phone and a desktop: enrolling in MFA', { timeout }, async ({ page }) => {
	// A user whom staff require to use MFA lands on the enrolment page.
	await portalSignIn(page, process.env.PORCH_LAYOUT_MFA_LOGIN, portalPassword);
	await page.waitForURL(/\/mfa\/enrol$/);
	const found = await tour(page, 'enrolling user', ['/mfa/enrol']);
	assert.deepEqual(found, [], 'no page is wider than the screen; every control is touch-sized; axe finds no violation; no internal name, fractional second or YYYY-MM-DD day is shown');
});

journey('every page fits a phone and a desktop: a restricted user', { timeout }, async ({ page }) => {
	await portalSignIn(page, process.env.PORCH_CLEANER_LOGIN, portalPassword);
	await page.waitForURL(/\/portal$/);
	const found = await tour(page, 'cleaner', ['/portal', '/portal/calendar?month=2027-03',
		'/portal/bookings', '/account']);
	assert.deepEqual(found, [], 'no page is wider than the screen; every control is touch-sized; axe finds no violation; no internal name, fractional second or YYYY-MM-DD day is shown');
});

journey('every page fits a phone and a desktop: a token link\'s visitor', { timeout }, async ({ page, browser }) => {
	await staffSignIn(page);
	await page.goto(new URL(`/staff/customers/${boId}`, baseUrl).href);
	const link = new URL(await page.locator('#tokenlink').inputValue());
	const visitor = await browser.newContext({ viewport: sizes[0] });
	try {
		const vp = await visitor.newPage();
		await vp.goto(new URL(link.pathname, baseUrl).href);
		await vp.waitForURL(/\/portal$/);
		// The portal's pages, and the link opened again in the same browser: the
		// page that asks before it replaces the session.
		const found = await tour(vp, 'token visitor', ['/portal', link.pathname,
			'/portal/calendar?month=2027-03', '/portal/bookings']);
		assert.deepEqual(found, [], 'no page is wider than the screen; every control is touch-sized; axe finds no violation; no internal name, fractional second or YYYY-MM-DD day is shown');
	} finally {
		await visitor.close();
	}
});

journey('every page fits a phone and a desktop: a staff admin', { timeout }, async ({ page }) => {
	await staffSignIn(page);
	const found = await tour(page, 'staff admin', ['/staff/', '/account',
		'/staff/bookings'], exactUnder('/staff/', '/account'));
	assert.deepEqual(found, [], 'no page is wider than the screen; every control is touch-sized; axe finds no violation; no internal name, fractional second or YYYY-MM-DD day is shown');
});

journey('every GET route of handlers/routes.c is visited or skipped with a reason', async () => {
	assert.ok(getRoutes.length > 30, `routes.c read (${getRoutes.length} GET routes)`);
	for (const s of Object.keys(skipped))
		assert.ok(getRoutes.some((r) => r.path === s), `skipped route ${s} is in routes.c`);
	const missing = getRoutes.filter((r) => !skipReason(r.path) && !visited.has(r.path))
		.map((r) => r.path);
	assert.deepEqual(missing, [], 'GET routes neither visited nor skipped');
});
