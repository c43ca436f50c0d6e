/* The region map: the region and its children drawn from their GeoJSON boundaries.
 * No tile layer unless the server names one (settings.WANGGE_MAP_TILE_URL): the intranet
 * has no map tiles, so a plain background is the default. Data comes from the page's
 * json_script element; nothing here runs inline, as the Content Security Policy requires.
 */
(function () {
  "use strict";

  var LABEL_LIMIT = 16; // above this many children, names show on hover only

  var STYLE_SELF = { color: "#1d4f91", weight: 2.5, fill: false, dashArray: "6 4" };
  var STYLE_CHILD = { color: "#1d4f91", weight: 1.5, fillColor: "#5b8fd1", fillOpacity: 0.18 };
  var STYLE_HOVER = { weight: 3, fillOpacity: 0.38 };

  function readData() {
    var node = document.getElementById("region-map-data");
    return node ? JSON.parse(node.textContent) : null;
  }

  function drawMap(element, data) {
    var tiles = data.tiles || {};
    var map = L.map(element, {
      attributionControl: Boolean(tiles.url),
      scrollWheelZoom: false,
      zoomSnap: 0.25
    });
    if (tiles.url) {
      L.tileLayer(tiles.url, { attribution: tiles.attribution || "", maxZoom: 19 }).addTo(map);
    }
    var features = data.features.features || [];
    var childCount = features.filter(function (f) { return f.properties.role === "child"; }).length;
    var layer = L.geoJSON(data.features, {
      style: function (feature) {
        return feature.properties.role === "self" ? STYLE_SELF : STYLE_CHILD;
      },
      onEachFeature: function (feature, shape) {
        var props = feature.properties;
        if (props.role !== "child") {
          return;
        }
        shape.bindTooltip(props.name, {
          permanent: childCount <= LABEL_LIMIT,
          direction: "center",
          className: "region-label"
        });
        shape.on("mouseover", function () { shape.setStyle(STYLE_HOVER); });
        shape.on("mouseout", function () { layer.resetStyle(shape); });
        shape.on("click", function () { window.location.assign(props.url); });
      }
    }).addTo(map);
    var bounds = layer.getBounds();
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [12, 12] });
    } else {
      map.setView([34.75, 113.65], 9); // Zhengzhou, when no boundary is known
    }
    element.classList.add("region-map--ready");
  }

  document.addEventListener("DOMContentLoaded", function () {
    var element = document.getElementById("region-map");
    var data = readData();
    if (element && data && window.L) {
      drawMap(element, data);
    }
  });
})();
