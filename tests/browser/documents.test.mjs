// porch — browser journey of the staff documents page: staff open a customer's
// documents, fill the upload form (title, a property, public, the file) and
// Chromium's own multipart body is stored with the file's SHA-256; staff then
// replace the file and delete the document.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { journey, baseUrl, staffSignIn } from './lib.mjs';

const adaId = process.env.PORCH_ADA_ID;

function sha256(buf) {
	return createHash('sha256').update(buf).digest('hex');
}

journey('staff upload, replace and delete a document of a customer', async ({ page, watch }) => {
	await staffSignIn(page);
	await page.goto(new URL(`/staff/documents?customer=${adaId}`, baseUrl).href);
	const first = Buffer.from('house rules\r\n--not a boundary\r\n\u00e9t\u00e9\n');
	await page.getByLabel('Title', { exact: true }).fill('House rules 2027');
	await page.getByLabel('For').selectOption({ label: 'Ada Beach House' });
	await page.getByRole('radio', { name: /Public/ }).check();
	await page.getByLabel('File', { exact: true }).setInputFiles({
		name: 'rules.txt', mimeType: 'text/plain', buffer: first,
	});
	await page.getByRole('button', { name: 'Upload' }).click();
	await page.waitForURL(/done=uploaded/);
	const text = await page.locator('main').textContent();
	assert.match(text, /The document is uploaded\./, 'the page says it is uploaded');
	const row = page.locator('table.documents tr', { hasText: 'House rules 2027' });
	const rowText = await row.textContent();
	assert.match(rowText, /Ada Beach House/, 'the row names the property');
	assert.match(rowText, /public/, '...its visibility');
	assert.match(rowText, /rules\.txt/, '...the file name');
	assert.ok(rowText.includes(sha256(first)), '...and the SHA-256 of the bytes sent');

	const second = Buffer.from('house rules, second edition\n');
	await row.getByLabel('New file').setInputFiles({
		name: 'rules-v2.txt', mimeType: 'text/plain', buffer: second,
	});
	await row.getByRole('button', { name: 'Replace' }).click();
	await page.waitForURL(/done=replaced/);
	const row2 = page.locator('table.documents tr', { hasText: 'House rules 2027' });
	assert.ok((await row2.textContent()).includes(sha256(second)),
		'the replaced file\'s SHA-256 is shown');

	// Delete asks first, on a page of its own (no script): Cancel changes
	// nothing, the page's Delete does it.
	await row2.getByRole('button', { name: 'Delete' }).click();
	await page.getByRole('heading', { name: 'Delete this document?' }).waitFor();
	assert.match(await page.locator('main').textContent(), /House rules 2027/,
		'the confirmation names the document');
	await page.getByRole('link', { name: 'Cancel' }).click();
	await page.waitForURL(/\/staff\/documents\?customer=/);
	assert.match(await page.locator('main').textContent(), /House rules 2027/,
		'Cancel leaves the document');
	await page.locator('table.documents tr', { hasText: 'House rules 2027' })
		.getByRole('button', { name: 'Delete' }).click();
	await page.locator('form.confirm').getByRole('button', { name: 'Delete' }).click();
	await page.waitForURL(/done=deleted/);
	assert.doesNotMatch(await page.locator('main').textContent(), /House rules 2027/,
		'the deleted document is gone from the list');
	watch.assertClean();
});
