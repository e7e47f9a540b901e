// Maps: zoom and pan by buttons as well as by wheel, drag and pinch
// (WCAG 2.5.7); details on hover and on keyboard focus; filters by
// rating; the view and filters kept in the URL, so that a shared link
// opens the same view; an optional tile base map; and, in an embed, the
// page's height told to the page around it. Every map reads in full
// without this script.
(function () {
  "use strict";
  var SLUGS = ["outstanding", "good", "requires-improvement", "inadequate", "not-rated"];
  var fig = document.getElementById("map");
  if (fig && fig.hasAttribute("data-map")) setup(fig);
  setupCopy();
  if (document.body.classList.contains("embed") && window.parent !== window) tellHeight();

  function setup(fig) {
    var svg = fig.querySelector("svg.map-svg");
    if (!svg) return;
    var vb = svg.viewBox.baseVal, W = vb.width, H = vb.height;
    var st = { z: 1, x: W / 2, y: H / 2, hide: [] };
    var q = new URLSearchParams(location.search);
    var v = (q.get("view") || "").split(",").map(Number);
    if (v.length === 3 && v.every(isFinite) && v[0] >= 1 && v[0] <= 32) { st.z = v[0]; st.x = v[1]; st.y = v[2]; }
    st.hide = (q.get("hide") || "").split(",").filter(function (s) { return SLUGS.indexOf(s) >= 0; });
    var details = fig.querySelector(".map-details");
    var tiles = fig.getAttribute("data-tiles");
    var merc = (svg.getAttribute("data-merc") || "").split(" ").map(Number);
    var tileLayer = null;
    if (tiles && merc.length === 3) {
      tileLayer = document.createElementNS("http://www.w3.org/2000/svg", "g");
      tileLayer.setAttribute("class", "map-tiles");
      svg.insertBefore(tileLayer, svg.querySelector("g"));
      var credit = fig.querySelector(".map-tiles-credit");
      if (credit) credit.hidden = false;
    }

    fig.querySelectorAll(".map-controls, .map-filters").forEach(function (el) { el.hidden = false; });
    fig.querySelectorAll("[data-map-zoom]").forEach(function (b) {
      b.addEventListener("click", function () {
        var k = b.getAttribute("data-map-zoom");
        if (k === "reset") { st.z = 1; st.x = W / 2; st.y = H / 2; } else zoom(k === "in" ? 2 : 0.5);
        apply(true);
      });
    });
    fig.querySelectorAll("[data-map-pan]").forEach(function (b) {
      b.addEventListener("click", function () {
        var d = { left: [-1, 0], right: [1, 0], up: [0, -1], down: [0, 1] }[b.getAttribute("data-map-pan")];
        st.x += d[0] * W / st.z / 4; st.y += d[1] * H / st.z / 4;
        apply(true);
      });
    });
    fig.querySelectorAll(".map-filters input").forEach(function (c) {
      c.checked = st.hide.indexOf(c.value) < 0;
      c.addEventListener("change", function () {
        st.hide = [];
        fig.querySelectorAll(".map-filters input").forEach(function (i) { if (!i.checked) st.hide.push(i.value); });
        apply(true);
      });
    });

    // Details on hover and on focus.
    function show(e) {
      var m = e.target.closest && e.target.closest("a, .m-here");
      var t = m && m.querySelector("title");
      if (!t || !details) return;
      details.textContent = t.textContent;
      details.hidden = false;
    }
    svg.addEventListener("pointerover", show);
    svg.addEventListener("focusin", show);

    // Gestures: ctrl + wheel (and trackpad pinch), drag, two-finger pinch,
    // on maps that also have the buttons (a practice's small map has neither).
    var ptrs = {}, moved = false, pinch = 0;
    if (fig.querySelector(".map-controls")) gestures();
    function gestures() {
    svg.addEventListener("wheel", function (e) {
      if (!e.ctrlKey && !e.metaKey) return;
      e.preventDefault();
      var p = point(e);
      zoom(e.deltaY < 0 ? 1.25 : 0.8, p);
      apply(true);
    }, { passive: false });
    svg.addEventListener("pointerdown", function (e) {
      ptrs[e.pointerId] = point(e);
      moved = false;
      pinch = 0;
    });
    svg.addEventListener("pointermove", function (e) {
      var prev = ptrs[e.pointerId];
      if (!prev) return;
      var p = point(e), ids = Object.keys(ptrs);
      if (ids.length === 2) {
        ptrs[e.pointerId] = p;
        var a = ptrs[ids[0]], b = ptrs[ids[1]];
        var d = Math.hypot(a[0] - b[0], a[1] - b[1]);
        if (pinch) zoom(d / pinch, [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2]);
        pinch = d;
        moved = true;
        apply(false);
        return;
      }
      var dx = p[0] - prev[0], dy = p[1] - prev[1];
      if (!moved && Math.abs(dx) + Math.abs(dy) < 3 / st.z) return;
      if (!moved) svg.setPointerCapture(e.pointerId);
      moved = true;
      st.x -= dx; st.y -= dy;
      apply(false);
    });
    function up(e) {
      if (!ptrs[e.pointerId]) return;
      delete ptrs[e.pointerId];
      pinch = 0;
      if (moved) apply(true);
    }
    svg.addEventListener("pointerup", up);
    svg.addEventListener("pointercancel", up);
    svg.addEventListener("click", function (e) { if (moved) { e.preventDefault(); moved = false; } }, true);
    }

    // The pointer's position in the map's original coordinates.
    function point(e) {
      var r = svg.getBoundingClientRect(), w = W / st.z, h = H / st.z;
      return [st.x - w / 2 + (e.clientX - r.left) / r.width * w, st.y - h / 2 + (e.clientY - r.top) / r.height * h];
    }
    function zoom(k, at) {
      var z = Math.min(32, Math.max(1, st.z * k));
      k = z / st.z;
      if (at) { st.x = at[0] + (st.x - at[0]) / k; st.y = at[1] + (st.y - at[1]) / k; }
      st.z = z;
    }
    function apply(save) {
      var w = W / st.z, h = H / st.z;
      st.x = Math.min(W - w / 2, Math.max(w / 2, st.x));
      st.y = Math.min(H - h / 2, Math.max(h / 2, st.y));
      svg.setAttribute("viewBox", [st.x - w / 2, st.y - h / 2, w, h].map(round).join(" "));
      svg.style.setProperty("--map-scale", String(1 / st.z));
      SLUGS.forEach(function (s) { svg.classList.toggle("hide-" + s, st.hide.indexOf(s) >= 0); });
      if (tileLayer) drawTiles(st.x - w / 2, st.y - h / 2, w, h);
      if (save) saveURL();
    }
    function round(n) { return Math.round(n * 10) / 10; }
    function saveURL() {
      var p = new URLSearchParams(location.search);
      if (st.z > 1) p.set("view", [round(st.z), round(st.x), round(st.y)].join(",")); else p.delete("view");
      if (st.hide.length) p.set("hide", st.hide.join(",")); else p.delete("hide");
      var s = p.toString();
      history.replaceState(null, "", location.pathname + (s ? "?" + s : "") + location.hash);
    }
    // Web Mercator tiles under the map: the map's own projection.
    function drawTiles(x0, y0, w, h) {
      var R = 20037508.342789244, minX = merc[0], maxY = merc[1], s = merc[2];
      var px = svg.getBoundingClientRect().width || W;
      var mPerPx = w / s / px;
      var tz = Math.max(0, Math.min(19, Math.round(Math.log2(2 * R / 256 / mPerPx))));
      var tm = 2 * R / Math.pow(2, tz);
      var mx0 = minX + x0 / s, mx1 = minX + (x0 + w) / s, my1 = maxY - y0 / s, my0 = maxY - (y0 + h) / s;
      while (tileLayer.firstChild) tileLayer.removeChild(tileLayer.firstChild);
      var n = 0;
      for (var tx = Math.floor((mx0 + R) / tm); tx <= Math.floor((mx1 + R) / tm) && n < 64; tx++) {
        for (var ty = Math.floor((R - my1) / tm); ty <= Math.floor((R - my0) / tm) && n < 64; ty++, n++) {
          var img = document.createElementNS("http://www.w3.org/2000/svg", "image");
          img.setAttribute("href", tiles.replace("{z}", tz).replace("{x}", tx).replace("{y}", ty).replace("{s}", "abc"[(tx + ty) % 3]));
          img.setAttribute("x", (tx * tm - R - minX) * s);
          img.setAttribute("y", (maxY - (R - ty * tm)) * s);
          img.setAttribute("width", tm * s);
          img.setAttribute("height", tm * s);
          img.setAttribute("aria-hidden", "true");
          tileLayer.appendChild(img);
        }
      }
    }
    apply(false);
  }

  function setupCopy() {
    document.querySelectorAll("button[data-copy]").forEach(function (b) {
      var src = document.getElementById(b.getAttribute("data-copy"));
      var status = b.parentNode.querySelector(".map-copied");
      if (!src) return;
      b.hidden = false;
      b.addEventListener("click", function () {
        var done = function () { if (status) status.textContent = "Copied."; };
        if (navigator.clipboard) navigator.clipboard.writeText(src.value).then(done, function () { src.select(); });
        else { src.select(); if (document.execCommand("copy")) done(); }
      });
    });
  }

  // Tell the page around an embed how tall it is, as responsive iframe
  // scripts (pym.js, Datawrapper) expect.
  function tellHeight() {
    var last = 0;
    function send() {
      var h = Math.ceil(document.documentElement.getBoundingClientRect().height);
      if (h === last) return;
      last = h;
      window.parent.postMessage({ type: "ratingsite:height", height: h, href: location.href }, "*");
    }
    send();
    window.addEventListener("load", send);
    if (window.ResizeObserver) new ResizeObserver(send).observe(document.body);
    else window.addEventListener("resize", send);
  }
})();
