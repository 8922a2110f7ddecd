// The intent page's live offers. htmx re-fetches the live fragment on "refresh" (and on
// a timer); here, Server-Sent Events trigger that refresh the moment something changes,
// and each change is announced to screen readers.
(function () {
  "use strict";
  var live = document.getElementById("live");
  if (!live) return;
  var announce = document.getElementById("live-announce");
  var seen = new Set(offerIds());

  function offerIds() {
    return Array.prototype.map.call(live.querySelectorAll("[data-offer]"), function (el) {
      return el.dataset.offer;
    });
  }

  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target !== live) return;
    live.querySelectorAll("[data-offer]").forEach(function (el) {
      if (!seen.has(el.dataset.offer)) el.classList.add("arrived");
      seen.add(el.dataset.offer);
    });
    if (!announce) return;
    var note = live.querySelector("[data-announce]");
    if (note && announce.textContent !== note.dataset.announce) {
      announce.textContent = note.dataset.announce;
    }
  });

  var url = live.dataset.events;
  if (!url || !window.EventSource) return;
  var source = new EventSource(url);
  source.onmessage = function () { htmx.trigger(live, "refresh"); };
})();
