// explorer.js: drives the kg explorer in headless Chromium (puppeteer-core)
// and prints TAP.  Run by tests/web/explorer.sh, which starts `kg serve`:
//   node explorer.js URL PLACES EVENTS SCREENSHOT
// PLACES and EVENTS are the counts kg query gives for places with
// coordinates and dated events.
'use strict';
const puppeteer = require('puppeteer-core');

const [url, places, events, shot] = process.argv.slice(2);
const chrome = process.env.KG_TEST_CHROMIUM || '/usr/bin/chromium';
let n = 0, failed = 0;
function ok(cond, what, detail) {
	n++;
	if (!cond) failed++;
	console.log(`${cond ? 'ok' : 'not ok'} ${n} - ${what}`);
	if (!cond && detail !== undefined)
		console.log('# ' + String(detail).split('\n').join('\n# '));
}

(async () => {
	console.log('1..9');
	const browser = await puppeteer.launch({
		executablePath: chrome,
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--no-first-run']
	});
	const problems = [];
	try {
		const page = await browser.newPage();
		page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
		page.on('pageerror', (e) => problems.push('page error: ' + e.message));
		page.on('requestfailed', (r) => problems.push('failed: ' + r.url() + ' ' + (r.failure() || {}).errorText));
		page.on('response', (r) => { if (r.status() >= 400) problems.push(r.status() + ': ' + r.url()); });
		await page.setViewport({ width: 1280, height: 900 });
		await page.goto(url, { waitUntil: 'networkidle0' });
		await page.waitForSelector('body[data-ready]', { timeout: 30000 });
		ok(await page.$eval('body', (b) => b.dataset.ready) === 'true', 'the page loads the graph');

		const markers = await page.$$eval('#map path.kg-place', (l) => l.length);
		ok(markers === Number(places), `one marker per place with coordinates (${markers}/${places})`);
		const dots = await page.$$eval('#timeline .kg-event', (l) => l.length);
		ok(dots === Number(events), `the timeline shows every dated event (${dots}/${events})`);

		// An event chosen by keyboard shows its quote.
		await page.$eval('#timeline .kg-event.point', (g) => g.focus());
		await page.keyboard.press('Enter');
		await page.waitForSelector('#details .kg-quote', { timeout: 10000 });
		const quote = await page.$eval('#details .kg-quote', (q) => q.textContent);
		ok(quote.length > 10, 'selecting an event shows its quote', quote);

		// The example runs from the dropdown and lands in the URL.
		const value = await page.$$eval('#examples option', (os) =>
			(os.find((o) => /who captured hama/i.test(o.textContent)) || {}).value);
		await page.select('#examples', value);
		await page.waitForSelector('#result-table', { timeout: 15000 });
		const table = await page.$eval('#result-table', (t) => t.textContent);
		ok(/HTS/.test(table) && /2024-12-05/.test(table), 'the Hama example shows HTS and 2024-12-05', table);
		ok(/^#query=/.test(await page.evaluate(() => location.hash)), 'the URL holds the query');

		await page.goBack();
		await page.waitForFunction(() => /^#event=/.test(location.hash), { timeout: 5000 });
		ok(true, 'back returns to the event');

		await page.screenshot({ path: shot, fullPage: true });

		// A phone-sized screen: nothing wider than the screen.
		await page.setViewport({ width: 390, height: 844, isMobile: true });
		await new Promise((r) => setTimeout(r, 400));
		const wide = await page.evaluate(() => document.documentElement.scrollWidth);
		ok(wide <= 390, `fits a phone-sized screen (${wide}px wide)`);
		ok(problems.length === 0, 'no console error or failed request', problems.join('\n'));
	} catch (e) {
		ok(false, 'the browser session', e.stack);
	} finally {
		await browser.close();
	}
	process.exit(failed || n !== 9 ? 1 : 0);
})();
