// porch — browser journey of the owner dashboard and the reports' charts on a
// 390×844 phone and a 1280×800 desktop: an owner with every right (the Reporters
// group of run.sh) sees the figures at a glance, follows the link to the reports
// and finds each property's charts, inline SVG images with an accessible name,
// drawn the width of the screen and no wider; neither page scrolls sideways.
import assert from 'node:assert/strict';
import { journey, baseUrl, portalSignIn } from './lib.mjs';

const login = process.env.PORCH_REPORTS_LOGIN;
const password = process.env.PORCH_OWNER_PASSWORD;

// The page's width against the screen's, and the boxes of SELECTOR (left, right, width).
async function measure(page, selector) {
	return page.evaluate((sel) => ({
		scroll: document.documentElement.scrollWidth,
		inner: window.innerWidth,
		boxes: [...document.querySelectorAll(sel)].map((e) => {
			const r = e.getBoundingClientRect();
			return { left: r.left, right: r.right, width: r.width };
		}),
	}), selector);
}

for (const size of [{ width: 390, height: 844 }, { width: 1280, height: 800 }]) {
	journey(`the dashboard and the reports' charts fit ${size.width} px`, async ({ page, watch }) => {
		await page.setViewportSize(size);
		await portalSignIn(page, login, password);
		await page.waitForURL(/\/portal$/);
		assert.equal(await page.getByRole('heading', { name: 'At a glance' }).count(), 1,
			'the dashboard has its figures');
		let m = await measure(page, 'ul.figures li.figure');
		assert.ok(m.boxes.length >= 5, `nights, occupancy, revenue and the statement (${m.boxes.length})`);
		assert.ok(m.scroll <= m.inner, `the dashboard fits: ${m.scroll} px in ${m.inner}`);
		for (const b of m.boxes)
			assert.ok(b.left >= 0 && b.right <= m.inner, `a figure within the screen (${b.left}-${b.right})`);

		await page.getByRole('link', { name: 'Reports month by month' }).click();
		await page.waitForURL(/\/portal\/reports$/);
		await page.goto(new URL('/portal/reports?year=2027', baseUrl).href);
		const img = page.getByRole('img', { name: 'Nights booked per month' });
		assert.ok(await img.count() >= 2, 'a nights chart per property, named for screen readers');
		assert.ok(await page.getByRole('img', { name: 'Owner revenue per month' }).count() >= 2,
			'...and a revenue chart each');
		m = await measure(page, 'svg.chart');
		assert.ok(m.boxes.length >= 6, `three charts per property (${m.boxes.length})`);
		assert.ok(m.scroll <= m.inner, `the reports fit: ${m.scroll} px in ${m.inner}`);
		for (const b of m.boxes) {
			assert.ok(b.left >= 0 && b.right <= m.inner, `a chart within the screen (${b.left}-${b.right})`);
			assert.ok(b.width >= 280, `a chart wide enough to read (${b.width} px)`);
		}
		assert.equal(await page.locator('script').count(), 0, 'no script on the page');
		watch.assertClean();
	});
}
