/*
 * The rotation chart of the years page (ECharts, vendored).
 *
 * <div data-rotation-chart="ID" hidden> is filled from the JSON of
 * <script type="application/json" id="ID">: {years, new, returning, size,
 * new_percent, target_percent}. The table under the chart carries every figure, so
 * without JavaScript nothing is lost; the chart stays hidden.
 */
(function () {
  "use strict";

  function cssVar(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name);
    return (value && value.trim()) || fallback;
  }

  function draw(box) {
    var source = document.getElementById(box.getAttribute("data-rotation-chart"));
    if (!source || typeof echarts === "undefined") return null;
    var data = JSON.parse(source.textContent);
    if (!data.years.length) return null;
    box.hidden = false;
    var text = cssVar("--text", "#1f2328");
    var chart = echarts.init(box, null, { renderer: "svg" });
    chart.setOption({
      aria: {
        enabled: true,
        label: {
          description: "各年度市民代表名单人数与新增比例：" + data.years.map(function (year, i) {
            return year + "年 " + data.size[i] + " 人" +
              (data.new_percent[i] === null ? "" : "，新增 " + data.new_percent[i] + "%");
          }).join("；")
        }
      },
      animation: false,
      legend: { bottom: 0, textStyle: { color: text } },
      grid: { left: 8, right: 8, top: 32, bottom: 36, containLabel: true },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: data.years, axisLabel: { color: text } },
      yAxis: [
        { type: "value", name: "人数", axisLabel: { color: text } },
        { type: "value", name: "新增比例（%）", min: 0, max: 100, axisLabel: { color: text } }
      ],
      series: [
        {
          name: "连任", type: "bar", stack: "roster",
          data: data.returning.map(function (v, i) { return v === null ? data.size[i] : v; }),
          itemStyle: { color: cssVar("--line-strong", "#8a939e") }
        },
        {
          name: "新增", type: "bar", stack: "roster", data: data["new"],
          itemStyle: { color: cssVar("--blue", "#1a4f9c") }
        },
        {
          name: "新增比例", type: "line", yAxisIndex: 1, data: data.new_percent,
          connectNulls: false, itemStyle: { color: cssVar("--red", "#b3261e") },
          markLine: {
            symbol: "none", silent: true,
            label: {
              formatter: "目标 " + data.target_percent + "%",
              position: "insideEndTop", color: text
            },
            lineStyle: { type: "dashed", color: cssVar("--red", "#b3261e") },
            data: [{ yAxis: data.target_percent }]
          }
        }
      ]
    });
    return chart;
  }

  function start() {
    var charts = [];
    document.querySelectorAll("[data-rotation-chart]").forEach(function (box) {
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
