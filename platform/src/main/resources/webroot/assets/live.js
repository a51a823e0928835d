// Reloads the challenge page when its leaderboard changes (server-sent events), so spectators
// follow it live without polling. Without JavaScript the page refreshes itself every 30 s.
(function () {
  var script = document.currentScript;
  var slug = script && script.getAttribute("data-challenge");
  if (!slug || !window.EventSource) {
    return;
  }
  var events = new EventSource("/api/challenges/" + encodeURIComponent(slug) + "/events");
  events.addEventListener("leaderboard", function () {
    events.close();
    window.location.reload();
  });
})();
