/*
 * The charts of the suggestion statistics page (ECharts, vendored).
 *
 * Each <div data-stats-chart="NAME" data-kind="bar|pie" data-title="…"
 * data-source="ID" hidden> is drawn from NAME of the JSON in
 * <script type="application/json" id="ID">: {NAME: {labels: [...], values: [...]}}.
 * The table under each chart carries the same figures, so without JavaScript
 * nothing is lost; the chart stays hidden. The ARIA description reads every figure.
 */
(function () {
  "use strict";

  function cssVar(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name);
    return (value && value.trim()) || fallback;
  }

  function describe(title, data) {
    return title + "：" + data.labels.map(function (label, i) {
      return label + " " + data.values[i];
    }).join("；");
  }

  function option(kind, title, data) {
    var text = cssVar("--text", "#1f2328");
    var base = {
      aria: { enabled: true, label: { description: describe(title, data) } },
      animation: false,
      tooltip: { trigger: kind === "pie" ? "item" : "axis" }
    };
    if (kind === "pie") {
      base.legend = { bottom: 0, type: "scroll", textStyle: { color: text } };
      base.series = [{
        name: title, type: "pie", radius: ["35%", "65%"],
        label: { color: text, formatter: "{b}：{c}（{d}%）" },
        data: data.labels.map(function (label, i) {
          return { name: label, value: data.values[i] };
        })
      }];
      return base;
    }
    // Horizontal bars: long Chinese names stay readable on a phone.
    base.grid = { left: 8, right: 24, top: 8, bottom: 8, containLabel: true };
    base.xAxis = { type: "value", axisLabel: { color: text } };
    base.yAxis = {
      type: "category", inverse: true, data: data.labels,
      axisLabel: { color: text, width: 140, overflow: "truncate" }
    };
    base.series = [{
      name: title, type: "bar", data: data.values,
      itemStyle: { color: cssVar("--blue", "#1a4f9c") },
      label: { show: true, position: "right", color: text }
    }];
    return base;
  }

  function draw(box) {
    var source = document.getElementById(box.getAttribute("data-source"));
    if (!source || typeof echarts === "undefined") return null;
    var data = JSON.parse(source.textContent)[box.getAttribute("data-stats-chart")];
    if (!data || !data.labels.length) return null;
    box.hidden = false;
    var chart = echarts.init(box, null, { renderer: "svg" });
    chart.setOption(option(box.getAttribute("data-kind"), box.getAttribute("data-title"), data));
    return chart;
  }

  function start() {
    var charts = [];
    document.querySelectorAll("[data-stats-chart]").forEach(function (box) {
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
