// The challenge page's behaviour, on top of a page that works without it: times in the reader's
// own time zone (exact time on hover), the countdown to the next close, sortable leaderboard
// columns, and live updates that replace the leaderboard in place (no reload, nothing typed lost).
(function () {
  "use strict";
  var script = document.currentScript;
  var slug = script && script.getAttribute("data-page");
  var lang = document.documentElement.lang || "en";

  function localTimes(root) {
    var exact = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" });
    var relative = window.Intl && Intl.RelativeTimeFormat ? new Intl.RelativeTimeFormat(lang, { numeric: "auto" }) : null;
    root.querySelectorAll("time[datetime]").forEach(function (t) {
      var when = new Date(t.getAttribute("datetime"));
      if (isNaN(when)) { return; }
      t.title = exact.format(when) + " (" + t.getAttribute("datetime") + ")";
      if (t.classList.contains("countdown")) { return; }
      if (relative && !t.classList.contains("local")) {
        t.textContent = ago(relative, when);
      } else {
        t.textContent = exact.format(when);
      }
    });
  }

  function ago(relative, when) {
    var seconds = Math.round((when.getTime() - Date.now()) / 1000);
    var units = [["year", 31536000], ["month", 2592000], ["day", 86400], ["hour", 3600], ["minute", 60]];
    for (var i = 0; i < units.length; i++) {
      if (Math.abs(seconds) >= units[i][1]) { return relative.format(Math.round(seconds / units[i][1]), units[i][0]); }
    }
    return relative.format(seconds, "second");
  }

  function countdown() {
    document.querySelectorAll("time.countdown").forEach(function (t) {
      var left = Math.max(0, new Date(t.getAttribute("datetime")).getTime() - Date.now());
      var d = Math.floor(left / 86400000), h = Math.floor(left / 3600000) % 24, m = Math.floor(left / 60000) % 60;
      var s = Math.floor(left / 1000) % 60;
      t.textContent = (d > 0 ? d + (lang === "fr" ? " j " : " d ") : "") + pad(h) + ":" + pad(m) + ":" + pad(s);
    });
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function sortable(root) {
    root.querySelectorAll("table.leaderboard").forEach(function (table) {
      table.querySelectorAll("th[data-sort]").forEach(function (th, index) {
        var column = Array.prototype.indexOf.call(th.parentNode.children, th);
        th.tabIndex = 0;
        th.setAttribute("role", "columnheader button");
        var sort = function () {
          var ascending = th.getAttribute("aria-sort") !== "ascending";
          table.querySelectorAll("th[aria-sort]").forEach(function (o) { o.removeAttribute("aria-sort"); });
          th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
          var body = table.tBodies[0];
          var rows = Array.prototype.slice.call(body.rows);
          rows.sort(function (a, b) {
            var x = key(a.cells[column], th.getAttribute("data-sort")), y = key(b.cells[column], th.getAttribute("data-sort"));
            return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
          });
          rows.forEach(function (r) { body.appendChild(r); });
        };
        th.addEventListener("click", sort);
        th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
      });
    });
  }

  function key(cell, kind) {
    if (!cell) { return ""; }
    if (kind === "number") {
      var v = parseFloat(cell.getAttribute("data-value") || cell.textContent.replace(",", "."));
      return isNaN(v) ? Infinity : v;
    }
    if (kind === "time") {
      var t = cell.querySelector("time");
      return t ? t.getAttribute("datetime") : "";
    }
    return cell.textContent.trim().toLowerCase();
  }

  var etag = null;

  /** Fetches the board's JSON (If-None-Match: nothing when it did not change) and rewrites the table's rows in place. */
  function refreshBoard() {
    var section = document.getElementById("leaderboard");
    var phase = section && section.getAttribute("data-phase");
    if (!phase) { return; }
    // a multi-site challenge's page shows one of its boards: a site's, or the pooled one
    var site = section.getAttribute("data-site");
    var headers = { "Accept": "application/json" };
    if (etag) { headers["If-None-Match"] = etag; }
    fetch("/api/challenges/" + encodeURIComponent(slug) + "/leaderboard?phase=" + encodeURIComponent(phase)
        + (site ? "&site=" + encodeURIComponent(site) : ""), { headers: headers })
      .then(function (r) {
        if (r.status !== 200) { return null; }
        etag = r.headers.get("ETag");
        return r.json();
      })
      .then(function (board) { if (board) { applyBoard(board); } });
  }

  function applyBoard(board) {
    var table = document.querySelector("#public-board table.leaderboard");
    if (!table) { // the first score of the phase: the server renders the table once
      if (board.entries.length > 0) { window.location.reload(); }
      return;
    }
    var own = table.getAttribute("data-own-team");
    var metrics = Array.prototype.map.call(table.querySelectorAll("th[data-metric]"), function (th) {
      return { name: th.getAttribute("data-metric"), primary: th.classList.contains("primary") };
    });
    var number = new Intl.NumberFormat(lang, { minimumFractionDigits: board.precision, maximumFractionDigits: board.precision, useGrouping: false });
    var baselineLabel = (table.querySelector("tr.baseline .badge") || {}).textContent || "baseline";
    var youLabel = (table.querySelector("tr.own .badge") || {}).textContent || "";
    var body = document.createElement("tbody");
    board.entries.forEach(function (e) {
      var tr = document.createElement("tr");
      if (e.baseline) { tr.className = "baseline"; } else if (e.team === own) { tr.className = "own"; }
      tr.setAttribute("data-score", e.score);
      if (e.ci95) { tr.setAttribute("data-ci-low", e.ci95[0]); tr.setAttribute("data-ci-high", e.ci95[1]); }
      var rank = cell(tr, "num", e.baseline ? "" : String(e.rank), e.baseline ? 1e9 : e.rank);
      if (e.baseline) { badge(rank, baselineLabel); }
      var team = cell(tr, "team", e.team);
      if (e.team === own && !e.baseline && youLabel) { team.appendChild(document.createTextNode(" ")); badge(team, youLabel); }
      if (e.tiedForFirst === true) {
        team.appendChild(document.createTextNode(" "));
        var tied = badge(team, table.getAttribute("data-tied-label"));
        tied.classList.add("tied");
        tied.title = table.getAttribute("data-tied-help") || "";
      }
      if (e.pooled && e.pooled.provisional) {
        team.appendChild(document.createTextNode(" "));
        badge(team, table.getAttribute("data-provisional-label") || "provisional").classList.add("provisional");
      }
      metrics.forEach(function (m) {
        var v = e.metrics && e.metrics[m.name];
        var td = cell(tr, "num " + (m.primary ? "primary" : "optional"), v && v.value != null ? number.format(v.value) : "–",
          v && v.value != null ? v.value : null);
        if (v && v.ci95) { td.title = number.format(v.ci95[0]) + " – " + number.format(v.ci95[1]); }
      });
      cell(tr, "num", e.ci95 ? number.format(e.ci95[0]) + " – " + number.format(e.ci95[1]) : "–");
      if (table.hasAttribute("data-pooled")) {
        // a pooled board: the line's heterogeneity between sites instead of a rank interval
        var p = e.pooled;
        cell(tr, "num heterogeneity", !p ? "" : p.i2 != null ? "I² " + new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(p.i2)
          + " %, τ² " + new Intl.NumberFormat(lang, { minimumFractionDigits: 4, maximumFractionDigits: 4 }).format(p.tau2) : p.method);
      } else {
        // the rank interval: empty when the team has no resample vectors (a scoring image, an older evaluator)
        cell(tr, "num rank-interval", e.rankLow == null ? "" : e.rankLow === e.rankHigh ? String(e.rankLow)
          : e.rankLow + "–" + e.rankHigh, e.rankLow);
      }
      cell(tr, "num optional", String(e.submissions));
      var last = cell(tr, "", "");
      var time = document.createElement("time");
      time.setAttribute("datetime", e.lastSubmissionAt);
      last.appendChild(time);
      body.appendChild(tr);
    });
    table.replaceChild(body, table.tBodies[0]);
    pooledState(board);
    stability(table, board);
    localTimes(table);
    forest(table);
    history(board);
  }

  /** A pooled board's complete/provisional statement and its list of results waiting for a site. */
  function pooledState(board) {
    if (board.site !== "pooled") { return; }
    var state = document.querySelector("#leaderboard p.board-state");
    if (state) {
      var text = state.querySelector(".state");
      if (text) { text.textContent = state.getAttribute(board.complete ? "data-complete-label" : "data-provisional-label"); }
    }
    var box = document.querySelector("#leaderboard div.provisional");
    if (!box) { return; }
    var list = box.querySelector("ul");
    var waiting = box.getAttribute("data-waiting-label") || "{0}";
    list.textContent = "";
    board.provisional.forEach(function (p) {
      var li = document.createElement("li");
      li.textContent = p.team + " — " + waiting.replace("{0}", p.pending.join(", "));
      list.appendChild(li);
    });
    box.hidden = board.provisional.length === 0;
  }

  /** The board's stability note: the mean Kendall τ and the resamples it comes from, hidden without them. */
  function stability(table, board) {
    var note = table.parentNode.parentNode.querySelector("p.stability");
    if (!note) { return; }
    var s = board.stability;
    note.hidden = !s || s.kendallTau == null;
    if (!note.hidden) {
      note.querySelector(".tau").textContent = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(s.kendallTau);
      note.querySelector(".resamples").textContent = String(s.resamples);
    }
  }

  function cell(tr, className, text, value) {
    var td = document.createElement("td");
    if (className) { td.className = className; }
    td.textContent = text;
    if (value != null) { td.setAttribute("data-value", value); }
    tr.appendChild(td);
    return td;
  }

  function badge(parent, text) {
    var b = document.createElement("span");
    b.className = "badge";
    b.textContent = text;
    parent.appendChild(b);
    return b;
  }

  var plots = new Map();

  /** A chart as wide as its place, never wider than the window (no sideways scroll on a phone). */
  function chartWidth(div) {
    var room = document.documentElement.clientWidth - 32;
    return Math.max(200, Math.min(div.getBoundingClientRect().width || room, room));
  }

  window.addEventListener("resize", function () {
    plots.forEach(function (u, div) { u.setSize({ width: chartWidth(div), height: u.height }); });
  });

  /** The forest plot of a board: each line's score and 95% interval, on an axis fitted to the data. */
  function forest(table) {
    var figure = table.closest(".table-scroll") && table.closest(".table-scroll").nextElementSibling;
    if (!window.uPlot || !figure || !figure.classList.contains("forest")) { return; }
    var rows = Array.prototype.slice.call(table.tBodies[0].rows).map(function (tr) {
      return { team: tr.cells[1].firstChild ? tr.cells[1].firstChild.textContent : "", score: parseFloat(tr.getAttribute("data-score")),
        low: parseFloat(tr.getAttribute("data-ci-low")), high: parseFloat(tr.getAttribute("data-ci-high")),
        baseline: tr.classList.contains("baseline"), own: tr.classList.contains("own") };
    }).filter(function (r) { return !isNaN(r.score); });
    if (rows.length === 0) { return; }
    var lo = Infinity, hi = -Infinity;
    rows.forEach(function (r) { lo = Math.min(lo, isNaN(r.low) ? r.score : r.low); hi = Math.max(hi, isNaN(r.high) ? r.score : r.high); });
    var pad = Math.max((hi - lo) * 0.08, 1e-6);
    var order = rows.map(function (r, i) { return { r: r, y: rows.length - i }; }).sort(function (a, b) { return a.r.score - b.r.score; });
    var plotDiv = figure.querySelector(".plot");
    if (plots.has(plotDiv)) { plots.get(plotDiv).destroy(); }
    var names = {};
    order.forEach(function (o) { names[o.y] = o.r.team; });
    var u = new uPlot({
      width: chartWidth(plotDiv), height: 70 + 28 * rows.length,
      legend: { show: false }, cursor: { show: false },
      scales: { x: { time: false, auto: false, range: [lo - pad, hi + pad] }, y: { auto: false, range: [0.3, rows.length + 0.7] } },
      axes: [{}, { size: 100, splits: function () { return order.map(function (o) { return o.y; }); },
        values: function (u, splits) { return splits.map(function (y) { var n = names[y] || ""; return n.length > 11 ? n.slice(0, 10) + "…" : n; }); } }],
      series: [{}, { stroke: "#173b6c", fill: "#173b6c", width: 0, points: { show: true, size: 7 }, paths: function () { return null; } }],
      hooks: { draw: [function (u) {
        var ctx = u.ctx;
        ctx.save();
        order.forEach(function (o) {
          if (isNaN(o.r.low)) { return; }
          var y = u.valToPos(o.y, "y", true);
          ctx.strokeStyle = o.r.baseline ? "#9aa3ad" : o.r.own ? "#b7791f" : "#173b6c";
          ctx.lineWidth = 2 * devicePixelRatio;
          ctx.beginPath();
          ctx.moveTo(u.valToPos(o.r.low, "x", true), y);
          ctx.lineTo(u.valToPos(o.r.high, "x", true), y);
          ctx.stroke();
        });
        ctx.restore();
      }] }
    }, [order.map(function (o) { return o.r.score; }), order.map(function (o) { return o.y; })], plotDiv);
    plots.set(plotDiv, u);
  }

  /** The best score so far over time, as steps; a new board that beats it adds a step. */
  function history(board) {
    var figure = document.querySelector("figure.history");
    if (!window.uPlot || !figure) { return; }
    var points = JSON.parse(figure.getAttribute("data-points") || "[]");
    var higher = figure.getAttribute("data-higher-is-better") === "true";
    if (board) {
      board.entries.forEach(function (e) {
        var best = points.length ? points[points.length - 1].score : null;
        if (!e.baseline && (best === null || (higher ? e.score > best : e.score < best))) {
          points.push({ at: e.scoredSubmissionAt, score: e.score, team: e.team });
        }
      });
      figure.setAttribute("data-points", JSON.stringify(points));
    }
    if (points.length === 0) { figure.hidden = true; return; }
    figure.hidden = false;
    var xs = points.map(function (p) { return new Date(p.at).getTime() / 1000; });
    var ys = points.map(function (p) { return p.score; });
    xs.push(Date.now() / 1000);
    ys.push(ys[ys.length - 1]);
    var plotDiv = figure.querySelector(".plot");
    if (plots.has(plotDiv)) { plots.get(plotDiv).destroy(); }
    plots.set(plotDiv, new uPlot({
      width: chartWidth(plotDiv), height: 180, legend: { show: false },
      scales: { y: { range: function (u, min, max) { var p = Math.max((max - min) * 0.1, 1e-3); return [min - p, max + p]; } } },
      series: [{}, { stroke: "#173b6c", width: 2, paths: uPlot.paths.stepped({ align: 1 }), points: { show: true } }]
    }, [xs, ys], plotDiv));
  }

  function enhance(root) {
    localTimes(root);
    sortable(root);
  }

  enhance(document);
  window.addEventListener("load", function () { // uPlot is deferred too: draw once everything ran
    document.querySelectorAll("table.leaderboard").forEach(forest);
    history(null);
  });
  countdown();
  setInterval(countdown, 1000);
  if (slug && window.EventSource) {
    var events = new EventSource("/api/challenges/" + encodeURIComponent(slug) + "/events");
    var pending = null;
    var onChange = function () { // a burst of results: one fetch
      if (!pending) { pending = setTimeout(function () { pending = null; refreshBoard(); }, 300); }
    };
    events.addEventListener("board", onChange);
  }
})();
