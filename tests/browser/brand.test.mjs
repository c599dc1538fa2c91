// porch — browser journey of a tenant's brand: beta.test (Beta Homes, brand colour
// #7c3aed, set in run.sh) shows its colour on its pages through its stylesheet
// under /brand/, sent by nginx, with readable text on it; acme.test (no colour)
// keeps porch's own look.
import assert from 'node:assert/strict';
import { journey, tenantUrl } from './lib.mjs';

// WCAG 2 contrast of two computed "rgb(r, g, b)" colours.
function contrast(a, b) {
	const lum = (s) => {
		const [r, g, bl] = s.match(/\d+/g).slice(0, 3).map((v) => {
			const c = Number(v) / 255;
			return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
		});
		return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
	};
	const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
	return (x + 0.05) / (y + 0.05);
}

journey('a tenant\'s colour on its sign-in page, readable', async ({ page, watch }) => {
	const cssSeen = page.waitForResponse((r) => /^\/brand\/beta\/brand-7c3aed\.css$/.test(new URL(r.url()).pathname),
		{ timeout: 5000 }).catch(() => null);
	const resp = await page.goto(tenantUrl('beta.test', '/login'), { waitUntil: 'load' });
	assert.equal(resp.status(), 200, 'beta\'s sign-in page is 200');
	const css = await cssSeen;
	assert.ok(css, 'the browser loaded the brand stylesheet');
	assert.equal(css.status(), 200, '...200 from the web server');
	assert.match(css.headers()['content-type'] || '', /^text\/css/, '...as text/css');
	const look = await page.evaluate(() => {
		const header = getComputedStyle(document.querySelector('header.site'));
		const name = getComputedStyle(document.querySelector('header.site .site-name'));
		const button = getComputedStyle(document.querySelector('main button'));
		return { bg: header.backgroundColor, ink: name.color, button: button.backgroundColor,
			buttonInk: button.color, home: document.querySelector('header.site a.site-home').getAttribute('href') };
	});
	assert.equal(look.bg, 'rgb(124, 58, 237)', 'the header is in the brand colour');
	assert.equal(look.ink, 'rgb(255, 255, 255)', '...with white text on it');
	assert.ok(contrast(look.bg, look.ink) >= 4.5, `...readable (${contrast(look.bg, look.ink).toFixed(2)}:1)`);
	assert.equal(look.button, 'rgb(124, 58, 237)', 'buttons in the brand colour (readable on white as it is)');
	assert.ok(contrast(look.button, look.buttonInk) >= 4.5, '...with readable text');
	assert.equal(look.home, '/', 'the name links home');
	watch.assertClean();
});

journey('a tenant without a colour keeps porch\'s look', async ({ page, watch }) => {
	await page.goto(tenantUrl('acme.test', '/login'), { waitUntil: 'load' });
	const look = await page.evaluate(() => ({
		sheets: [...document.styleSheets].map((s) => s.href || ''),
		bg: getComputedStyle(document.querySelector('header.site')).backgroundColor,
	}));
	assert.ok(!look.sheets.some((h) => h.includes('/brand/')), 'no brand stylesheet');
	assert.equal(look.bg, 'rgb(255, 255, 255)', 'the header on porch\'s paper');
	watch.assertClean();
});
