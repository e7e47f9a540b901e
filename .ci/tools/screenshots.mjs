// Takes full-page screenshots of one page of every type of a built
// ratingsite at 375 and 1280 CSS pixels wide, for a person to look at
// before a release (issue 17). Also prints, per page and width, how wide
// the page is and which tables are wider than their column.
//
// Usage: node screenshots.mjs SITE_DIR OUT_DIR [PAGE ...]
// Serves SITE_DIR on 127.0.0.1 (site at "/"). CHROMIUM overrides
// /usr/bin/chromium.
import { chromium } from "playwright-core";
import http from "node:http";
import fs from "node:fs";
import path from "node:path";

const siteDir = path.resolve(process.argv[2] || "public");
const outDir = path.resolve(process.argv[3] || "screenshots");
fs.mkdirSync(path.join(outDir, "parts"), { recursive: true });
const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json", ".svg": "image/svg+xml", ".png": "image/png" };
const server = http.createServer((req, res) => {
  let file = path.join(siteDir, decodeURIComponent(new URL(req.url, "http://x").pathname));
  if (!file.startsWith(siteDir)) { res.writeHead(403); res.end(); return; }
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
  if (!fs.existsSync(file)) { res.writeHead(404); res.end("not found"); return; }
  res.writeHead(200, { "Content-Type": types[path.extname(file)] || "application/octet-stream" });
  res.end(fs.readFileSync(file));
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const origin = `http://127.0.0.1:${server.address().port}`;

function first(dir) {
  const d = path.join(siteDir, dir);
  if (!fs.existsSync(d)) return null;
  const s = fs.readdirSync(d, { withFileTypes: true }).filter((e) => e.isDirectory() && fs.existsSync(path.join(d, e.name, "index.html"))).map((e) => e.name).sort();
  return s.length ? `/${dir}/${s[0]}/` : null;
}
let pages = process.argv.slice(4);
if (!pages.length) {
  pages = ["/"];
  for (const e of fs.readdirSync(siteDir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!e.isDirectory() || e.name === "assets") continue;
    if (fs.existsSync(path.join(siteDir, e.name, "index.html"))) pages.push(`/${e.name}/`);
    const f = first(e.name);
    if (f) pages.push(f);
  }
  pages.push("/search/?q=", "/404.html");
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
for (const js of [true, false]) {
  if (!js && !pages.some((p) => p.startsWith("/search/"))) continue;
  const context = await browser.newContext({ javaScriptEnabled: js });
  for (const p of js ? pages : pages.filter((p) => p.startsWith("/search/"))) {
    for (const width of [375, 1280]) {
      const page = await context.newPage();
      await page.setViewportSize({ width, height: 2000 });
      await page.goto(origin + p, { waitUntil: "load" });
      await page.waitForTimeout(300);
      const name = (p.replace(/[^a-z0-9]+/gi, "_").replace(/^_|_$/g, "") || "home") + (js ? "" : "-nojs") + `-${width}.png`;
      await page.screenshot({ path: path.join(outDir, name), fullPage: true });
      // Slices a viewer can show at full size.
      const h = await page.evaluate(() => document.documentElement.scrollHeight);
      const step = width < 800 ? 1400 : 1000;
      for (let y = 0, i = 1; y < h; y += step, i++) {
        await page.screenshot({ path: path.join(outDir, "parts", name.replace(/\.png$/, `-${i}.png`)), fullPage: true, clip: { x: 0, y, width, height: Math.min(step, h - y) } });
      }
      const info = await page.evaluate(() => {
        const wide = [];
        for (const t of document.querySelectorAll("table")) {
          const box = t.parentElement.getBoundingClientRect();
          if (t.scrollWidth > t.parentElement.clientWidth + 1) wide.push(`${(t.querySelector("caption")?.textContent || t.className || "table").trim().slice(0, 40)} ${t.scrollWidth}>${t.parentElement.clientWidth}`);
        }
        return { scroll: document.documentElement.scrollWidth, wide };
      });
      console.log(`${name}: page ${info.scroll}px wide${info.wide.length ? "; wide tables: " + info.wide.join("; ") : ""}`);
      await page.close();
    }
  }
  await context.close();
}
await browser.close();
server.close();
