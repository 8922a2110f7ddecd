// Beckon customer website: the few things plain HTML cannot do.
(function () {
  "use strict";

  // The browser's time zone, so "tonight" means tonight where the customer is.
  var zone = "";
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { /* old browser */ }
  document.querySelectorAll("[data-browser-tz]").forEach(function (input) {
    if (!input.value) input.value = zone;
  });

  // A form that came back with problems: start at the list of them.
  var summary = document.querySelector("[data-autofocus]");
  if (summary) summary.focus();

  // "Change" in the parse preview: unfold the structured fields and go to the one meant.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-adjust]");
    if (!link) return;
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) return;
    event.preventDefault();
    var details = target.closest("details");
    if (details) details.open = true;
    target.focus();
    target.scrollIntoView({ block: "center" });
  });

  // Location: "Near me" asks the browser (only when the customer acts), a typed city
  // selects "In a city", and posting "near me" without a location asks first.
  var form = document.querySelector("[data-intent-form]");
  if (!form) return;
  var lat = form.querySelector("[data-lat]");
  var lng = form.querySelector("[data-lng]");
  var status = form.querySelector("[data-locate-status]");
  var here = form.querySelector("#id_where_0");
  var cityRadio = form.querySelector("#id_where_1");
  var city = form.querySelector("#id_city");

  function say(text, ok) {
    if (!status) return;
    status.textContent = text;
    status.classList.toggle("ok", !!ok);
  }

  function locate() {
    return new Promise(function (resolve) {
      if (!navigator.geolocation) {
        say("This browser cannot share your location. Type a city instead.");
        return resolve(false);
      }
      say("Asking your browser where you are…");
      navigator.geolocation.getCurrentPosition(function (position) {
        lat.value = position.coords.latitude.toFixed(6);
        lng.value = position.coords.longitude.toFixed(6);
        if (here) here.checked = true;
        say("Got your location.", true);
        document.body.dispatchEvent(new Event("located"));
        resolve(true);
      }, function () {
        say("We could not get your location. Allow it in your browser, or type a city.");
        resolve(false);
      }, { enableHighAccuracy: false, timeout: 10000, maximumAge: 300000 });
    });
  }

  form.querySelectorAll("[data-locate]").forEach(function (button) {
    button.addEventListener("click", function () { locate(); });
  });
  if (here) here.addEventListener("change", function () { if (here.checked && !lat.value) locate(); });
  if (city && cityRadio) city.addEventListener("input", function () { cityRadio.checked = true; });

  var asked = false;
  form.addEventListener("submit", function (event) {
    if (asked || !here || !here.checked || lat.value) return;
    event.preventDefault();
    asked = true;
    var button = event.submitter;
    if (button) button.setAttribute("aria-busy", "true");
    locate().then(function () { form.requestSubmit(button || undefined); });
  });
})();
