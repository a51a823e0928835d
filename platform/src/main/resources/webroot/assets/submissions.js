// A team's submissions: the upload from the browser with a progress bar (XMLHttpRequest streams the
// File from disk, so a multi-GB archive is never read into memory), and statuses updated in place by
// polling the list's JSON with If-None-Match while a submission is queued or running.
(function () {
  "use strict";
  var script = document.currentScript;
  var slug = script && script.getAttribute("data-page");
  var lang = document.documentElement.lang || "en";
  var fr = lang === "fr";
  var say = {
    sending: function (p) { return fr ? "Envoi… " + p + " %" : "Sending… " + p + "%"; },
    checking: fr ? "Reçue ; vérification de l’image…" : "Received; checking the image…",
    accepted: fr ? "Acceptée : votre soumission est en attente." : "Accepted: your submission is queued.",
    lost: fr ? "Le téléversement n’a pas abouti (connexion perdue) ; rien n’a été compté. Réessayez."
      : "The upload did not reach the platform (connection lost); nothing was counted. Try again."
  };

  var form = document.getElementById("upload-form");
  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var file = form.querySelector("input[type=file]").files[0];
      if (!file) { return; }
      var status = form.querySelector(".upload-status");
      var bar = form.querySelector("progress");
      var button = form.querySelector("button");
      var phase = form.querySelector("select[name=phase]").value;
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.getAttribute("action") + "?phase=" + encodeURIComponent(phase));
      xhr.setRequestHeader("Content-Type", "application/octet-stream");
      xhr.setRequestHeader("Accept", "application/json");
      xhr.setRequestHeader("X-CSRF-Token", form.getAttribute("data-csrf"));
      bar.hidden = false;
      bar.value = 0;
      button.disabled = true;
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) {
          var p = Math.floor(100 * e.loaded / e.total);
          bar.value = p;
          status.textContent = p < 100 ? say.sending(p) : say.checking;
        }
      };
      xhr.onload = function () {
        button.disabled = false;
        var body = null;
        try { body = JSON.parse(xhr.responseText); } catch (ignored) { body = null; }
        if (xhr.status === 202) {
          status.textContent = say.accepted;
          status.className = "upload-status accepted";
          poll(true);
        } else {
          // the platform's own refusal, in the reader's language (quota, phase closed, not an image, too large…)
          status.textContent = body && body.error ? body.error.message : "HTTP " + xhr.status;
          status.className = "upload-status refused";
          bar.hidden = true;
        }
      };
      xhr.onerror = function () {
        button.disabled = false;
        bar.hidden = true;
        status.textContent = say.lost;
        status.className = "upload-status refused";
      };
      xhr.send(file);
    });
  }

  var etag = null;
  var timer = null;

  function poll(now) {
    clearTimeout(timer);
    timer = setTimeout(refresh, now ? 0 : 3000);
  }

  function refresh() {
    var headers = { "Accept": "application/json" };
    if (etag) { headers["If-None-Match"] = etag; }
    fetch("/challenges/" + encodeURIComponent(slug) + "/submissions", { headers: headers, credentials: "same-origin" })
      .then(function (r) {
        if (r.status === 304) { return null; }
        if (r.status !== 200) { throw new Error("HTTP " + r.status); }
        etag = r.headers.get("ETag");
        return r.json();
      })
      .then(function (list) {
        var live = list ? apply(list.submissions) : true;
        if (live) { poll(false); }
      })
      .catch(function () { poll(false); });
  }

  /** Updates the rows shown; true while something is still to come. */
  function apply(submissions) {
    var unknown = false, live = false;
    submissions.forEach(function (s) {
      if (s.status === "QUEUED" || s.status === "RUNNING") { live = true; }
      var row = document.querySelector("tr[data-id=\"" + CSS.escape(s.id) + "\"]");
      if (!row) { unknown = true; return; }
      row.setAttribute("data-status", s.status);
      var span = row.querySelector(".status span");
      span.textContent = s.statusText;
      span.className = "status-" + s.status;
      var outcome = row.querySelector(".outcome") || document.querySelector("dd.outcome");
      if (outcome) { outcome.textContent = s.outcomeText || s.message || ""; }
      var score = row.querySelector(".score");
      if (score && s.scores && s.scores["public"]) {
        var m = s.scores["public"].metrics[s.scores.primaryMetric];
        if (m && m.value != null) { score.textContent = new Intl.NumberFormat(lang, { maximumFractionDigits: 12 }).format(m.value); }
      }
      if ((s.status === "SCORED" || s.status === "FAILED") && document.querySelector("dd.outcome")) {
        window.location.reload(); // a submission's own page: its scores and logs are now there
      }
    });
    if (unknown && document.getElementById("list")) { replaceList(); }
    return live;
  }

  /** A submission this page did not show yet (just uploaded): the list section, fetched once, in place. */
  function replaceList() {
    fetch(window.location.href, { credentials: "same-origin" }).then(function (r) { return r.text(); }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("list");
      var old = document.getElementById("list");
      if (fresh && old) { old.replaceWith(document.adoptNode(fresh)); }
    });
  }

  var table = document.querySelector("table.submissions[data-live]");
  if (table && table.getAttribute("data-live") === "true") { poll(false); }
})();
