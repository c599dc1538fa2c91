// porch — browser journey: a portal user for whom staff require MFA signs in, is
// held on the enrolment page, scans the QR code (a screenshot of it, decoded by
// zbarimg), confirms with a code from oathtool, keeps the recovery codes, and signs
// in again with a code.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { journey, baseUrl, portalSignIn, workDir } from './lib.mjs';

const login = process.env.PORCH_MFA_LOGIN;
const password = process.env.PORCH_OWNER_PASSWORD;

// The code an authenticator app shows for secret at step (30-second steps).
function totp(secret, step) {
	return execFileSync('oathtool', ['--totp', '-b', secret, '--now', `@${step * 30}`])
		.toString().trim();
}

const signIn = (page) => portalSignIn(page, login, password);

journey('a user required to use MFA enrols from the QR code and signs in with a code',
	{ timeout: 90000 }, async ({ page, watch }) => {
	await signIn(page);
	await page.waitForURL(/\/mfa\/enrol$/);
	assert.match(await page.locator('main').textContent(), /needs two-step sign-in/,
		'the page says MFA is required');

	// Nothing else opens before enrolment.
	await page.goto(new URL('/account', baseUrl).href);
	assert.match(page.url(), /\/mfa\/enrol$/, 'the Account page leads back to enrolment');

	const qr = page.getByRole('img', { name: 'QR code for your authenticator app' });
	assert.ok(await qr.isVisible(), 'the QR code is shown');
	const png = join(workDir, 'mfa-qr.png');
	await qr.screenshot({ path: png });
	const uri = execFileSync('zbarimg', ['-q', '--raw', png]).toString().trim();
	const secret = (await page.locator('#secret').textContent()).replace(/\s/g, '');
	assert.match(secret, /^[A-Z2-7]{32}$/, 'the key is shown for typing');
	assert.equal(uri, `otpauth://totp/Acme%20Rentals:${encodeURIComponent(login)}` +
		`?secret=${secret}&issuer=Acme%20Rentals&algorithm=SHA1&digits=6&period=30`,
		'the QR code as rendered by the browser decodes to the otpauth URI of that key');

	// porchd's test build checks codes at the step written to this file (run.sh),
	// 1000 steps from the wall clock's: the journey may take as long as it needs.
	const step = Math.floor(Date.now() / 30000) + 1000;
	writeFileSync(process.env.PORCH_TEST_TOTP_CLOCK, `${step * 30 + 10}\n`);
	await page.getByLabel('Authentication code').fill('123456');
	await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
	await page.waitForLoadState('load');
	const wrong = (await page.getByRole('alert').count()) > 0;
	if (totp(secret, step) !== '123456')
		assert.ok(wrong, 'a wrong code is refused with a message');
	await page.getByLabel('Authentication code').fill(totp(secret, step));
	await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
	await page.waitForLoadState('load');
	assert.equal((await page.locator('h1').textContent()).trim(), 'Your recovery codes',
		'the code turns MFA on and the recovery codes follow');
	const codes = await page.locator('.recovery-codes code').allTextContents();
	assert.equal(codes.length, 10, 'ten recovery codes are shown');
	await page.getByRole('link', { name: 'Continue' }).click();
	await page.waitForURL(/\/portal$/);
	assert.match(await page.locator('h1').textContent(), /^Portal of /,
		'then the portal opens');

	await page.getByRole('button', { name: 'Sign out' }).click();
	await page.waitForURL((u) => new URL(u).pathname === '/');
	await signIn(page);
	await page.waitForURL(/\/login\/mfa$/);
	await page.getByLabel('Authentication code').fill(totp(secret, step + 1));
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL(/\/portal$/);
	assert.match(await page.locator('h1').textContent(), /^Portal of /,
		'the next sign-in takes the password and a code');

	watch.assertClean();
});
