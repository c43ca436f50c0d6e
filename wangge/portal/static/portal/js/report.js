/* The resident's report page: choose the place on a map, search the kinds of problem as
 * you type, and ask for the code that confirms a phone. The form works without this
 * script (coordinates typed, one long list, no code by SMS); the script only helps.
 * No tile layer unless the server names one: the intranet has no map tiles.
 */
(function () {
  "use strict";

  var OUTLINE = { color: "#1d4f91", weight: 1.5, fill: false };
  var CELL = { color: "#c0392b", weight: 2, fillColor: "#c0392b", fillOpacity: 0.08 };
  var PROBLEM = { radius: 6, color: "#1d4f91", weight: 1, fillColor: "#3a73c2", fillOpacity: 0.7 };

  function byId(id) { return document.getElementById(id); }

  function setupMap(data) {
    var element = byId("report-map");
    if (!element || !window.L) { return; }
    var lon = byId("id_lon"), lat = byId("id_lat");
    var nearbyUrl = "nearby.json";
    var tiles = data.tiles || {};
    var map = L.map(element, { attributionControl: Boolean(tiles.url), zoomSnap: 0.25 });
    if (tiles.url) {
      L.tileLayer(tiles.url, { attribution: tiles.attribution || "", maxZoom: 19 }).addTo(map);
    }
    var districts = L.geoJSON(data.districts, { style: OUTLINE, interactive: false }).addTo(map);
    var bounds = districts.getBounds();
    if (bounds.isValid()) { map.fitBounds(bounds, { padding: [8, 8] }); } else { map.setView([34.75, 113.65], 9); }
    var marker = null, cell = null, latest = 0, problems = L.layerGroup().addTo(map);

    function show(place, found) {
      var text = byId("place");
      if (cell) { map.removeLayer(cell); cell = null; }
      problems.clearLayers();
      if (!place) {
        text.textContent = element.getAttribute("data-outside") || "";
        return;
      }
      text.textContent = place.community + " · " + place.cell;
      if (place.boundary) { cell = L.geoJSON(place.boundary, { style: CELL, interactive: false }).addTo(map); }
      found.forEach(function (p) {
        L.circleMarker([p.lat, p.lon], PROBLEM)
          .bindTooltip(p.category + " · " + p.state + " · " + p.reported_on)
          .addTo(problems);
      });
    }

    function choose(latlng, pan) {
      if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng, { keyboard: false }).addTo(map); }
      lon.value = latlng.lng.toFixed(6);
      lat.value = latlng.lat.toFixed(6);
      if (pan) { map.setView(latlng, Math.max(map.getZoom(), 13)); }
      var query = "?lon=" + encodeURIComponent(lon.value) + "&lat=" + encodeURIComponent(lat.value);
      var asked = ++latest;  // only the answer for the last point chosen is shown
      fetch(nearbyUrl + query, { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (body) { if (body && asked === latest) { show(body.place, body.problems); } })
        .catch(function () { /* the point stays chosen; the hint is only a help */ });
    }

    map.on("click", function (event) { choose(event.latlng, false); });
    [lon, lat].forEach(function (input) {
      input.addEventListener("change", function () {
        var x = parseFloat(lon.value), y = parseFloat(lat.value);
        if (isFinite(x) && isFinite(y)) { choose(L.latLng(y, x), true); }
      });
    });
    if (lon.value && lat.value) { choose(L.latLng(parseFloat(lat.value), parseFloat(lon.value)), true); }

    var locate = byId("locate-me");
    if (locate && navigator.geolocation) {
      locate.hidden = false;
      locate.addEventListener("click", function () {
        navigator.geolocation.getCurrentPosition(function (position) {
          choose(L.latLng(position.coords.latitude, position.coords.longitude), true);
        });
      });
    }
    element.classList.add("report-map--ready");
  }

  function setupCategorySearch() {
    var select = byId("id_category"), search = byId("category-search");
    if (!select || !search) { return; }
    search.closest(".category-search").hidden = false;
    var count = byId("category-count");
    var options = Array.prototype.slice.call(select.querySelectorAll("option")).filter(function (o) { return o.value; });
    search.addEventListener("input", function () {
      var words = search.value.trim().toLowerCase();
      var shown = options.filter(function (option) {
        var group = option.parentNode.label || "";
        var match = !words || (option.textContent + " " + group + " " + option.value).toLowerCase().indexOf(words) !== -1;
        option.hidden = !match;
        option.disabled = !match;
        return match;
      });
      Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
        group.hidden = !group.querySelector("option:not([hidden])");
      });
      if (shown.length === 1) { select.value = shown[0].value; }
      count.textContent = words ? (search.getAttribute("data-count") || "{count}").replace("{count}", shown.length) : "";
    });
  }

  function setupPhoneCode() {
    var button = byId("send-code"), phone = byId("id_phone"), status = byId("code-status");
    var form = byId("report-form");
    if (!button || !phone || !window.fetch) { return; }
    button.hidden = false;
    var plain = byId("send-code-plain");
    if (plain) { plain.hidden = true; }  // the script sends without reloading the form
    button.addEventListener("click", function () {
      var body = new FormData();
      body.append("phone", phone.value);
      body.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
      button.disabled = true;
      fetch(button.getAttribute("data-url"), { method: "POST", body: body, headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (answer) { status.textContent = answer.detail; })
        .catch(function () { status.textContent = button.getAttribute("data-failed") || ""; })
        .finally(function () { button.disabled = false; });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var node = byId("report-map-data");
    if (node) { setupMap(JSON.parse(node.textContent)); }
    setupCategorySearch();
    setupPhoneCode();
  });
})();
