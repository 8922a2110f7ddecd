// Beckon for business: the few things plain HTML cannot do. Live parts of a page (#live)
// are re-fetched by htmx on "refresh" and on a timer; Server-Sent Events trigger that
// refresh the moment something happens to the business (a new lead, a decided offer).
(function () {
  "use strict";

  // The browser's time zone, for a business's first settings.
  var zone = "";
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { /* old browser */ }
  document.querySelectorAll("[data-browser-tz]").forEach(function (input) {
    if (!input.value) input.value = zone;
  });

  // On a phone the navigation scrolls sideways: keep the current page's link in view.
  var current = document.querySelector(".portal-nav [aria-current]");
  if (current && current.parentNode.scrollWidth > current.parentNode.clientWidth) {
    current.parentNode.scrollLeft = current.offsetLeft - 16;
  }

  // A form that came back with problems: start at the list of them.
  var summary = document.querySelector("[data-autofocus]");
  if (summary) summary.focus();

  // Filters that apply as soon as they change (a button stands in without JavaScript).
  document.querySelectorAll("[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.requestSubmit(); });
  });

  // "All of a group" ticked: its kinds are included, so they are ticked and locked.
  function syncGroup(box) {
    document.querySelectorAll('[data-in-group="' + box.dataset.group + '"]').forEach(function (leaf) {
      if (box.checked) leaf.dataset.was = leaf.checked ? "1" : "";
      leaf.checked = box.checked || leaf.dataset.was === "1";
      leaf.disabled = box.checked;
    });
  }
  document.querySelectorAll("[data-group]").forEach(function (box) {
    if (box.checked) syncGroup(box);
    box.addEventListener("change", function () { syncGroup(box); });
  });

  // Ticking a day with no hours yet offers the usual ones to change.
  document.querySelectorAll("[data-hours] .day-row").forEach(function (row) {
    var tick = row.querySelector("input[type=checkbox]");
    var times = row.querySelectorAll("input[type=time]");
    tick.addEventListener("change", function () {
      row.classList.toggle("is-open", tick.checked);
      if (tick.checked && times.length > 1 && !times[0].value && !times[1].value) {
        times[0].value = "09:00";
        times[1].value = "17:00";
      }
    });
    times.forEach(function (input) {
      input.addEventListener("input", function () {
        if (input.value && !tick.checked) { tick.checked = true; row.classList.add("is-open"); }
      });
    });
  });

  var live = document.getElementById("live");
  if (!live) return;
  var announce = document.getElementById("live-announce");
  var seen = new Set(ids());

  function ids() {
    return Array.prototype.map.call(live.querySelectorAll("[data-lead], [data-offer]"), function (el) {
      return el.dataset.lead ? "l" + el.dataset.lead : "o" + el.dataset.offer;
    });
  }

  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target !== live) return;
    live.querySelectorAll("[data-lead], [data-offer]").forEach(function (el) {
      var id = el.dataset.lead ? "l" + el.dataset.lead : "o" + el.dataset.offer;
      if (!seen.has(id)) el.classList.add("arrived");
      seen.add(id);
    });
    var note = live.querySelector("[data-announce]");
    if (announce && note && note.dataset.announce && announce.textContent !== note.dataset.announce) {
      announce.textContent = note.dataset.announce;
    }
  });

  var url = live.dataset.events;
  if (!url || !window.EventSource) return;
  var source = new EventSource(url);
  source.onmessage = function () { htmx.trigger(live, "refresh"); };
})();
