/* Charts of the special review and campaign pages, drawn with ECharts from json_script data.
 * A weekly bar chart of a review's cases; a grouped bar chart of a campaign's progress per
 * region. Labels come from data- attributes, translated by the page; nothing runs inline.
 */
(function () {
  "use strict";

  function read(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function weekly(element, data) {
    return {
      tooltip: { trigger: "axis" },
      grid: { left: 40, right: 16, top: 24, bottom: 32 },
      xAxis: { type: "category", data: data.weeks },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ name: element.dataset.label, type: "bar", data: data.counts, itemStyle: { color: "#1d4f91" } }]
    };
  }

  function progress(element, data) {
    return {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 32, bottom: 48 },
      xAxis: { type: "category", data: data.regions, axisLabel: { interval: 0, rotate: data.regions.length > 6 ? 30 : 0 } },
      yAxis: { type: "value", max: 100 },
      series: [
        { name: element.dataset.inspected, type: "bar", data: data.inspected, itemStyle: { color: "#1d4f91" } },
        { name: element.dataset.solved, type: "bar", data: data.solved, itemStyle: { color: "#2e7d32" } }
      ]
    };
  }

  var BUILDERS = { weekly: weekly, progress: progress };

  function draw() {
    if (typeof echarts === "undefined") {
      return;
    }
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var data = read(element.dataset.source);
      var build = BUILDERS[element.dataset.chart];
      if (!data || !build) {
        return;
      }
      var chart = echarts.init(element, null, { renderer: "svg" });
      chart.setOption(build(element, data));
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
