/* The command dashboard: the map of the regions below (coloured by overdue and open cases,
 * with clustered markers and a heat layer of the open cases) and the ECharts charts.
 * Everything is read from the page's json_script element and then again, on an interval,
 * from the dashboard's JSON view (data-refresh-seconds), so the wall refreshes itself.
 * No tile layer unless the server names one: boundaries on a plain background.
 */
(function () {
  "use strict";

  var COLOURS = { overdue: "#c0392b", open: "#e6a23c", clear: "#3a9a5b" };
  var PALETTE = ["#1d4f91", "#3a73c2", "#e6a23c", "#3a9a5b", "#c0392b", "#7a5cc2",
    "#2aa198", "#b35c1e", "#5b8fd1", "#7a8594"];
  var TOP_CATEGORIES = 10;

  var data = JSON.parse(document.getElementById("dashboard-data").textContent);
  var labels = data.labels;
  var charts = {};
  var map, shapes, cluster, heat;

  function childrenByCode(figures) {
    var found = {};
    figures.children.forEach(function (c) { found[c.code] = c; });
    return found;
  }

  function shapeStyle(feature, byCode, ownFigures) {
    if (feature.properties.role === "self") {
      var hasChildren = data.shapes.features.length > 1;
      if (hasChildren) {
        return { color: "#0f2f5a", weight: 2.5, fill: false, dashArray: "6 4" };
      }
      return fillFor(ownFigures.totals);
    }
    return fillFor(byCode[feature.properties.code] || { open: 0, overdue: 0 });
  }

  function fillFor(counts) {
    var colour = counts.overdue > 0 ? COLOURS.overdue : counts.open > 0 ? COLOURS.open : COLOURS.clear;
    return { color: "#0f2f5a", weight: 1.2, fillColor: colour, fillOpacity: 0.35 };
  }

  function tooltipFor(feature, byCode, figures) {
    var counts = feature.properties.role === "self" ? figures.totals : byCode[feature.properties.code];
    counts = counts || { reported: 0, open: 0, overdue: 0 };
    return feature.properties.name + "<br>" + labels.reported + " " + counts.reported +
      " · " + labels.open + " " + counts.open + " · " + labels.overdue + " " + counts.overdue;
  }

  function drawMap(figures, markers) {
    var element = document.getElementById("dashboard-map");
    var tiles = data.tiles || {};
    map = L.map(element, {
      attributionControl: Boolean(tiles.url), scrollWheelZoom: false, zoomSnap: 0.25, maxZoom: 18
    });
    if (tiles.url) {
      L.tileLayer(tiles.url, { attribution: tiles.attribution || "", maxZoom: 19 }).addTo(map);
    }
    var byCode = childrenByCode(figures);
    shapes = L.geoJSON(data.shapes, {
      style: function (f) { return shapeStyle(f, byCode, figures); },
      onEachFeature: function (feature, layer) {
        layer.bindTooltip(tooltipFor(feature, byCode, figures), { sticky: true });
        if (feature.properties.role === "child") {
          layer.on("click", function () { window.location.assign(withWall(feature.properties.url)); });
        }
      }
    }).addTo(map);
    cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 50 });
    heat = L.heatLayer([], { radius: 22, blur: 18, maxZoom: 14 });
    cluster.addTo(map);
    var overlays = {};
    overlays[labels.cases] = cluster;
    overlays[labels.heat] = heat;
    L.control.layers(null, overlays, { collapsed: false }).addTo(map);
    var bounds = shapes.getBounds();
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [10, 10] });
    } else {
      map.setView([34.75, 113.65], 9);
    }
    drawMarkers(markers);
    element.classList.add("dashboard-map--ready");
  }

  function withWall(url) {
    return document.getElementById("dashboard").classList.contains("dashboard--wall") ? url + "&wall=1" : url;
  }

  function drawMarkers(markers) {
    cluster.clearLayers();
    var points = [];
    markers.forEach(function (m) {
      var marker = L.circleMarker([m.lat, m.lon], {
        radius: 6, weight: 1, color: "#fff",
        fillColor: m.overdue ? COLOURS.overdue : COLOURS.open, fillOpacity: 0.9
      });
      var link = document.createElement("a");
      link.href = data.case_url.replace("NUMBER", encodeURIComponent(m.number));
      link.textContent = m.number;
      marker.bindPopup(link);
      cluster.addLayer(marker);
      points.push([m.lat, m.lon, m.overdue ? 1 : 0.5]);
    });
    heat.setLatLngs(points);
  }

  function recolour(figures) {
    var byCode = childrenByCode(figures);
    shapes.eachLayer(function (layer) {
      layer.setStyle(shapeStyle(layer.feature, byCode, figures));
      layer.setTooltipContent(tooltipFor(layer.feature, byCode, figures));
    });
  }

  function chart(id) {
    if (!charts[id]) {
      charts[id] = echarts.init(document.getElementById(id), null, { renderer: "canvas" });
    }
    return charts[id];
  }

  function pie(slices) {
    return {
      color: PALETTE,
      tooltip: { trigger: "item" },
      legend: { bottom: 0, type: "scroll" },
      series: [{
        type: "pie", radius: ["35%", "65%"], center: ["50%", "45%"],
        label: { formatter: "{b}: {c}" },
        data: slices.map(function (s) { return { name: s.label, value: s.count }; })
      }]
    };
  }

  function drawCharts(figures) {
    chart("chart-trend").setOption({
      color: PALETTE,
      tooltip: { trigger: "axis" },
      grid: { left: 40, right: 16, top: 16, bottom: 28 },
      xAxis: { type: "category", data: figures.by_day.map(function (d) { return d.day.slice(5); }) },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ name: labels.reported, type: "line", smooth: true, areaStyle: { opacity: 0.15 },
        data: figures.by_day.map(function (d) { return d.count; }) }]
    });
    chart("chart-funnel").setOption({
      color: PALETTE,
      tooltip: { trigger: "item", formatter: "{b}: {c}" },
      series: [{ type: "funnel", sort: "none", left: "10%", width: "80%", minSize: "8%",
        label: { formatter: "{b} {c}" },
        data: figures.funnel.map(function (s) { return { name: s.label, value: s.count }; }) }]
    });
    var top = figures.by_category.slice(0, TOP_CATEGORIES);
    var rest = figures.by_category.slice(TOP_CATEGORIES).reduce(function (n, s) { return n + s.count; }, 0);
    if (rest) { top = top.concat([{ label: labels.other, count: rest }]); }
    top = top.slice().reverse();
    chart("chart-category").setOption({
      color: PALETTE,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: top.map(function (s) { return s.label; }) },
      series: [{ name: labels.reported, type: "bar", data: top.map(function (s) { return s.count; }) }]
    });
    var ranked = figures.children.slice().sort(function (a, b) {
      return b.overdue - a.overdue || (a.on_time_rate === null) - (b.on_time_rate === null) ||
        (a.on_time_rate || 0) - (b.on_time_rate || 0);
    }).slice(0, 15);
    chart("chart-ranking").setOption({
      color: [COLOURS.overdue, "#1d4f91"],
      tooltip: { trigger: "axis" },
      legend: { bottom: 0 },
      grid: { left: 8, right: 8, top: 16, bottom: 48, containLabel: true },
      xAxis: { type: "category", data: ranked.map(function (c) { return c.name; }), axisLabel: { interval: 0, rotate: ranked.length > 6 ? 30 : 0 } },
      yAxis: [{ type: "value", minInterval: 1 }, { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } }],
      series: [
        { name: labels.overdue, type: "bar", data: ranked.map(function (c) { return c.overdue; }) },
        { name: labels.on_time_rate, type: "line", yAxisIndex: 1,
          data: ranked.map(function (c) { return c.on_time_rate === null ? null : Math.round(c.on_time_rate * 100); }) }
      ]
    });
    chart("chart-channel").setOption(pie(figures.by_channel));
    chart("chart-satisfaction").setOption(pie(figures.satisfaction));
  }

  function drawTotals(figures) {
    document.querySelectorAll("[data-total]").forEach(function (node) {
      var value = figures.totals[node.dataset.total];
      if (node.dataset.format === "rate") {
        node.textContent = value === null ? "–" : Math.round(value * 100) + "%";
      } else {
        node.textContent = String(value);
      }
    });
    var stamp = document.getElementById("dashboard-updated");
    stamp.textContent = labels.updated + " " + new Date().toLocaleTimeString();
  }

  function draw(payload) {
    drawTotals(payload.figures);
    drawCharts(payload.figures);
    if (map) {
      recolour(payload.figures);
      drawMarkers(payload.markers);
    }
  }

  function refresh() {
    fetch(data.data_url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(draw)
      .catch(function () {
        document.getElementById("dashboard-updated").textContent = labels.refresh_failed;
      });
  }

  function setUpFullScreen() {
    var button = document.getElementById("dashboard-fullscreen");
    var board = document.getElementById("dashboard");
    if (!document.fullscreenEnabled) {
      button.hidden = true;
      return;
    }
    button.addEventListener("click", function () {
      if (document.fullscreenElement) {
        document.exitFullscreen();
      } else {
        board.requestFullscreen();
      }
    });
    document.addEventListener("fullscreenchange", function () {
      board.classList.toggle("dashboard--fullscreen", Boolean(document.fullscreenElement));
      button.setAttribute("aria-pressed", document.fullscreenElement ? "true" : "false");
      resize();
    });
  }

  function resize() {
    Object.keys(charts).forEach(function (id) { charts[id].resize(); });
    if (map) { map.invalidateSize(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (window.L) { drawMap(data.figures, data.markers); }
    if (window.echarts) { draw({ figures: data.figures, markers: data.markers }); }
    setUpFullScreen();
    window.addEventListener("resize", resize);
    var seconds = Number(document.getElementById("dashboard").dataset.refreshSeconds) || 300;
    window.setInterval(refresh, seconds * 1000);
  });
})();
