// The warning before a session ends for idleness (DKFDS's timeout dialog). Optional:
// every page works without it, and a form sent after the timeout is kept for the user
// (src/app/kept_forms.rs). Served from /static under the CSP (script-src 'self').
(function () {
  "use strict";
  var body = document.body;
  var idle = parseInt(body.getAttribute("data-idle-minutes") || "0", 10);
  var template = document.getElementById("timeout-dialog");
  if (!template || !(idle > 2) || !window.fetch) {
    return;
  }
  var warnAfter = (idle - 2) * 60 * 1000;
  var timer = null;
  var open = null;

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(show, warnAfter);
  }

  function show() {
    if (open) {
      return;
    }
    open = template.content.firstElementChild.cloneNode(true);
    body.appendChild(open);
    var dialog = open;
    var stay = dialog.querySelector("[data-stay]");
    var ended = window.setTimeout(function () {
      dialog.querySelector("[data-text]").textContent = dialog.getAttribute("data-ended");
      stay.hidden = true;
    }, 2 * 60 * 1000);
    stay.addEventListener("click", function () {
      // Any request counts as activity; this one changes nothing.
      window.fetch("/api/v1/me", { credentials: "same-origin" }).then(function () {
        window.clearTimeout(ended);
        dialog.remove();
        open = null;
        schedule();
      });
    });
    stay.focus();
  }

  schedule();
})();
