// The trend of a unit's score over the published periods (ECharts), from json_script data.
(function () {
  "use strict";
  function draw() {
    var holder = document.getElementById("assessment-trend");
    var source = document.getElementById("assessment-trend-data");
    if (!holder || !source || !window.echarts) return;
    var data = JSON.parse(source.textContent);
    if (!data.labels.length) { holder.hidden = true; return; }
    var chart = window.echarts.init(holder, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      grid: { left: 40, right: 16, top: 16, bottom: 32 },
      xAxis: { type: "category", data: data.labels },
      yAxis: { type: "value", min: 0, max: 100 },
      tooltip: { trigger: "axis" },
      series: [{ name: data.name, type: "line", data: data.totals, connectNulls: true }],
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
