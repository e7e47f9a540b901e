// Checks a built ratingsite's maps in headless Chromium.
//
// Place names: on each PAGE at 375 and 1280 CSS pixels wide, every map
// label is at least 12 CSS pixels high and no two overlap; the national
// map names every region in the site's region table.
//
// Embeds, as another site would show them: a host page with no script of its own puts the
// embed code that the map's page offers (its "Share or embed this map"
// textareas) in a column 680 CSS pixels wide, or 375 for a phone. For the
// fixed-height code at 680 px, and for the responsive code at 680 and
// 375 px, with the embed's script on and off, the map, its key and the
// credit's last link must lie fully inside the iframe's viewport, so
// nothing needs scrolling inside the frame.
//
// Usage: node map-check.mjs SITE_DIR [PAGE ...]
// PAGEs are site paths of pages with a map and embed code (default: the
// national page, the first region and the first local authority).
// EMBED_HEIGHT=N replaces the suggested height in the fixed code (to see
// the check fail at a lower height); EMBED_SHOTS=DIR saves a screenshot of
// each host page there. CHROMIUM overrides /usr/bin/chromium.
// Exits 1 on any failure.
import { chromium } from "playwright-core";
import http from "node:http";
import fs from "node:fs";
import path from "node:path";

const siteDir = path.resolve(process.argv[2] || "public");
const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml", ".png": "image/png" };
let hostHTML = "";
const server = http.createServer((req, res) => {
  const u = new URL(req.url, "http://x");
  if (u.pathname === "/__host/") {
    res.writeHead(200, { "Content-Type": types[".html"] });
    res.end(hostHTML);
    return;
  }
  let file = path.join(siteDir, decodeURIComponent(u.pathname));
  if (!file.startsWith(siteDir)) { res.writeHead(403); res.end(); return; }
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
  if (!fs.existsSync(file)) { res.writeHead(404); res.end("not found"); return; }
  res.writeHead(200, { "Content-Type": types[path.extname(file)] || "application/octet-stream" });
  res.end(fs.readFileSync(file));
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const origin = `http://127.0.0.1:${server.address().port}`;

function firstIn(dir) {
  const d = path.join(siteDir, dir);
  if (!fs.existsSync(d)) return null;
  const s = fs.readdirSync(d, { withFileTypes: true }).filter((e) => e.isDirectory() && fs.existsSync(path.join(d, e.name, "index.html"))).map((e) => e.name).sort();
  return s.length ? `/${dir}/${s[0]}/` : null;
}
let pages = process.argv.slice(3);
if (!pages.length) pages = ["/national/", firstIn("regions"), firstIn("local-authorities")].filter(Boolean);

const unescape = (s) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&#34;|&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
// The embed code a page offers, pointed at this server (the site was
// built for another base URL).
function codes(p) {
  const html = fs.readFileSync(path.join(siteDir, p, "index.html"), "utf8");
  const get = (id) => {
    const m = html.match(new RegExp(`<textarea[^>]*id="?${id}"?[^>]*>([^<]*)</textarea>`));
    return m ? unescape(m[1]) : null;
  };
  const local = (code) => code && code.replace(/src="https?:\/\/[^/"]+(\/[^"]*)?\/embed\//, `src="${origin}/embed/`);
  return { fixed: local(get("embed-code")), responsive: local(get("embed-code-responsive")) };
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let failed = 0, passed = 0;
// Place names.
for (const p of pages) {
  for (const width of [375, 1280]) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${origin}${p}`, { waitUntil: "load" });
    const r = await page.evaluate(() => {
      const svg = document.querySelector("#map svg.map-svg");
      if (!svg) return null;
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      const g = svg.querySelector(".map-labels");
      const size = g ? Number(g.getAttribute("font-size")) * scale : 0;
      const boxes = [...svg.querySelectorAll(".map-labels text")].map((t) => { const b = t.getBoundingClientRect(); return { name: t.textContent, x0: b.left, y0: b.top, x1: b.right, y1: b.bottom }; });
      const regions = [...document.querySelectorAll("#regions ~ * th[scope=row] a, table th[scope=row] a")].map((a) => a.textContent.trim());
      return { size, boxes, regions, national: svg.classList.contains("map-national") };
    });
    const problems = [];
    if (!r) problems.push("no map");
    else {
      if (!r.boxes.length) problems.push("no place names on the map");
      if (r.boxes.length && r.size < 12) problems.push(`labels are ${r.size.toFixed(1)} px, under 12`);
      for (let i = 0; i < r.boxes.length; i++) for (let j = 0; j < i; j++) {
        const a = r.boxes[i], b = r.boxes[j];
        if (a.x0 < b.x1 - 1 && b.x0 < a.x1 - 1 && a.y0 < b.y1 - 1 && b.y0 < a.y1 - 1) problems.push(`"${a.name}" overlaps "${b.name}"`);
      }
      if (r.national) for (const name of r.regions) if (!r.boxes.some((b) => b.name.replace(/\s+/g, " ").includes(name.split(" ")[0]))) problems.push(`the national map does not name ${name}`);
    }
    const label = `${p} place names at ${width} px`;
    if (problems.length) { failed++; console.log(`FAIL ${label}:\n  ${problems.join("\n  ")}`); } else { passed++; console.log(`ok   ${label} (${r.boxes.length} labels, ${r.size.toFixed(1)} px)`); }
    await context.close();
  }
}
// Embeds.
for (const p of pages) {
  const c = codes(p);
  if (!c.fixed) { console.log(`FAIL ${p}: no embed code (textarea#embed-code)`); failed++; continue; }
  if (process.env.EMBED_HEIGHT) c.fixed = c.fixed.replace(/height="\d+"/, `height="${process.env.EMBED_HEIGHT}"`);
  const cases = [{ kind: "fixed", code: c.fixed, width: 680 }];
  if (c.responsive) cases.push({ kind: "responsive", code: c.responsive, width: 680 }, { kind: "responsive", code: c.responsive, width: 375 });
  else { console.log(`FAIL ${p}: no responsive embed code (textarea#embed-code-responsive)`); failed++; }
  for (const js of [true, false]) {
    for (const k of cases) {
      const problems = [];
      hostHTML = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Host</title></head>` +
        `<body style="margin:0"><article style="width:${k.width}px"><p>An article about GP practices.</p>${k.code}<p>More text.</p></article></body></html>`;
      const context = await browser.newContext({ javaScriptEnabled: js, viewport: { width: k.width + 40, height: 1400 } });
      const page = await context.newPage();
      await page.goto(`${origin}/__host/`, { waitUntil: "load" });
      const iframe = page.locator("iframe");
      const box = await iframe.boundingBox();
      const frame = await (await iframe.elementHandle()).contentFrame();
      await frame.waitForLoadState("load");
      await page.waitForTimeout(200);
      const r = await frame.evaluate(() => {
        const rect = (el) => { if (!el) return null; const b = el.getBoundingClientRect(); return { top: b.top, bottom: b.bottom, left: b.left, right: b.right, h: b.height }; };
        const links = document.querySelectorAll(".embed-credit a");
        return {
          vw: window.innerWidth, vh: window.innerHeight,
          scroll: document.documentElement.scrollHeight,
          credit: rect(links[links.length - 1]),
          key: rect(document.querySelector(".map-legend")),
          map: rect(document.querySelector(".map-svg")),
          title: rect(document.querySelector(".embed-title")),
        };
      });
      const inside = (name, b) => {
        if (!b) { problems.push(`no ${name}`); return; }
        if (b.top < 0 || b.bottom > r.vh + 0.5 || b.left < 0 || b.right > r.vw + 0.5) problems.push(`${name} at ${b.top.toFixed(0)}–${b.bottom.toFixed(0)} px lies outside the frame's ${r.vw}×${r.vh} viewport`);
      };
      inside("credit link", r.credit);
      inside("key", r.key);
      inside("title", r.title);
      inside("map", r.map);
      if (r.map && r.map.h < 180) problems.push(`the map is only ${r.map.h.toFixed(0)} px high`);
      if (process.env.EMBED_SHOTS) {
        fs.mkdirSync(process.env.EMBED_SHOTS, { recursive: true });
        await page.screenshot({ path: path.join(process.env.EMBED_SHOTS, `${p.replace(/[^a-z0-9]+/gi, "_")}${k.kind}-${k.width}${js ? "" : "-nojs"}.png`), fullPage: true });
      }
      const label = `${p} ${k.kind} code, ${k.width} px column, frame ${box.width.toFixed(0)}×${box.height.toFixed(0)}, script ${js ? "on" : "off"}`;
      if (problems.length) { failed++; console.log(`FAIL ${label}:\n  ${problems.join("\n  ")}`); } else { passed++; console.log(`ok   ${label} (map ${r.map.h.toFixed(0)} px high)`); }
      await context.close();
    }
  }
}
await browser.close();
server.close();
console.log(`maps: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
