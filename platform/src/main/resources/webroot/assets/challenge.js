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

  /** Fetches this same page and puts its new leaderboard section in place of the old one. */
  function refreshBoard() {
    fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("leaderboard");
        var old = document.getElementById("leaderboard");
        if (fresh && old) {
          old.replaceWith(document.adoptNode(fresh));
          enhance(document.getElementById("leaderboard"));
          document.dispatchEvent(new CustomEvent("palmares:board"));
        }
      });
  }

  function enhance(root) {
    localTimes(root);
    sortable(root);
  }

  enhance(document);
  countdown();
  setInterval(countdown, 1000);
  if (slug && window.EventSource) {
    var events = new EventSource("/api/challenges/" + encodeURIComponent(slug) + "/events");
    var pending = null;
    var onChange = function () { // a burst of results: one fetch
      if (!pending) { pending = setTimeout(function () { pending = null; refreshBoard(); }, 300); }
    };
    events.addEventListener("leaderboard", onChange);
    events.addEventListener("board", onChange);
  }
})();
