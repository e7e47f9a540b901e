// Checks a built ratingsite in headless Chromium:
//   - axe-core finds no WCAG 2.2 A/AA violation on one page of every type;
//   - the page raises no Content-Security-Policy violation, console error
//     or script error;
//   - at 320 CSS pixels wide nothing but a scroll container overflows the
//     page (WCAG 1.4.10 Reflow);
//   - at 375 CSS pixels (a phone) every table cell that carries a rating,
//     a date or a change lies inside the viewport and inside any scroll
//     region around it, so no key fact needs sideways scrolling; a table
//     region that still scrolls is focusable, labelled and says that it
//     scrolls; chart text is at least 12 px tall;
//   - breadcrumb links are at least 24 px tall (WCAG 2.5.8 target size).
//
// Usage: node browser-check.mjs SITE_DIR [PATH_PREFIX [PAGE ...]]
// Serves SITE_DIR on 127.0.0.1 with the headers from its _headers file, as
// Netlify or Cloudflare Pages would. CHROMIUM overrides /usr/bin/chromium.
// Page types are found from the built tree: the home page, every top-level
// page (national, about, Markdown pages, …) and the first page inside every
// top-level folder that holds pages (regions, local authorities,
// practices, …), so a new page type is checked as soon as it is built.
// PAGE arguments, if any, are checked instead.
import { chromium } from "playwright-core";
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const siteDir = path.resolve(process.argv[2] || "public");
let prefix = process.argv[3] || "/";
const only = process.argv.slice(4);
if (!prefix.endsWith("/")) prefix += "/";

const types = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".json": "application/json", ".geojson": "application/geo+json", ".svg": "image/svg+xml",
  ".xml": "application/xml", ".png": "image/png", ".txt": "text/plain",
};

// Headers for every path from _headers ("/*" rules and exact paths).
function readHeaders() {
  const file = path.join(siteDir, "_headers");
  const rules = [];
  if (!fs.existsSync(file)) return rules;
  let cur = null;
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (!line.trim() || line.trim().startsWith("#")) continue;
    if (!/^\s/.test(line)) {
      cur = { pattern: line.trim(), headers: {} };
      rules.push(cur);
    } else if (cur) {
      const i = line.indexOf(":");
      cur.headers[line.slice(0, i).trim()] = line.slice(i + 1).trim();
    }
  }
  return rules;
}
const headerRules = readHeaders();
function headersFor(urlPath) {
  const out = {};
  for (const r of headerRules) {
    const re = new RegExp("^" + r.pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*") + "$");
    if (re.test(urlPath)) Object.assign(out, r.headers);
  }
  return out;
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, "http://localhost");
  let p = decodeURIComponent(url.pathname);
  if (!p.startsWith(prefix)) { res.writeHead(404); res.end("outside the site"); return; }
  let file = path.join(siteDir, p.slice(prefix.length));
  if (!file.startsWith(siteDir)) { res.writeHead(403); res.end(); return; }
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
  if (!fs.existsSync(file)) {
    const nf = path.join(siteDir, "404.html");
    res.writeHead(404, { "Content-Type": types[".html"], ...headersFor(p) });
    res.end(fs.existsSync(nf) ? fs.readFileSync(nf) : "not found");
    return;
  }
  res.writeHead(200, { "Content-Type": types[path.extname(file)] || "application/octet-stream", ...headersFor(p) });
  res.end(fs.readFileSync(file));
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const origin = `http://127.0.0.1:${server.address().port}`;

// One page of every type.
function pagesToCheck() {
  if (only.length) return only;
  const pages = [prefix];
  for (const e of fs.readdirSync(siteDir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!e.isDirectory() || e.name === "assets") continue;
    const dir = path.join(siteDir, e.name);
    if (fs.existsSync(path.join(dir, "index.html"))) pages.push(`${prefix}${e.name}/`);
    const sub = fs.readdirSync(dir, { withFileTypes: true }).filter((s) => s.isDirectory() && fs.existsSync(path.join(dir, s.name, "index.html"))).map((s) => s.name).sort();
    if (sub.length) pages.push(`${prefix}${e.name}/${sub[0]}/`);
  }
  if (fs.existsSync(path.join(siteDir, "404.html"))) pages.push(`${prefix}404.html`);
  return pages;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const context = await browser.newContext();
// Record CSP violations from inside the page; this runs before any page script.
await context.addInitScript(() => {
  window.__csp = [];
  document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`));
});

let passed = 0, failed = 0;
for (const p of pagesToCheck()) {
  const problems = [];
  const page = await context.newPage();
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`script error: ${e.message}`));
  page.on("request", (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith("data:")) problems.push(`third-party request: ${r.url()}`); });
  await page.setViewportSize({ width: 1280, height: 900 });
  const resp = await page.goto(origin + p, { waitUntil: "load" });
  const wantStatus = p.endsWith("404.html") ? 200 : 200;
  if (!resp || resp.status() !== wantStatus) problems.push(`HTTP ${resp && resp.status()}`);
  if (!resp.headers()["content-security-policy"] && headerRules.length) problems.push("no Content-Security-Policy header from _headers");
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    resultTypes: ["violations"],
  }));
  for (const v of result.violations) {
    problems.push(`axe ${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} node(s), e.g. ${v.nodes[0].target.join(" ")}`);
  }
  // Breadcrumb links are targets at least 24 px tall (WCAG 2.5.8).
  for (const c of await page.evaluate(() => [...document.querySelectorAll(".breadcrumbs a")].map((a) => ({ t: a.textContent, h: a.getBoundingClientRect().height })))) {
    if (c.h < 24) problems.push(`breadcrumb link "${c.t}" is ${c.h.toFixed(1)}px tall, under 24px`);
  }
  // A phone, 375 px wide: the key facts without sideways scrolling.
  await page.setViewportSize({ width: 375, height: 800 });
  await page.waitForTimeout(200); // site.js redraws its scroll hints on resize
  const phone = await page.evaluate(() => {
    const out = [];
    const vw = document.documentElement.clientWidth;
    const label = (el) => el.textContent.replace(/\s+/g, " ").trim().slice(0, 50);
    const cells = [...document.querySelectorAll("main td, main th")].filter((c) => c.querySelector(".rating, time, .change") || c.hasAttribute("data-label"));
    let outside = 0;
    for (const c of cells) {
      if (!c.getClientRects().length) continue; // not rendered
      const r = c.getBoundingClientRect();
      let right = vw, left = 0;
      for (let a = c.parentElement; a; a = a.parentElement) {
        const o = getComputedStyle(a).overflowX;
        if (o !== "visible" && o !== "clip") { const b = a.getBoundingClientRect(); right = Math.min(right, b.right); left = Math.max(left, b.left); }
      }
      if (r.right > right + 1 || r.left < left - 1) {
        if (outside++ < 3) out.push(`at 375px the cell "${label(c)}" (${c.closest("table")?.querySelector("caption")?.textContent.slice(0, 40) || "table"}) lies outside the view (${Math.round(r.left)}–${Math.round(r.right)} of ${Math.round(left)}–${Math.round(right)})`);
      }
    }
    if (outside > 3) out.push(`… ${outside} such cells in all`);
    for (const box of document.querySelectorAll(".table-scroll")) {
      if (box.scrollWidth <= box.clientWidth + 1) continue;
      const name = box.getAttribute("aria-label") || box.getAttribute("aria-labelledby");
      if (box.tabIndex !== 0 || !name) out.push(`a table region that scrolls is not focusable or has no label (${label(box)})`);
      const hint = box.previousElementSibling;
      if (!hint || !hint.classList.contains("scroll-hint") || !hint.getClientRects().length) out.push(`a table region that scrolls does not say so (${name})`);
    }
    for (const t of document.querySelectorAll(".chart text, .chart-label, .chart-value")) {
      const h = t.getBoundingClientRect().height;
      if (h && h < 12) { out.push(`at 375px chart text "${label(t)}" is ${h.toFixed(1)}px tall`); break; }
    }
    return out;
  });
  problems.push(...phone);
  // Reflow: at 320 px wide, only scroll containers may be wider than the page.
  await page.setViewportSize({ width: 320, height: 640 });
  const overflow = await page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    const bad = [];
    for (const el of document.body.querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      if (r.right > w + 1 && !el.closest(".table-scroll") && getComputedStyle(el).position !== "absolute") bad.push(el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ")[0] : ""));
    }
    return { scroll: document.documentElement.scrollWidth, width: w, bad: bad.slice(0, 5) };
  });
  if (overflow.scroll > overflow.width + 1) problems.push(`reflow: the page is ${overflow.scroll}px wide at ${overflow.width}px (${overflow.bad.join(", ")})`);
  for (const c of await page.evaluate(() => window.__csp)) problems.push(`CSP violation: ${c}`);
  await page.close();
  if (problems.length) {
    failed++;
    console.log(`FAIL ${p}`);
    for (const m of problems) console.log(`  ${m}`);
  } else {
    passed++;
    console.log(`ok   ${p}`);
  }
}
await browser.close();
server.close();
console.log(`browser-check: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
