// Keeps the leaderboards of a challenge page live, in place. The server tells of each change on
// /api/challenges/{slug}/events ("event: board" with the phase, part, version and ETag); for a
// table on this page this fetches that board once, with If-None-Match, and replaces the table's
// rows. No reload, no polling. Text goes in with textContent, never as HTML.
(function () {
  "use strict";
  var script = document.currentScript;
  var slug = script && script.getAttribute("data-challenge");
  if (!slug || !window.EventSource || !window.fetch) {
    return;
  }
  var base = "/api/challenges/" + encodeURIComponent(slug);
  var known = {}; // "phase/part" -> {etag, version}
  var SVG = "http://www.w3.org/2000/svg";

  function tables(phase, part) {
    return Array.prototype.filter.call(document.querySelectorAll("table.leaderboard"), function (t) {
      return t.getAttribute("data-phase") === phase && t.getAttribute("data-part") === part;
    });
  }

  function fixed(value, precision) {
    return Number(value).toFixed(precision);
  }

  function cell(row, text, numeric) {
    var td = document.createElement("td");
    if (numeric) {
      td.className = "num";
    }
    td.textContent = text;
    row.appendChild(td);
    return td;
  }

  // the same small picture of the interval on a 0-1 scale as the server draws
  function interval(entry, precision) {
    var ci = entry.ci95;
    if (!ci || entry.score < 0 || ci[1] > 1) {
      return null;
    }
    var width = 160;
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("class", "ci");
    svg.setAttribute("width", String(width));
    svg.setAttribute("height", "12");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "interval " + fixed(ci[0], precision) + " to " + fixed(ci[1], precision));
    function line(x1, x2, cls) {
      var l = document.createElementNS(SVG, "line");
      l.setAttribute("x1", String(x1));
      l.setAttribute("y1", "6");
      l.setAttribute("x2", String(x2));
      l.setAttribute("y2", "6");
      l.setAttribute("class", cls);
      svg.appendChild(l);
    }
    line(0, width, "axis");
    line((ci[0] * width).toFixed(1), (ci[1] * width).toFixed(1), "bar");
    var c = document.createElementNS(SVG, "circle");
    c.setAttribute("cx", (entry.score * width).toFixed(1));
    c.setAttribute("cy", "6");
    c.setAttribute("r", "3");
    c.setAttribute("class", "point");
    svg.appendChild(c);
    return svg;
  }

  function render(table, board) {
    var precision = board.precision;
    var body = document.createElement("tbody");
    board.entries.forEach(function (e) {
      var row = document.createElement("tr");
      cell(row, String(e.rank), true);
      cell(row, e.team, false);
      cell(row, fixed(e.score, precision), true);
      cell(row, e.ci95 ? fixed(e.ci95[0], precision) + " \u2013 " + fixed(e.ci95[1], precision) : "\u2013", true);
      var picture = cell(row, "", false);
      var svg = interval(e, precision);
      if (svg) {
        picture.appendChild(svg);
      }
      cell(row, String(e.submissions), true);
      var last = document.createElement("time");
      last.textContent = e.lastSubmissionAt || "";
      cell(row, "", false).appendChild(last);
      body.appendChild(row);
    });
    table.replaceChild(body, table.tBodies[0]);
    if (board.entries.length > 0) {
      table.hidden = false;
      var empty = table.previousElementSibling;
      if (empty && empty.classList.contains("board-empty")) {
        empty.hidden = true;
      }
    }
  }

  function refresh(phase, part, version) {
    var key = phase + "/" + part;
    var had = known[key] || {};
    var headers = had.etag ? {"If-None-Match": had.etag} : {};
    var url = base + "/leaderboard?phase=" + encodeURIComponent(phase) + "&part=" + encodeURIComponent(part);
    return fetch(url, {headers: headers, credentials: "same-origin"}).then(function (response) {
      if (response.status === 304 || !response.ok) {
        return;
      }
      var etag = response.headers.get("ETag");
      return response.json().then(function (board) {
        var now = known[key] || {};
        if (version != null && now.version != null && now.version > version) {
          return; // a newer change was applied meanwhile
        }
        known[key] = {etag: etag, version: version};
        tables(phase, part).forEach(function (t) { render(t, board); });
      });
    }).catch(function () { /* the next change, or the next reconnection, tries again */ });
  }

  var events = new EventSource(base + "/events");
  var opened = false;
  events.addEventListener("open", function () {
    if (opened) { // reconnected: changes may have been missed
      Array.prototype.forEach.call(document.querySelectorAll("table.leaderboard"), function (t) {
        refresh(t.getAttribute("data-phase"), t.getAttribute("data-part"), null);
      });
    }
    opened = true;
  });
  events.addEventListener("board", function (message) {
    var change;
    try {
      change = JSON.parse(message.data);
    } catch (e) {
      return;
    }
    var had = known[change.phase + "/" + change.part] || {};
    if (tables(change.phase, change.part).length === 0 || had.etag === change.etag
        || (had.version != null && had.version >= change.version)) {
      return;
    }
    refresh(change.phase, change.part, change.version);
  });
})();
