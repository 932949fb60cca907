// Drives a twohats report.html in headless Chromium (Playwright's
// playwright-core with Debian's /usr/bin/chromium) the way a director uses
// it, and fails on anything wrong. Run through scripts/check_html_in_browser.sh,
// which installs what it needs:
//
//   node scripts/check_report_page.mjs REPORT.html SCREENSHOT_PREFIX
//
// Checks: no console error, no page error and no request beyond the file
// itself; the table sorted by over-limit hours (by mean share while the
// page has no over-limit column) shows its visible rows in that order;
// filtered to one band it shows exactly that band's managers; a manager's
// chart opens as an SVG with that manager's weeks; at 390 px the page does
// not scroll sideways; weeks in progress or ahead are hatched in the
// heatmap, its readout calls them provisional, and so do the manager's
// weekly rows; sorting, the heatmap and closing a chart work from the
// keyboard. Prints the time to first render and saves a
// desktop and a phone screenshot with the top manager's chart open.
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const prefix = process.env.TWOHATS_PLAYWRIGHT || join(process.env.HOME, '.cache/twohats-playwright');
const { chromium } = createRequire(join(prefix, 'node_modules/'))('playwright-core');

const [report, shots] = process.argv.slice(2);
if (!report || !shots) {
  console.error('usage: check_report_page.mjs REPORT.html SCREENSHOT_PREFIX');
  process.exit(2);
}
const url = pathToFileURL(resolve(report)).href;
const failures = [];
const fail = (what) => failures.push(what);
function check(ok, what) {
  if (!ok) fail(what);
  return ok;
}

const profile = mkdtempSync(join(tmpdir(), 'twohats-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  // As root in a container, and nothing that phones home: the only
  // request is the page's own file.
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 900 },
});

try {
  await context.route('**/*', (route) => {
    const asked = route.request().url();
    if (asked.split('#')[0] === url) return route.continue();
    fail(`the page asked for ${asked}`);
    return route.abort();
  });
  const page = await open(context, url, { width: 1280, height: 900 });
  await report_timing(page);
  const data = await page.evaluate(() => JSON.parse(document.getElementById('twohats-data').textContent));
  await check_heatmap_hatch(page, data);
  await check_initial_order(page, data);
  await check_sort(page, data);
  await check_band_filter(page, data);
  await check_chart(page, data);
  await check_heatmap_click(page, data);
  await check_keyboard(page, data);
  await check_provisional_rows(page, data);
  await check_refit(page, data);
  await screenshots(context, data);
} catch (e) {
  fail(`${e.name}: ${e.message.split('\n')[0]}`);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}

if (failures.length) {
  console.error(`FAILED: ${report}`);
  for (const f of failures) console.error(`  - ${f}`);
  process.exit(1);
}
console.log(`ok: ${report} passes the browser check; screenshots ${shots}-desktop.png, ${shots}-phone.png`);

/// A new tab on the page, with console errors and page errors recorded,
/// once the page's script has drawn it.
async function open(context, address, viewport) {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') fail(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => fail(`page error: ${e.message}`));
  await page.goto(address, { waitUntil: 'load' });
  await page.waitForSelector('html[data-drawn="true"]', { timeout: 30000 });
  return page;
}

async function report_timing(page) {
  const t = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const paint = Object.fromEntries(performance.getEntriesByType('paint').map((p) => [p.name, p.startTime]));
    const drawn = performance.getEntriesByName('twohats-drawn')[0];
    return {
      bytes: document.documentElement.outerHTML.length,
      fcp: paint['first-contentful-paint'],
      dcl: nav.domContentLoadedEventEnd,
      load: nav.loadEventEnd,
      drawn: drawn && drawn.startTime,
      managers: JSON.parse(document.getElementById('twohats-data').textContent).managers.length,
    };
  });
  const ms = (v) => (v === undefined ? 'n/a' : `${v.toFixed(0)} ms`);
  console.log(`${t.managers} managers: first contentful paint ${ms(t.fcp)}, table and heatmap drawn ${ms(t.drawn)}, ` +
    `DOMContentLoaded ${ms(t.dcl)}, load ${ms(t.load)}`);
}

/// The cells of one column (by its header text) in the visible rows.
async function column(page, header) {
  return page.evaluate((header) => {
    const heads = Array.from(document.querySelectorAll('#ranked thead th'));
    const at = heads.findIndex((th) => th.textContent.replace(/[▲▼]/g, '').trim() === header);
    if (at < 0) return null;
    return Array.from(document.querySelectorAll('#ranked tbody tr[data-id]'))
      .filter((tr) => tr.offsetParent !== null)
      .map((tr) => ({ id: tr.dataset.id, text: tr.cells[at].textContent.trim() }));
  }, header);
}

async function headers(page) {
  return page.$$eval('#ranked thead th', (ths) => ths.map((th) => th.textContent.replace(/[▲▼]/g, '').trim()));
}

async function check_initial_order(page, data) {
  const rows = await column(page, '#');
  check(rows.length === data.managers.length, `${rows.length} rows shown of ${data.managers.length} managers`);
  check(rows.every((r, i) => r.text === String(i + 1)), 'the table opens in rank order');
}

/// Numbers of cells such as "26.4%", "+6.4 pp", "5.65"; null for "–".
function number(text) {
  const v = parseFloat(text.replace('−', '-').replace(/[^0-9.+-]/g, ''));
  return Number.isNaN(v) ? null : v;
}

function in_order(values, descending) {
  const known = values.filter((v) => v !== null);
  const firstMissing = values.indexOf(null);
  if (firstMissing >= 0 && values.slice(firstMissing).some((v) => v !== null)) return false;
  return known.every((v, i) => i === 0 || (descending ? known[i - 1] >= v : known[i - 1] <= v));
}

async function check_sort(page, data) {
  const names = await headers(page);
  const header = ['Over-limit h', 'Mean share'].find((h) => names.includes(h));
  if (!check(header, `no column to sort by in ${names.join(', ')}`)) return;
  const th = page.locator('#ranked thead th', { hasText: header });
  for (const [clicks, sort] of [[1, 'descending'], [2, 'ascending']]) {
    await th.locator('button').click();
    check(await th.getAttribute('aria-sort') === sort, `${header}: aria-sort ${sort} after ${clicks} click(s)`);
    const rows = await column(page, header);
    const values = rows.map((r) => number(r.text));
    check(in_order(values, sort === 'descending'), `${header} ${sort}: rows in order: ${values.slice(0, 12).join(', ')}…`);
    check(rows.length === data.managers.length, `sorting keeps every row (${rows.length})`);
    console.log(`sorted by ${header}, ${sort}: first ${rows.slice(0, 3).map((r) => `${r.id} ${r.text}`).join(', ')}`);
  }
}

async function check_band_filter(page, data) {
  const counts = {};
  for (const m of data.managers) counts[m.band] = (counts[m.band] || 0) + 1;
  // The band with the most managers, unless it holds them all.
  const band = Object.keys(counts).sort((a, b) => counts[b] - counts[a])[0];
  await page.selectOption('#f-band', band);
  const rows = await column(page, 'Band');
  check(rows.length === counts[band], `band ${band}: ${rows.length} rows shown, ${counts[band]} managers in it`);
  check(rows.every((r) => r.text === band), `band ${band}: only its rows shown`);
  const heat = await page.getAttribute('#heat svg', 'aria-label');
  check(heat.includes(`${counts[band]} managers`), `the heatmap follows the filter: ${heat}`);
  console.log(`filtered to band ${band}: ${rows.length} of ${data.managers.length} managers shown`);
  await page.selectOption('#f-band', '');
}

/// The weeks a manager has figures for, as the page's data says.
function weeks_of(data, m) {
  return data.weeks.filter((_, i) => m.w.verdict[i] !== ' ');
}

async function check_chart(page, data) {
  const first = (await column(page, 'Manager'))[0];
  const m = data.managers.find((x) => x.id === first.id);
  await page.locator(`tr[data-id="${m.id}"] button.name`).click();
  const svg = page.locator(`#d-${m.id} svg[data-manager="${m.id}"]`);
  if (!check(await svg.isVisible(), `${m.name}: the chart is not visible after a click on the name`)) return;
  const box = await svg.boundingBox();
  check(box && box.width > 300 && box.height > 200, `${m.name}: the chart is ${JSON.stringify(box)}`);
  const drawn = await svg.locator('g[data-week]').evaluateAll((gs) => gs.map((g) => g.dataset.week));
  const expected = weeks_of(data, m);
  check(JSON.stringify(drawn) === JSON.stringify(expected), `${m.name}: chart weeks ${drawn} ≠ ${expected}`);
  check((await svg.getAttribute('aria-label')).includes(m.name), `${m.name}: the chart is not labelled with the name`);
  const rows = await page.locator(`#d-${m.id} details tbody tr`).count();
  check(rows === expected.length, `${m.name}: ${rows} weekly rows, ${expected.length} weeks`);
  console.log(`opened ${m.name}'s chart: ${drawn.length} weeks (${drawn[0]} to ${drawn[drawn.length - 1]})`);
  await page.locator(`tr[data-id="${m.id}"] button.name`).click();
  check(!(await svg.isVisible()), `${m.name}: a second click does not close the chart`);
}

/// A click on a heatmap row opens that manager's chart.
async function check_heatmap_click(page, data) {
  const svg = page.locator('#heat svg');
  const box = await svg.boundingBox();
  const top = Number(await svg.getAttribute('data-top'));
  const rowH = Number(await svg.getAttribute('data-row-height'));
  const rows = (await column(page, 'Manager')).length;
  const row = Math.min(1, rows - 1);
  await svg.click({ position: { x: box.width - 3, y: top + row * rowH + rowH / 2 } });
  const id = (await column(page, 'Manager'))[row].id;
  check(await page.locator(`#d-${id} svg[data-manager="${id}"]`).isVisible(), `a click on heatmap row ${row + 1} does not open ${id}`);
  const readout = await page.textContent('#heat-readout');
  const m = data.managers.find((x) => x.id === id);
  check(readout.startsWith(m.name), `the heatmap's readout names ${m.name}: "${readout}"`);
}

/// Without a mouse: Enter on a header sorts and keeps the focus there;
/// the heatmap takes the focus, an arrow key describes a week and Enter
/// opens that manager; Escape closes it and gives its name the focus.
async function check_keyboard(page, data) {
  for (const id of await page.locator('tr.open').evaluateAll((rs) => rs.map((r) => r.dataset.id))) {
    await page.locator(`tr[data-id="${id}"] button.name`).click();
  }
  const button = page.locator('#ranked thead th button').first();
  await button.focus();
  await page.keyboard.press('Enter');
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.textContent);
  check(focused === await page.locator('#ranked thead th button').first().textContent(),
    `after Enter on a header the focus is on "${focused}"`);
  await page.evaluate(() => { document.getElementById('heat-readout').textContent = ''; });
  await page.locator('#heat svg').focus();
  const start = await page.textContent('#heat-readout');
  const first = await page.locator('#ranked tbody tr[data-id] button.name').first().textContent();
  check(start.startsWith(first), `focusing the heatmap does not show where the arrows start (${first}): "${start}"`);
  await page.keyboard.press('ArrowDown');
  const readout = await page.textContent('#heat-readout');
  check(readout.length > 0, 'an arrow key on the heatmap describes nothing');
  await page.keyboard.press('Enter');
  const open = await page.locator('tr.open').evaluateAll((rs) => rs.map((r) => r.dataset.id));
  check(open.length === 1, `Enter on the heatmap opened ${open.length} managers`);
  if (!open.length) return;
  check(readout.startsWith(data.managers.find((x) => x.id === open[0]).name), `the readout "${readout}" names the manager opened`);
  await page.keyboard.press('Escape');
  check(await page.locator('tr.open').count() === 0, 'Escape does not close the manager opened');
  const name = await page.evaluate(() => document.activeElement && document.activeElement.className);
  check(name === 'name', `after Escape the focus is on "${name}", not the manager's name`);
}

/// A manager's chart opened on a wide window is refitted when the window
/// narrows (a phone turned upright): it stays within the page.
async function check_refit(page, data) {
  const m = data.managers[0];
  await page.locator(`tr[data-id="${m.id}"] button.name`).click();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(400);
  const width = await page.locator(`#d-${m.id} .fit`).evaluate((d) => d.getBoundingClientRect().width);
  check(width <= 390, `${m.name}'s opened chart is ${width} px wide in a 390 px window`);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.locator(`tr[data-id="${m.id}"] button.name`).click();
}

/// A week in progress or ahead says so in the manager's weekly table,
/// beside its verdict.
async function check_provisional_rows(page, data) {
  const m = data.managers.find((x) => /[pa]/.test(x.w.status || ''));
  if (!m) return;
  await page.locator(`tr[data-id="${m.id}"] button.name`).click();
  await page.locator(`#d-${m.id} details`).evaluate((d) => { d.open = true; });
  const badges = await page.locator(`#d-${m.id} tbody .badge`).allTextContents();
  const later = m.w.status.split('').filter((c) => c === 'p' || c === 'a').length;
  const said = badges.filter((b) => b.endsWith('(provisional)')).length;
  check(said === later, `${m.name}: ${later} weeks in progress or ahead, ${said} verdicts say provisional`);
  await page.locator(`tr[data-id="${m.id}"] button.name`).click();
}

/// Weeks in progress or ahead (status letters p and a) are hatched in the
/// heatmap, one hatched cell each, and the readout over one says its
/// verdict is provisional; a page without such weeks has no hatching.
async function check_heatmap_hatch(page, data) {
  const expected = data.managers
    .map((m) => (m.w.status || '').split('').filter((c) => c === 'p' || c === 'a').length)
    .reduce((a, b) => a + b, 0);
  const hatched = page.locator('#heat svg path.provisional');
  const found = await hatched.count();
  if (!check((found > 0) === (expected > 0), `${expected} weeks in progress or ahead, ${found} hatched paths`) || !expected) return;
  const d = await hatched.getAttribute('d');
  const cells = (d.match(/M/g) || []).length;
  check(cells === expected, `${expected} weeks in progress or ahead, ${cells} hatched cells`);
  check(await hatched.getAttribute('fill') === 'url(#heat-hatch)', 'the hatched cells are not filled with the hatch pattern');
  check(await page.locator('#heat svg pattern#heat-hatch').count() === 1, 'the heatmap has no hatch pattern');
  // Point at the first hatched cell (its path starts at the cell's corner).
  const [x, y] = d.slice(1).split(/[ h]/).map(Number);
  const box = await page.locator('#heat svg').boundingBox();
  await page.mouse.move(box.x + x + 2, box.y + y + 2);
  const readout = await page.textContent('#heat-readout');
  check(/\((in progress|ahead), provisional/.test(readout), `the readout over a hatched week does not say it is provisional: "${readout}"`);
}

async function screenshots(context, data) {
  if (!data.managers.length) return;
  const top = `${url}#m-${data.managers[0].id}`;
  // The whole page, or for a long one its first 2600 px: cards, heatmap
  // and the top of the table with the first manager's chart open.
  const shot = async (page, path, width) => {
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.screenshot({ path, fullPage: true, clip: { x: 0, y: 0, width, height: Math.min(height, 2600) } });
  };
  const desktop = await open(context, top, { width: 1280, height: 900 });
  await shot(desktop, `${shots}-desktop.png`, 1280);
  const phone = await open(context, top, { width: 390, height: 844 });
  const wide = await phone.evaluate(() => document.documentElement.scrollWidth);
  check(wide <= 390, `at 390 px the page is ${wide} px wide`);
  const svg = phone.locator(`svg[data-manager="${data.managers[0].id}"]`);
  check(await svg.isVisible(), 'on a phone the opened chart is not visible');
  await shot(phone, `${shots}-phone.png`, 390);
}
