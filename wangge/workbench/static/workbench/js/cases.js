/* The case pages: the intake map (tap or "use my position" sets the coordinates), the small
 * map of a case, and htmx answers with form errors (422) swapped in like any other page.
 * No tile layer unless the server names one (settings.WANGGE_MAP_TILE_URL): the maps draw
 * the grid's outlines on a plain background. Data comes from json_script elements; nothing
 * runs inline, as the Content Security Policy requires.
 */
(function () {
  "use strict";

  var ZHENGZHOU = [34.75, 113.65];
  var LABEL_LIMIT = 16; // above this many regions, names show on hover only
  var STYLE_ROOT = { color: "#1d4f91", weight: 2.5, fill: false, dashArray: "6 4" };
  var STYLE_AREA = { color: "#1d4f91", weight: 1.2, fillColor: "#5b8fd1", fillOpacity: 0.12 };
  var STYLE_POINT = { radius: 9, color: "#ffffff", weight: 3, fillColor: "#c0392b", fillOpacity: 1 };

  function readJson(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function baseMap(element, options) {
    var tiles = readJson("map-tiles") || {};
    var settings = { attributionControl: Boolean(tiles.url), zoomSnap: 0.25 };
    Object.keys(options || {}).forEach(function (key) { settings[key] = options[key]; });
    var map = L.map(element, settings);
    if (tiles.url) {
      L.tileLayer(tiles.url, { attribution: tiles.attribution || "", maxZoom: 19 }).addTo(map);
    }
    return map;
  }

  function drawCase(element) {
    var data = readJson("case-map-data");
    if (!data) {
      return;
    }
    var map = baseMap(element, { scrollWheelZoom: false });
    var point = [data.point[1], data.point[0]];
    if (data.cell) {
      var cell = L.geoJSON(data.cell, { style: STYLE_AREA, interactive: false }).addTo(map);
      map.fitBounds(cell.getBounds(), { padding: [16, 16] });
    } else {
      map.setView(point, 15);
    }
    L.circleMarker(point, STYLE_POINT).addTo(map);
  }

  function drawPicker(element) {
    var form = element.closest("form");
    var lon = form.querySelector("[name=lon]");
    var lat = form.querySelector("[name=lat]");
    var status = document.getElementById("locate-status");
    var button = document.getElementById("locate-me");
    var map = baseMap(element, {});
    var outlines = readJson("intake-area");
    var children = outlines.features.filter(function (f) { return f.properties.role !== "root"; }).length;
    var area = L.geoJSON(outlines, {
      style: function (feature) {
        return feature.properties.role === "root" ? STYLE_ROOT : STYLE_AREA;
      },
      onEachFeature: function (feature, shape) {
        var label = feature.properties.role === "root" ? { sticky: true } :
          { permanent: children <= LABEL_LIMIT, direction: "center" };
        label.className = "region-label";
        shape.bindTooltip(feature.properties.name, label);
      }
    }).addTo(map);
    var bounds = area.getBounds();
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [12, 12] });
    } else {
      map.setView(ZHENGZHOU, 9);
    }

    var marker = null;
    function say(text) {
      if (status) {
        status.textContent = text || "";
      }
    }
    function place(latitude, longitude, typed) {
      var point = [latitude, longitude];
      if (marker) {
        marker.setLatLng(point);
      } else {
        marker = L.circleMarker(point, STYLE_POINT).addTo(map);
      }
      if (!typed) {
        lon.value = longitude.toFixed(6);
        lat.value = latitude.toFixed(6);
      }
      element.classList.add("intake-map--placed");
      // The intake's helpers (cell, grid chief, nearby reports) follow the point.
      form.dispatchEvent(new CustomEvent("intake:point", { bubbles: true }));
    }
    function typedPoint() {
      var latitude = parseFloat(lat.value);
      var longitude = parseFloat(lon.value);
      if (isFinite(latitude) && isFinite(longitude)) {
        place(latitude, longitude, true);
        map.panTo([latitude, longitude]);
      }
    }

    map.on("click", function (event) {
      place(event.latlng.lat, event.latlng.lng, false);
      say(element.dataset.placed);
    });
    lon.addEventListener("change", typedPoint);
    lat.addEventListener("change", typedPoint);
    if (lon.value && lat.value) {
      typedPoint();
    }
    if (button) {
      if (!("geolocation" in navigator)) {
        button.hidden = true;
      }
      button.addEventListener("click", function () {
        say(button.dataset.busy);
        navigator.geolocation.getCurrentPosition(
          function (position) {
            // The browser reports WGS-84, what the form sends.
            place(position.coords.latitude, position.coords.longitude, false);
            map.setView([position.coords.latitude, position.coords.longitude], Math.max(map.getZoom(), 15));
            say(button.dataset.done);
          },
          function () { say(button.dataset.failed); },
          { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
        );
      });
    }
  }

  var DRAW = { "case": drawCase, "picker": drawPicker };

  function drawMaps(root) {
    if (!window.L) {
      return;
    }
    root.querySelectorAll("[data-map]").forEach(function (element) {
      if (element.classList.contains("map--ready")) {
        return;
      }
      var draw = DRAW[element.dataset.map];
      if (draw) {
        draw(element);
        element.classList.add("map--ready");
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () { drawMaps(document); });
  // A step taken through htmx replaces the case body: its new map is drawn again.
  document.addEventListener("htmx:afterSettle", function () { drawMaps(document); });
  // A refused step answers 422 with the page and the form's errors: show it all the same.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
