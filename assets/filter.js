// ratingsite filters: progressive enhancement of practice tables. Every
// table works without this script. With it, a table of practices (rows
// carry data-ratings: the overall and key-question values as slugs) can be
// filtered by the rating for any question ("Safe: Inadequate"), and the
// filter and the sort order (site.js's sort buttons) are kept in the URL:
// ?kq=safe&rating=inadequate&sort=town&order=desc.
(function () {
  "use strict";
  var QS = [["overall", "Overall"], ["safe", "Safe"], ["effective", "Effective"], ["caring", "Caring"],
    ["responsive", "Responsive"], ["well-led", "Well-led"]];
  var RS = [["", "Any rating"], ["outstanding", "Outstanding"], ["good", "Good"],
    ["requires-improvement", "Requires improvement"], ["inadequate", "Inadequate"], ["not-rated", "Not rated yet, or no rating"]];
  var RATED = ["outstanding", "good", "requires-improvement", "inadequate"];
  var params = new URLSearchParams(location.search);
  var n = 0;

  function slug(s) { return s.trim().toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, ""); }

  function select(id, label, options, value) {
    var wrap = document.createElement("span");
    var l = document.createElement("label");
    l.htmlFor = id;
    l.textContent = label;
    var s = document.createElement("select");
    s.id = id;
    options.forEach(function (o) {
      var opt = document.createElement("option");
      opt.value = o[0];
      opt.textContent = o[1];
      s.appendChild(opt);
    });
    s.value = value;
    if (s.selectedIndex < 0) s.selectedIndex = 0;
    wrap.appendChild(l);
    wrap.appendChild(s);
    return [wrap, s];
  }

  function save() {
    var q = params.toString();
    history.replaceState(null, "", location.pathname + (q ? "?" + q : "") + location.hash);
  }

  function enhance(table) {
    var body = table.tBodies[0];
    if (!body || !body.rows.length || !body.rows[0].hasAttribute("data-ratings")) return;
    n++;
    var box = document.createElement("div");
    box.className = "table-filter";
    var q = select("filter-kq-" + n, "Rating for", QS, params.get("kq") || "overall");
    var r = select("filter-rating-" + n, "is", RS, params.get("rating") || "");
    var status = document.createElement("p");
    status.setAttribute("role", "status");
    status.className = "filter-status";
    box.appendChild(q[0]);
    box.appendChild(r[0]);
    box.appendChild(status);
    var holder = table.closest(".table-scroll") || table;
    holder.parentNode.insertBefore(box, holder);

    function apply(record) {
      var col = q[1].selectedIndex, want = r[1].value, shown = 0, rows = body.rows;
      for (var i = 0; i < rows.length; i++) {
        var v = (rows[i].getAttribute("data-ratings") || "").split(" ")[col] || "none";
        var ok = !want || (want === "not-rated" ? RATED.indexOf(v) < 0 : v === want);
        rows[i].hidden = !ok;
        if (ok) shown++;
      }
      status.textContent = want ?
        "Showing " + shown + " of " + rows.length + " practices: " + QS[col][1] + " rated " + r[1].options[r[1].selectedIndex].text + "." :
        "Showing all " + rows.length + " practices.";
      if (record) {
        if (col) params.set("kq", QS[col][0]); else params.delete("kq");
        if (want) params.set("rating", want); else params.delete("rating");
        save();
      }
    }
    q[1].addEventListener("change", function () { apply(true); });
    r[1].addEventListener("change", function () { apply(true); });
    apply(false);

    // Sorting: site.js sorts; keep its state in the URL, and restore it.
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    table.tHead && table.tHead.addEventListener("click", function (e) {
      if (!e.isTrusted || !e.target.closest("button.sort")) return;
      for (var i = 0; i < heads.length; i++) {
        var dir = heads[i].getAttribute("aria-sort");
        if (dir) {
          params.set("sort", slug(heads[i].textContent));
          params.set("order", dir === "ascending" ? "asc" : "desc");
          save();
        }
      }
    });
    var want = params.get("sort");
    for (var i = 0; want && i < heads.length; i++) {
      var b = heads[i].querySelector("button.sort");
      if (b && slug(heads[i].textContent) === want) {
        b.click();
        if (params.get("order") === "desc") b.click();
      }
    }
  }

  document.querySelectorAll("table.practices").forEach(enhance);
})();
