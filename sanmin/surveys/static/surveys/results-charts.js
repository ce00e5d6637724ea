/*
 * Bar charts of survey results (ECharts, vendored).
 *
 * Each <div data-survey-chart="NAME" data-source="ID" hidden> is drawn from NAME of
 * the JSON in <script type="application/json" id="ID">:
 * {NAME: {title, labels: [...], values: ["66.7", null, ...], unit: "%"}}.
 * The table beside each chart carries the same figures, so without JavaScript
 * nothing is lost; the chart stays hidden. ECharts' aria option is enabled with a
 * description that reads every figure.
 */
(function () {
  "use strict";

  function cssVar(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name);
    return (value && value.trim()) || fallback;
  }

  function describe(data) {
    return data.title + "：" + data.labels.map(function (label, i) {
      var value = data.values[i];
      return label + " " + (value === null ? "无数据" : value + data.unit);
    }).join("；");
  }

  function option(data) {
    var text = cssVar("--text", "#1f2328");
    var values = data.values.map(function (v) { return v === null ? null : Number(v); });
    return {
      aria: { enabled: true, label: { description: describe(data) } },
      animation: false,
      // Horizontal bars: long Chinese labels stay readable on a phone.
      grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: {
        type: "value", min: 0, max: data.unit === "%" ? 100 : null,
        axisLabel: { color: text }
      },
      yAxis: {
        type: "category", inverse: true, data: data.labels,
        axisLabel: { color: text, width: 120, overflow: "truncate" }
      },
      series: [{
        name: data.title, type: "bar", data: values,
        itemStyle: { color: cssVar("--blue", "#1a4f9c") },
        label: {
          show: true, position: "right", color: text,
          // The figure as the table prints it ("75.0", not 75).
          formatter: function (p) {
            var shown = data.values[p.dataIndex];
            return shown === null ? "" : shown + data.unit;
          }
        }
      }]
    };
  }

  function draw(box) {
    var source = document.getElementById(box.getAttribute("data-source"));
    if (!source || typeof echarts === "undefined") return null;
    var data = JSON.parse(source.textContent)[box.getAttribute("data-survey-chart")];
    if (!data || !data.labels.length) return null;
    box.hidden = false;
    box.style.width = "100%";
    box.style.height = (data.labels.length * 40 + 40) + "px";
    var chart = echarts.init(box, null, { renderer: "svg" });
    chart.setOption(option(data));
    return chart;
  }

  function start() {
    var charts = [];
    document.querySelectorAll("[data-survey-chart]").forEach(function (box) {
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
