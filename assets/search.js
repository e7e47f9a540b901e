// ratingsite search: progressive enhancement of the search forms. Without
// this script each form is a plain GET form to /search/, which lists
// practices A to Z and by area. With it, the box becomes an ARIA combobox
// that searches the static index in /search/index/ (written by
// internal/search, whose Go code this ports: keep the two in step), and
// /search/?q= lists the results. A postcode or outward code lists the 10
// nearest practices.
(function () {
  "use strict";
  var files = {};
  // MAX_KEY, as search.MaxKey: the longest text shard key.
  var MAX_KEY = 32;
  var meta = {};

  function get(base, path) {
    var url = base + path;
    if (!files[url]) {
      files[url] = fetch(url).then(function (r) {
        if (!r.ok) throw new Error(url + ": " + r.status);
        return r.json();
      });
    }
    return files[url];
  }

  // fold, as search.Fold: lower case, no diacritics, no apostrophes, every
  // other run of characters but a-z and 0-9 one space.
  function fold(s) {
    return s.toLowerCase().normalize("NFD").replace(/\p{Mn}/gu, "").replace(/['’‘`]/g, "")
      .replace(/[^a-z0-9]+/g, " ").trim();
  }
  function tokens(s) {
    s = fold(s || "");
    return s ? s.split(" ") : [];
  }

  // Documents: [id, name, town, postcode, ods, provider, rating] and,
  // when the address has one, [..., locality] (a village or second line).
  function words(d) {
    var w = [], pc = tokens(d[3]);
    [1, 2, 3, 4, 5, 7].forEach(function (i) { w = w.concat(tokens(d[i])); });
    if (pc.length > 1) w.push(pc.join(""));
    return w;
  }

  function within1(a, b) {
    if (a.length > b.length) { var t = a; a = b; b = t; }
    if (b.length - a.length > 1) return false;
    var i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    if (i === a.length) return true;
    if (a.length === b.length) {
      return a.slice(i + 1) === b.slice(i + 1) ||
        (i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return a.slice(i) === b.slice(i + 1);
  }

  // matchWord, as search.MatchWord: 3 exact, 2 prefix, 1 one typo, 0 none.
  function matchWord(w, t) {
    if (w === t) return 3;
    if (t.lastIndexOf(w, 0) === 0) return 2;
    if (w.length < 4) return 0;
    if (within1(w, t)) return 1;
    for (var n = w.length - 1; n <= w.length + 1; n++) {
      if (n < t.length && within1(w, t.slice(0, n))) return 1;
    }
    return 0;
  }

  function cmp(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  // rank, as search.Rank.
  function rank(q, docs) {
    var ws = tokens(q), qs = ws.join(" "), seen = {}, hits = [];
    if (!ws.length) return hits;
    docs.forEach(function (d) {
      if (seen[d[0]]) return;
      seen[d[0]] = true;
      var ts = words(d), score = 0;
      for (var i = 0; i < ws.length; i++) {
        var best = 0;
        for (var j = 0; j < ts.length; j++) best = Math.max(best, matchWord(ws[i], ts[j]));
        if (!best) return;
        score += best;
      }
      hits.push({ d: d, score: score, exact: fold(d[1]) === qs });
    });
    hits.sort(function (a, b) {
      return b.score - a.score || (b.exact - a.exact) ||
        cmp(a.d[1].toLowerCase(), b.d[1].toLowerCase()) || cmp(a.d[0], b.d[0]);
    });
    return hits;
  }

  // textSearch, as search.Search: the shards of the (up to 3) longest
  // words; if each is only a preview, up to 2 pair shards of two common
  // words, those whose other word is the rarer first.
  function textSearch(base, q) {
    var ws = tokens(q), long = [];
    ws.forEach(function (w) { if (w.length >= 2 && long.indexOf(w) < 0) long.push(w); });
    long = long.map(function (w, i) { return [w, i]; }).sort(function (a, b) {
      return b[0].length - a[0].length || a[1] - b[1];
    }).slice(0, 3).map(function (x) { return x[0]; });
    var docs = [], complete = false, none = false;
    return Promise.all(long.map(function (w) {
      if (meta.t.indexOf(w[0]) < 0) { none = true; return null; }
      return get(base, "t/_" + w[0] + ".json").then(function (keys) {
        var k = "", start = w.slice(0, MAX_KEY);
        keys.forEach(function (key) { if (key.length > k.length && start.lastIndexOf(key, 0) === 0) k = key; });
        if (!k) { none = true; return null; }
        return get(base, "t/" + k + ".json").then(function (sh) {
          docs = docs.concat(sh.d);
          if (!sh.more) complete = true;
          return { w: w, k: k, sh: sh };
        });
      });
    })).then(function (got) {
      if (none) return { hits: [], complete: true };
      var pairs = [];
      if (!complete) {
        got.forEach(function (f) {
          if (f.k !== f.w || !f.sh.pairs) return;
          ws.forEach(function (w2) {
            if (w2.length < 2 || w2.lastIndexOf(f.k, 0) === 0 || f.sh.pairs.indexOf(w2.slice(0, 2)) < 0) return;
            var key = f.k + "~" + w2.slice(0, 2);
            var rare = got.some(function (g) { return g.w === w2 && !g.sh.pairs; });
            if (!pairs.some(function (p) { return p.key === key; })) pairs.push({ key: key, rare: rare, i: pairs.length });
          });
        });
        pairs.sort(function (a, b) { return (b.rare - a.rare) || a.i - b.i; });
      }
      function next(i) {
        if (complete || i >= Math.min(pairs.length, 2)) return { hits: rank(q, docs), complete: complete };
        return get(base, "t/" + pairs[i].key + ".json").then(function (p) {
          docs = docs.concat(p.d);
          if (!p.more) complete = true;
          return next(i + 1);
        });
      }
      return next(0);
    });
  }

  // splitPostcode, as search.SplitPostcode.
  function splitPostcode(q) {
    var n = q.replace(/\s+/g, "").toUpperCase(), out = /^[A-Z]{1,2}[0-9][A-Z0-9]?$/;
    if (out.test(n)) return [n, ""];
    if (n.length >= 5 && /^[0-9][A-Z]{2}$/.test(n.slice(-3)) && out.test(n.slice(0, -3))) return [n.slice(0, -3), n.slice(-3)];
    return null;
  }

  // lookupPostcode, as search.LookupPostcode: a place, or null if unknown.
  function lookupPostcode(base, pc) {
    var out = pc[0], inw = pc[1], area = out.match(/^[A-Z]+/)[0];
    if (meta.p.indexOf(area) < 0) return Promise.resolve(null);
    return get(base, "p/" + area + ".json").then(function (ds) {
      var d = ds[out];
      if (!d) return null;
      var place = { lat: d[0], lon: d[1], label: out, approx: false };
      if (!inw) return place;
      place.approx = true;
      if (d[2].indexOf(inw[0]) < 0) return place;
      return get(base, "p/" + out + "-" + inw[0] + ".json").then(function (s) {
        var ll = s[inw];
        return ll ? { lat: ll[0], lon: ll[1], label: out + " " + inw, approx: false } : place;
      });
    });
  }

  var R = Math.PI / 180, EARTH_MILES = 6378137 / 1609.344;
  function miles(lat1, lon1, lat2, lon2) {
    var dLat = (lat2 - lat1) * R, dLon = (lon2 - lon1) * R;
    var h = Math.sin(dLat / 2) * Math.sin(dLat / 2) +
      Math.cos(lat1 * R) * Math.cos(lat2 * R) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 2 * EARTH_MILES * Math.asin(Math.sqrt(h));
  }

  function decodeTiles(tree) {
    var out = [], pos = 0;
    function walk(key, b) {
      if (pos >= tree.length) return;
      var mask = parseInt(tree[pos++], 16);
      if (!mask) { out.push({ key: key, b: b }); return; }
      for (var i = 0; i < 4; i++) {
        if (mask & (1 << i)) {
          var mlon = (b[0] + b[2]) / 2, mlat = (b[1] + b[3]) / 2;
          walk(key + i, [i & 1 ? mlon : b[0], i & 2 ? mlat : b[1], i & 1 ? b[2] : mlon, i & 2 ? b[3] : mlat]);
        }
      }
    }
    if (tree) walk("", [-180, -90, 180, 90]);
    return out;
  }

  function byDistance(a, b) {
    return a.miles - b.miles || cmp(a.d[1].toLowerCase(), b.d[1].toLowerCase()) || cmp(a.d[0], b.d[0]);
  }

  // nearest, as search.NearestTiles: tiles in order of their least
  // possible distance until the k-th practice is nearer than the next.
  // Tile records: [id, name, town, rating, lat, lon].
  function nearest(base, lat, lon, k) {
    return get(base, "g/tree.json").then(function (tree) {
      var tiles = decodeTiles(tree), found = [], i = 0;
      tiles.forEach(function (t) {
        var b = t.b;
        t.lb = miles(lat, lon, Math.min(Math.max(lat, b[1]), b[3]), Math.min(Math.max(lon, b[0]), b[2])) * 0.99;
      });
      tiles.sort(function (a, b) { return a.lb - b.lb || cmp(a.key, b.key); });
      function next() {
        if (i >= tiles.length || (found.length >= k && found[k - 1].miles <= tiles[i].lb)) return found.slice(0, k);
        return get(base, "g/q" + tiles[i++].key + ".json").then(function (recs) {
          recs.forEach(function (r) { found.push({ d: r, miles: miles(lat, lon, r[4], r[5]) }); });
          found.sort(byDistance);
          return next();
        });
      }
      return next();
    });
  }

  function milesLabel(m) {
    return m < 0.05 ? "under 0.1 miles" : m.toFixed(1) + " miles";
  }

  // query runs a search: {items, message}. Each item: {id, name, town,
  // rating, miles}.
  function query(base, q) {
    return get(base, "meta.json").then(function (m) {
      meta = m;
      var pc = splitPostcode(q);
      if (pc) {
        return lookupPostcode(base, pc).then(function (place) {
          var asTyped = pc[0] + (pc[1] ? " " + pc[1] : "");
          if (!place) {
            return { items: [], message: "We could not find the postcode " + asTyped + ". Check it, or search by town or practice name instead." };
          }
          return nearest(base, place.lat, place.lon, 10).then(function (ns) {
            return {
              items: ns.map(function (n) { return { id: n.d[0], name: n.d[1], town: n.d[2], rating: n.d[3], miles: n.miles }; }),
              message: (place.approx ? "We could not find " + asTyped + ", so these are the practices nearest the middle of " + place.label + ". " : "") +
                ns.length + " nearest practices to " + place.label + ", in a straight line."
            };
          });
        });
      }
      return textSearch(base, q).then(function (r) {
        var n = r.hits.length;
        return {
          items: r.hits.map(function (h) { return { id: h.d[0], name: h.d[1], town: h.d[2], rating: h.d[6] }; }),
          message: n ? (r.complete ? n + (n === 1 ? " practice matches." : " practices match.") :
            "Showing the first " + n + " matches; there are more. Add a word, such as the town, to narrow them.") :
            "No practices match " + q + ". Check the spelling, or try a town or a postcode."
        };
      });
    });
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function badge(code) {
    var r = meta.r[code] || meta.r[0];
    var rated = code >= 1 && code <= 4;
    return el("span", "rating rating--" + r[0] + (rated ? "" : " rating--nonrating" + (code ? "" : " rating--none")), r[1]);
  }

  // describe fills node with a result's text: name, town, distance, rating.
  function describe(node, it, link) {
    var name = el(link ? "a" : "span", "result-name", it.name);
    if (link) name.href = link;
    node.appendChild(name);
    node.appendChild(document.createTextNode((it.town ? ", " + it.town : "") +
      (it.miles !== undefined ? ": " + milesLabel(it.miles) + " away" : "") + "; overall rating "));
    node.appendChild(badge(it.rating));
  }

  function enhance(form) {
    var input = form.querySelector("input[name=q]");
    var base = form.getAttribute("data-index"), site = form.getAttribute("data-base");
    var id = input.id + "-list", active = -1, items = [], seq = 0, timer = 0;
    var list = el("ul", "search-list");
    list.id = id;
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Search suggestions");
    list.hidden = true;
    var status = el("p", "visually-hidden");
    status.setAttribute("role", "status");
    form.appendChild(list);
    form.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id);

    function href(it) { return site + "practices/" + encodeURIComponent(it.id) + "/"; }
    function open(on) {
      list.hidden = !on;
      input.setAttribute("aria-expanded", on ? "true" : "false");
      if (!on) setActive(-1);
    }
    function setActive(i) {
      var opts = list.children;
      if (active >= 0 && opts[active]) opts[active].setAttribute("aria-selected", "false");
      active = i;
      if (i >= 0 && opts[i]) {
        opts[i].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", opts[i].id);
        opts[i].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function go(i) {
      var it = items[i];
      if (it) location.href = it.all ? form.action + "?q=" + encodeURIComponent(input.value) : href(it);
    }
    function show(res, q) {
      items = res.items.slice(0, 8);
      if (res.items.length > items.length) items.push({ all: true });
      list.textContent = "";
      items.forEach(function (it, i) {
        var li = el("li", "search-option");
        li.id = id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        if (it.all) li.textContent = "See all " + res.items.length + " results for " + q;
        else describe(li, it);
        li.addEventListener("mousedown", function (e) { e.preventDefault(); });
        li.addEventListener("click", function () { go(i); });
        list.appendChild(li);
      });
      active = -1;
      open(items.length > 0);
      status.textContent = res.message;
    }
    function run() {
      var q = input.value.trim(), my = ++seq;
      if (fold(q).length < 2) { open(false); items = []; list.textContent = ""; status.textContent = ""; return; }
      query(base, q).then(function (res) { if (my === seq) show(res, q); }, function () {
        if (my === seq) status.textContent = "Search is not available just now. Use the A to Z list instead.";
      });
    }
    input.addEventListener("input", function () {
      setActive(-1); // the options are about to change
      clearTimeout(timer);
      timer = setTimeout(run, 120);
    });
    input.addEventListener("keydown", function (e) {
      var n = items.length;
      if (e.key === "ArrowDown" || e.key === "Down") {
        e.preventDefault();
        if (list.hidden) { if (n) open(true); if (!e.altKey && n) setActive(0); } else if (n) setActive((active + 1) % n);
      } else if (e.key === "ArrowUp" || e.key === "Up") {
        e.preventDefault();
        if (list.hidden && n) open(true);
        if (n) setActive(active <= 0 ? n - 1 : active - 1);
      } else if (e.key === "Enter" && !list.hidden && active >= 0) {
        e.preventDefault();
        go(active);
      } else if (e.key === "Escape" || e.key === "Esc") {
        if (!list.hidden) open(false); else input.value = "";
      }
    });
    input.addEventListener("blur", function () { open(false); });
    input.addEventListener("focus", function () { if (items.length && input.value.trim()) open(true); });
    return input;
  }

  // The /search/ page: ?q= fills the box and lists every result.
  function results(form, input) {
    var box = document.getElementById("search-results");
    var q = new URLSearchParams(location.search).get("q");
    if (!box || !q || !q.trim()) return;
    input.value = q;
    var base = form.getAttribute("data-index"), site = form.getAttribute("data-base");
    var status = el("p", "search-status");
    status.id = "search-status";
    status.setAttribute("role", "status");
    box.appendChild(status);
    status.textContent = "Searching…";
    query(base, q).then(function (res) {
      var h = el("h2", "", "Results for " + q.trim());
      h.id = "results-heading";
      h.tabIndex = -1;
      box.insertBefore(h, status);
      status.textContent = res.message + (res.items.length > 50 ? " The first 50 are listed; add a word, such as the town, to narrow them." : "");
      // After a search (Enter, or a link to ?q=), focus goes to the
      // results, whose heading is described by the count; the status
      // announces it too.
      h.setAttribute("aria-describedby", "search-status");
      h.focus();
      if (!res.items.length) return;
      var ol = el("ol", "search-results-list");
      ol.setAttribute("aria-labelledby", "results-heading");
      res.items.slice(0, 50).forEach(function (it) {
        var li = el("li");
        describe(li, it, site + "practices/" + encodeURIComponent(it.id) + "/");
        ol.appendChild(li);
      });
      box.appendChild(ol);
    }, function () {
      status.textContent = "Search is not available just now. Use the A to Z list below instead.";
    });
  }

  // The page's note that search needs JavaScript is not true here.
  document.querySelectorAll(".search-nojs").forEach(function (n) { n.hidden = true; });
  document.querySelectorAll("form.search-form").forEach(function (f) {
    var input = enhance(f);
    if (f.classList.contains("search-page")) results(f, input);
  });
})();
