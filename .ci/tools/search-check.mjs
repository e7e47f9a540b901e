// Checks search, nearest practices and table filters of a built ratingsite
// in headless Chromium, against expectations computed here from the
// published files (practices/*.json and the index in search/index/), never
// hard-coded:
//   - typing a practice's name in the header's combobox lists it first;
//     a typo still finds it; the keyboard opens it;
//   - /search/?q=<postcode> lists the 10 practices nearest the postcode's
//     published centroid, in order of distance (checked against every
//     practice's coordinates in its JSON); an outward code works too, and
//     an unknown postcode says so;
//   - a filter on a region's table shows exactly the practices with that
//     rating, keeps it in the URL, and survives a reload; so does sorting;
//   - /search/ has one search box; its example postcode is one the index
//     knows; a practice's second address line (a village) finds it; after
//     Enter focus is on the results heading, described by the count;
//     without JavaScript /search/?q= says that search needs it and links
//     to the A–Z and area lists; A–Z letters without practices are not
//     links, and a name beginning "The" is filed under its next word;
//   - axe-core finds no violation with the combobox open, no CSP
//     violation, console error or third-party request.
//
// Usage: node search-check.mjs SITE_DIR [PATH_PREFIX]
import { chromium } from "playwright-core";
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const siteDir = path.resolve(process.argv[2] || "public");
let prefix = process.argv[3] || "/";
if (!prefix.endsWith("/")) prefix += "/";

const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json", ".svg": "image/svg+xml" };
let bytesServed = 0;
const server = http.createServer((req, res) => {
  const url = new URL(req.url, "http://localhost");
  const p = decodeURIComponent(url.pathname);
  let file = path.join(siteDir, p.slice(prefix.length));
  if (!p.startsWith(prefix) || !file.startsWith(siteDir)) { res.writeHead(404); res.end(); return; }
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
  if (!fs.existsSync(file)) { res.writeHead(404); res.end("not found"); return; }
  const body = fs.readFileSync(file);
  if (p.includes("/search/index/")) bytesServed += body.length;
  res.writeHead(200, { "Content-Type": types[path.extname(file)] || "application/octet-stream" });
  res.end(body);
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const origin = `http://127.0.0.1:${server.address().port}`;

// The published current practices (closed ones keep their JSON but are
// not searched).
const practices = fs.readdirSync(path.join(siteDir, "practices")).filter((f) => f.endsWith(".json"))
  .map((f) => JSON.parse(fs.readFileSync(path.join(siteDir, "practices", f), "utf8")))
  .filter((p) => p.status === "current");
const fold = (s) => s.toLowerCase().normalize("NFD").replace(/\p{Mn}/gu, "").replace(/['’‘`]/g, "").replace(/[^a-z0-9]+/g, " ").trim();
const readIndex = (p) => JSON.parse(fs.readFileSync(path.join(siteDir, "search", "index", p), "utf8"));

const R = Math.PI / 180, EARTH_MILES = 6378137 / 1609.344;
function miles(lat1, lon1, lat2, lon2) {
  const dLat = (lat2 - lat1) * R, dLon = (lon2 - lon1) * R;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * R) * Math.cos(lat2 * R) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_MILES * Math.asin(Math.sqrt(h));
}

const failures = [];
function check(ok, msg) {
  if (!ok) failures.push(msg);
  console.log(`${ok ? "ok  " : "FAIL"} ${msg}`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const context = await browser.newContext();
await context.addInitScript(() => {
  window.__csp = [];
  document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`));
});
const page = await context.newPage();
page.on("console", (m) => { if (m.type() === "error") check(false, `console error: ${m.text()}`); });
page.on("pageerror", (e) => check(false, `script error: ${e.message}`));
page.on("request", (r) => { if (!r.url().startsWith(origin)) check(false, `third-party request: ${r.url()}`); });

async function axe(what) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] }, resultTypes: ["violations"],
  }));
  check(result.violations.length === 0, `axe: no violations ${what}` +
    result.violations.map((v) => `\n    ${v.id}: ${v.help} (${v.nodes[0].target.join(" ")})`).join(""));
  for (const c of await page.evaluate(() => window.__csp)) check(false, `CSP violation ${what}: ${c}`);
}

async function optionTexts() {
  await page.waitForFunction(() => {
    const l = document.querySelector("#site-search-q-list");
    return l && !l.hidden && l.children.length > 0;
  }, null, { timeout: 10000 });
  return page.$$eval("#site-search-q-list [role=option]", (os) => os.map((o) => o.textContent));
}

// 1. A practice's name in the header's combobox.
const counts = {};
for (const p of practices) counts[fold(p.name)] = (counts[fold(p.name)] || 0) + 1;
const target = practices.find((p) => counts[fold(p.name)] === 1 && fold(p.name).split(" ").some((w) => w.length >= 7));
await page.goto(`${origin}${prefix}`, { waitUntil: "load" });
const box = page.locator("#site-search-q");
check(await box.getAttribute("role") === "combobox", "the header's search box is a combobox");
await box.fill(target.name);
await page.waitForFunction(() => /match|Showing/.test(document.querySelector(".site-search [role=status]").textContent), null, { timeout: 10000 });
let opts = await optionTexts();
check(opts[0] && opts[0].startsWith(target.name), `typing "${target.name}" lists it first (got "${opts[0]}")`);
check(await box.getAttribute("aria-expanded") === "true", "the combobox says it is expanded");
const status = await page.locator("#site-search-q ~ [role=status], .site-search [role=status]").first().textContent();
check(/\d+ practices? match|Showing the first/.test(status), `the live region announces the number of results ("${status}")`);
await axe("with the combobox open");
// One typo, past the first letters: replace a letter of the longest word.
const long = fold(target.name).split(" ").sort((a, b) => b.length - a.length)[0];
const typo = fold(target.name).replace(long, long.slice(0, 4) + (long[4] === "x" ? "y" : "x") + long.slice(5));
await box.fill("");
await box.fill(typo);
opts = await page.waitForFunction((name) => {
  const os = [...document.querySelectorAll("#site-search-q-list [role=option]")].map((o) => o.textContent);
  return os.some((t) => t.startsWith(name)) ? os : false;
}, target.name, { timeout: 10000 }).then(() => true, () => false);
check(opts, `the typo "${typo}" still finds ${target.name}`);
// Keyboard: the first option, Enter, and the practice's page.
await box.fill("");
await box.fill(target.name);
await page.waitForFunction((name) => {
  const o = document.querySelector("#site-search-q-list [role=option]");
  return o && o.textContent.startsWith(name) && !document.querySelector("#site-search-q-list").hidden;
}, target.name, { timeout: 10000 });
await box.press("ArrowDown");
check(await box.getAttribute("aria-activedescendant") === "site-search-q-list-0", "ArrowDown makes the first option active");
await Promise.all([page.waitForURL(`**/practices/${target.id}/`), box.press("Enter")]);
check(page.url().endsWith(`/practices/${target.id}/`), `Enter opens ${target.name}'s page`);

// A first word and the town, on the results page.
const twoWords = fold(target.name).split(" ")[0] + " " + (target.address.city || "");
await page.goto(`${origin}${prefix}search/?q=${encodeURIComponent(twoWords)}`, { waitUntil: "load" });
await page.waitForFunction(() => !/Searching/.test(document.querySelector(".search-status")?.textContent || "Searching"), null, { timeout: 10000 });
const twoHits = await page.$$eval(".search-results-list a", (as) => as.map((a) => a.getAttribute("href")));
check(twoHits.some((h) => h.endsWith(`/practices/${target.id}/`)), `"${twoWords}" lists ${target.name} among ${twoHits.length} results`);

// Several "word town" queries: every practice whose words start with
// each query word (no typos) is listed, when the status says it is
// complete; exact words rank before prefixes.
const words = (p) => [p.name, p.address.city, p.address.postcode, p.odsCode, p.provider && p.provider.name, p.address.line2]
  .flatMap((f) => fold(f || "").split(" ").filter(Boolean)).concat(fold(p.address.postcode || "").replace(/ /g, ""));
for (const p of practices.filter((_, i) => i % Math.ceil(practices.length / 6) === 3)) {
  const q = fold(p.name).split(" ").sort((a, b) => b.length - a.length)[0].slice(0, 5) + " " + fold(p.address.city || "");
  const qw = q.split(" ").filter(Boolean);
  const want = practices.filter((x) => qw.every((w) => words(x).some((t) => t.startsWith(w)))).map((x) => x.id);
  await page.goto(`${origin}${prefix}search/?q=${encodeURIComponent(q)}`, { waitUntil: "load" });
  await page.waitForFunction(() => !/Searching/.test(document.querySelector(".search-status")?.textContent || "Searching"), null, { timeout: 10000 });
  const st = await page.locator(".search-status").textContent();
  const ids = await page.$$eval(".search-results-list a", (as) => as.map((a) => a.getAttribute("href").split("/").filter(Boolean).pop()));
  if (/match/.test(st) && want.length <= 50) {
    check(want.every((id) => ids.includes(id)) && ids.includes(p.id), `"${q}" lists all ${want.length} practices whose words start so (${ids.length} listed)`);
  } else {
    check(ids.length > 0, `"${q}": ${st}`);
  }
}

// A village or second address line: a practice whose line2 is a word or
// two no other practice's name, town or line2 starts with.
{
  const own = practices.filter((p) => p.address.line2 && fold(p.address.line2).length >= 5)
    .find((p) => practices.filter((x) => x !== p && words(x).some((t) => fold(p.address.line2).split(" ").every((w) => t.startsWith(w)))).length === 0);
  check(!!own, "the sample has a practice with a second address line of its own");
  if (own) {
    await page.goto(`${origin}${prefix}search/?q=${encodeURIComponent(own.address.line2)}`, { waitUntil: "load" });
    await page.waitForFunction(() => !/Searching/.test(document.querySelector(".search-status")?.textContent || "Searching"), null, { timeout: 10000 });
    const hits = await page.$$eval(".search-results-list a", (as) => as.map((a) => a.getAttribute("href")));
    check(hits.some((h) => h.endsWith(`/practices/${own.id}/`)), `the second address line "${own.address.line2}" finds ${own.name} (${hits.length} results)`);
  }
}

// /search/: one search box; Enter moves focus to the results heading,
// which the count describes; the example postcode is known.
await page.goto(`${origin}${prefix}search/`, { waitUntil: "load" });
const boxes = await page.$$eval("input[type=search]", (is) => is.filter((i) => i.getClientRects().length && getComputedStyle(i).visibility !== "hidden").length);
check(boxes === 1, `/search/ shows one search box (${boxes})`);
check(await page.locator(".search-nojs").isHidden(), "with JavaScript, /search/ does not say that search needs it");
const lead = await page.locator("main .lead").textContent();
const example = /such as ([A-Z0-9]+ [0-9][A-Z]{2})\)/.exec(lead);
check(example && practices.some((p) => (p.address.postcode || "").toUpperCase() === example[1]), `the hint's example postcode is a practice's (${example && example[1]})`);
await page.locator("#search-page-q").fill(target.name);
await Promise.all([page.waitForURL("**/search/?q=*"), page.locator("#search-page-q").press("Enter")]);
await page.waitForFunction(() => !/Searching/.test(document.querySelector(".search-status")?.textContent || "Searching"), null, { timeout: 10000 });
const focused = await page.evaluate(() => {
  const a = document.activeElement, d = a && a.getAttribute("aria-describedby");
  return { id: a && a.id, tag: a && a.tagName, desc: d ? document.getElementById(d)?.textContent : "", live: d ? document.getElementById(d)?.getAttribute("role") : "" };
});
check(focused.id === "results-heading" && focused.tag === "H2", `after Enter, focus is on the results heading (${focused.tag}#${focused.id})`);
check(/\d+ practices? match|Showing the first/.test(focused.desc) && focused.live === "status", `the count describes the heading and is in a status region ("${focused.desc}")`);
if (example) {
  await page.goto(`${origin}${prefix}search/?q=${encodeURIComponent(example[1])}`, { waitUntil: "load" });
  await page.waitForFunction(() => !/Searching/.test(document.querySelector(".search-status")?.textContent || "Searching"), null, { timeout: 10000 });
  const st = await page.locator(".search-status").textContent();
  check(st.includes(`nearest practices to ${example[1]}`), `searching the example ${example[1]} lists the nearest practices ("${st}")`);
}

// Without JavaScript /search/?q= says search needs it and links to the lists.
{
  const nojs = await browser.newContext({ javaScriptEnabled: false });
  const p2 = await nojs.newPage();
  await p2.goto(`${origin}${prefix}search/?q=${encodeURIComponent(target.name)}`, { waitUntil: "load" });
  const note = p2.locator(".search-nojs");
  const text = (await note.isVisible()) ? await note.textContent() : "";
  const hrefs = await note.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  const targets = await p2.evaluate((hs) => hs.map((h) => !!document.getElementById(h.slice(1))), hrefs);
  check(/needs JavaScript/.test(text) && hrefs.includes("#az") && hrefs.includes("#by-area") && targets.every(Boolean), `without JavaScript, /search/?q= says search needs it and links to the A–Z and area lists (${hrefs.join(" ")})`);
  const areaLinks = await p2.$$eval("#by-area ~ * a, section[aria-labelledby=by-area] a", (as) => as.map((a) => a.getAttribute("href")));
  check(areaLinks.some((h) => h.includes("/regions/")) && areaLinks.some((h) => h.includes("/local-authorities/")), "the lists it points to link to regions and local authorities");
  await nojs.close();
}

// A–Z: letters without practices are not links; "The X" is under X.
{
  const filing = (n) => fold(n).replace(/^the /, "");
  const letterOf = (n) => /^[a-z]/.test(filing(n)) ? filing(n)[0] : "0-9";
  const have = new Set(practices.map((p) => letterOf(p.name)));
  const az = await page.goto(`${origin}${prefix}search/`, { waitUntil: "load" }).then(() => page.$$eval("#az ~ .az-list li, section[aria-labelledby=az] .az-list li", (lis) => lis.map((li) => ({ t: li.textContent.replace(/^No practices under /, "").trim(), a: !!li.querySelector("a") }))));
  const wrong = az.filter((l) => l.a !== have.has(l.t.toLowerCase().replace("–", "-")));
  check(az.length === 27 && wrong.length === 0, `A–Z: the ${have.size} letters with practices are links, the ${27 - have.size} without are not${wrong.length ? " (wrong: " + wrong.map((l) => l.t).join(" ") + ")" : ""}`);
  const the = practices.find((p) => /^the [a-z]/.test(fold(p.name)));
  if (the) {
    await page.goto(`${origin}${prefix}search/${letterOf(the.name)}/`, { waitUntil: "load" });
    const listed = await page.$$eval("table.practices a", (as) => as.map((a) => a.getAttribute("href")));
    const says = await page.locator("main").textContent();
    check(listed.some((h) => h.endsWith(`/practices/${the.id}/`)) && /filed under the next word/.test(says), `"${the.name}" is on /search/${letterOf(the.name)}/, which says why`);
  }
}

// 2. A postcode: the 10 nearest practices, in order, from the published centroid.
const withPC = practices.filter((p) => p.location && p.location.source !== "postcode district" && p.address.postcode);
const pcPractice = withPC[Math.floor(withPC.length / 2)];
const pc = pcPractice.address.postcode.toUpperCase().replace(/\s+/g, "");
const out = pc.slice(0, -3), inw = pc.slice(-3), area = out.match(/^[A-Z]+/)[0];
const centroid = readIndex(`p/${out}-${inw[0]}.json`)[inw];
check(Array.isArray(centroid), `${out} ${inw} is in the published postcode centroids`);
const placed = practices.filter((p) => p.location);
const byDist = (lat, lon) => placed.map((p) => ({ id: p.id, name: p.name, d: miles(lat, lon, p.location.latitude, p.location.longitude) }))
  .sort((a, b) => a.d - b.d || (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0) || (a.id < b.id ? -1 : 1));
async function nearestOnPage(q) {
  bytesServed = 0;
  await page.goto(`${origin}${prefix}search/?q=${encodeURIComponent(q)}`, { waitUntil: "load" });
  await page.waitForFunction(() => !/Searching/.test(document.querySelector(".search-status")?.textContent || "Searching"), null, { timeout: 10000 });
  return page.$$eval(".search-results-list li", (lis) => lis.map((li) => ({ href: li.querySelector("a").getAttribute("href"), text: li.textContent })));
}
async function checkNearest(q, lat, lon) {
  const got = await nearestOnPage(q);
  const want = byDist(lat, lon).slice(0, 10);
  check(got.length === 10, `${q}: 10 practices listed (got ${got.length})`);
  let inOrder = got.length === want.length;
  got.forEach((g, i) => {
    const id = g.href.split("/").filter(Boolean).pop();
    // Practices within a few metres of each other may swap: the index
    // rounds coordinates to 5 decimals.
    if (id !== want[i].id && Math.abs(want[i].d - (want.find((w) => w.id === id) || { d: -1 }).d) > 0.01) inOrder = false;
    const m = /: (under 0\.1|[\d.]+) miles away/.exec(g.text);
    if (!m || (m[1] !== "under 0.1" && Math.abs(Number(m[1]) - want[i].d) > 0.051)) inOrder = false;
    if (!/overall rating (Outstanding|Good|Requires improvement|Inadequate|Not|Inspected|Insufficient|No published|Regulations)/.test(g.text)) inOrder = false;
  });
  check(inOrder, `${q}: the nearest practices, their distances and ratings, in order of distance\n    got:  ${got.map((g) => g.href.split("/").filter(Boolean).pop()).join(" ")}\n    want: ${want.map((w) => w.id).join(" ")}`);
  check(bytesServed <= 150 * 1024, `${q}: downloaded ${bytesServed} bytes of index (uncompressed)`);
}
await checkNearest(`${out} ${inw}`, centroid[0], centroid[1]);
const district = readIndex(`p/${area}.json`)[out];
await checkNearest(out.toLowerCase(), district[0], district[1]);
await axe("on the results of a postcode search");
await nearestOnPage("ZZ9 9ZZ");
const msg = await page.locator(".search-status").textContent();
check(/could not find the postcode ZZ9 9ZZ/.test(msg) && /town/.test(msg), `an unknown postcode says so and suggests a town ("${msg}")`);

// 3. A filter on a region's table.
const regions = {};
for (const p of practices) (regions[p.region.slug] ||= []).push(p);
const [slug, inRegion] = Object.entries(regions).sort((a, b) => b[1].length - a[1].length)[0];
const wantSafe = inRegion.filter((p) => p.ratings.keyQuestions.safe && p.ratings.keyQuestions.safe.rating === "Requires improvement").map((p) => p.id).sort();
await page.goto(`${origin}${prefix}regions/${slug}/`, { waitUntil: "load" });
await page.selectOption("#filter-kq-1", "safe");
await page.selectOption("#filter-rating-1", "requires-improvement");
const visible = async () => (await page.$$eval("table.practices tbody tr:not([hidden]) a", (as) => as.map((a) => a.getAttribute("href").split("/").filter(Boolean).pop()))).sort();
check(JSON.stringify(await visible()) === JSON.stringify(wantSafe), `regions/${slug}: "Safe: Requires improvement" shows exactly the ${wantSafe.length} such practices`);
check(/kq=safe/.test(page.url()) && /rating=requires-improvement/.test(page.url()), `the filter is in the URL (${page.url().split("?")[1]})`);
const fstatus = await page.locator(".filter-status").textContent();
check(fstatus.includes(`Showing ${wantSafe.length} of ${inRegion.length}`), `the filter's status says how many are shown ("${fstatus}")`);
await page.locator("table.practices thead button.sort", { hasText: "Town" }).click();
await page.locator("table.practices thead button.sort", { hasText: "Town" }).click();
check(/sort=town/.test(page.url()) && /order=desc/.test(page.url()), "sorting is in the URL");
await page.reload({ waitUntil: "load" });
check(JSON.stringify(await visible()) === JSON.stringify(wantSafe), "after a reload the filter still applies");
const towns = await page.$$eval("table.practices tbody tr:not([hidden]) td:nth-child(2)", (tds) => tds.map((td) => td.textContent.trim().toLowerCase()));
check(towns.every((t, i) => i === 0 || towns[i - 1] >= t), "after a reload the rows are still sorted by town, descending");
await page.selectOption("#filter-kq-1", "overall");
await page.selectOption("#filter-rating-1", "");
check((await visible()).length === inRegion.length, "'Any rating' shows every practice again");
await axe("on a filtered table");

// 4. A national list: every practice in England with a key-question
// rating, linked from the national page, then narrowed by the filter.
const kqs = ["safe", "effective", "caring", "responsive", "well-led"];
const lists = {};
for (const p of practices) {
  for (const kq of kqs) {
    const v = p.ratings.keyQuestions[kq];
    const r = v && v.isRating ? v.rating.toLowerCase().replace(/ /g, "-") : "not-rated";
    (lists[`${kq}/${r}`] ||= []).push(p);
  }
}
const [listPath, listed] = Object.entries(lists).filter(([k]) => k.endsWith("/requires-improvement")).sort((a, b) => b[1].length - a[1].length)[0];
await page.goto(`${origin}${prefix}national/`, { waitUntil: "load" });
await Promise.all([page.waitForURL(`**/national/${listPath}/`), page.locator(`a[href="${prefix}national/${listPath}/"]`).click()]);
const onList = (await visible());
check(JSON.stringify(onList) === JSON.stringify(listed.map((p) => p.id).sort()), `the national page links to national/${listPath}/, which lists exactly its ${listed.length} practices`);
await page.selectOption("#filter-kq-1", "overall");
await page.selectOption("#filter-rating-1", "good");
const wantBoth = listed.filter((p) => p.ratings.overall && p.ratings.overall.rating === "Good").map((p) => p.id).sort();
check(JSON.stringify(await visible()) === JSON.stringify(wantBoth), `filtering it by "Overall: Good" leaves the ${wantBoth.length} practices with both`);
await axe("on a filtered national list");

for (const c of await page.evaluate(() => window.__csp)) check(false, `CSP violation: ${c}`);
await browser.close();
server.close();
console.log(`search-check: ${failures.length ? failures.length + " failed" : "all passed"}`);
process.exit(failures.length ? 1 : 0);
