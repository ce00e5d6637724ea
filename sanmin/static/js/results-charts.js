/*
 * Bar charts of the published results (ECharts, vendored).
 *
 * <div data-result-chart="ID" hidden> is filled from the JSON of
 * <script type="application/json" id="ID">: {title, departments, scores}, in the
 * table's order (by rank). The table beside each chart carries the same figures, so
 * without JavaScript nothing is lost; the chart stays hidden. ECharts' aria option
 * gives the chart a generated description for screen readers.
 */
(function () {
  "use strict";

  function cssVar(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name);
    return (value && value.trim()) || fallback;
  }

  function draw(box) {
    var source = document.getElementById(box.getAttribute("data-result-chart"));
    if (!source || typeof echarts === "undefined") return null;
    var data = JSON.parse(source.textContent);
    // Highest first from the top: ECharts draws a category axis bottom-up.
    var names = data.departments.slice().reverse();
    var scores = data.scores.map(function (s) {
      return s === null ? null : Number(s);
    }).reverse();
    box.hidden = false;
    var chart = echarts.init(box, null, { renderer: "svg" });
    var text = cssVar("--text", "#1f2328");
    chart.setOption({
      aria: {
        enabled: true,
        label: {
          description: data.title + "：" + data.departments.map(function (name, i) {
            return name + " " + (data.scores[i] === null ? "无有效票" : data.scores[i] + " 分");
          }).join("；")
        }
      },
      animation: false,
      grid: { left: 8, right: 56, top: 8, bottom: 24, containLabel: true },
      xAxis: {
        type: "value", min: 0, max: 100,
        axisLabel: { color: text }
      },
      yAxis: {
        type: "category", data: names,
        axisLabel: { color: text, fontSize: 13 }
      },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      series: [{
        name: "得分",
        type: "bar",
        data: scores,
        itemStyle: { color: cssVar("--red", "#b3261e") },
        label: {
          show: true, position: "right", color: text,
          formatter: function (p) { return p.value == null ? "" : p.value.toFixed(2); }
        }
      }]
    });
    return chart;
  }

  function start() {
    var charts = [];
    document.querySelectorAll("[data-result-chart]").forEach(function (box) {
      var chart = draw(box);
      if (chart) charts.push(chart);
    });
    window.addEventListener("resize", function () {
      charts.forEach(function (chart) { chart.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
