/* Leadership dashboard charts (Apache ECharts, vendored). The numbers come from the
 * page's JSON (json_script "dashboard-data"); every chart also has a table below it.
 * Readable in black and white: labels on bars and points, decal patterns (aria), dashed
 * lines and distinct symbols for the previous year.
 *
 * Tooltips are HTML: every chart's tooltip has a formatter of ours (never a string
 * template or ECharts' default), and every name or value in it goes through escapeHtml —
 * organisation, region and unit names are typed by staff. Axis and series labels are
 * drawn as SVG text (no rich text is configured), so they take plain text unescaped. */
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var year = data.filters.year;
  var INK = "#1a1a1a";
  var PALETTE = ["#b3001b", "#2f4b7c", "#c45500", "#2e7d32", "#6a3d9a", "#7a0019", "#00695c", "#795548", "#455a64"];
  var FONT = { fontSize: 13, color: INK };
  var charts = [];

  // Rounded once, half-up, as the server rounds (apps.core.figures.half_up): the inner
  // round drops a float's binary noise (0.145 * 100 is 14.499999999999998).
  function pct(v) { return v === null || v === undefined ? "" : Math.round(Math.round(v * 1e8) / 1e6) + "%"; }

  var HTML_ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

  // The one way text enters a tooltip's HTML.
  function escapeHtml(value) {
    return String(value === null || value === undefined ? "" : value).replace(/[&<>"']/g, function (c) {
      return HTML_ESCAPES[c];
    });
  }

  // ECharts' colour marker: markup it builds itself from the series colour (ours).
  function marker(p) { return typeof p.marker === "string" ? p.marker : ""; }

  // Tooltip of the charts triggered by axis: the category, then one line per series.
  function axisTooltip(params) {
    var list = Array.isArray(params) ? params : [params];
    if (!list.length) { return ""; }
    return escapeHtml(list[0].axisValueLabel) + list.map(function (p) {
      var value = p.value === null || p.value === undefined ? "-" : p.value;
      return "<br>" + marker(p) + escapeHtml(p.seriesName) + "：" + escapeHtml(value);
    }).join("");
  }

  function base() {
    return {
      color: PALETTE,
      animation: false,
      textStyle: { fontFamily: "Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif" },
      aria: { enabled: true, decal: { show: true } },
      tooltip: { trigger: "axis", confine: true, formatter: axisTooltip },
      legend: { top: 0, textStyle: FONT }
    };
  }

  function draw(key, option, height) {
    var el = document.querySelector('[data-chart="' + key + '"]');
    if (!el) { return; }
    if (height) { el.style.height = height + "px"; }
    var chart = echarts.init(el, null, { renderer: "svg", locale: "ZH" });
    chart.setOption(Object.assign(base(), option));
    charts.push(chart);
  }

  var narrow = window.matchMedia("(max-width: 640px)").matches;

  // Figures by region: organisations, branches, branches through 六有一提升.
  var regions = data.regions;
  draw("regions", {
    grid: { left: 8, right: 40, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: "value", axisLabel: FONT },
    yAxis: { type: "category", inverse: true, data: regions.map(function (r) { return r.name; }), axisLabel: FONT },
    series: [
      { name: "党组织", type: "bar", data: regions.map(function (r) { return r.organisations; }), label: { show: true, position: "right", color: INK } },
      { name: "党支部", type: "bar", data: regions.map(function (r) { return r.branches; }), label: { show: true, position: "right", color: INK } },
      { name: "“六有一提升”通过", type: "bar", data: regions.map(function (r) { return r.passed; }), label: { show: true, position: "right", color: INK } }
    ]
  }, Math.max(220, regions.length * 78 + 60));

  // Monthly trend of approved activities, this year against last.
  draw("monthly", {
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: data.monthly.labels, axisLabel: FONT },
    yAxis: { type: "value", axisLabel: FONT, name: "次", nameTextStyle: FONT },
    series: [
      { name: year + "年", type: "line", data: data.monthly.current, symbol: "circle", symbolSize: 8,
        lineStyle: { width: 3, type: "solid" }, label: { show: !narrow, position: "top", color: INK } },
      { name: (year - 1) + "年", type: "line", data: data.monthly.previous, symbol: "triangle", symbolSize: 9,
        lineStyle: { width: 2, type: "dashed" }, itemStyle: { color: "#555" } }
    ]
  }, 320);

  // Activity-type mix of the year.
  var types = data.types.filter(function (t) { return t.current > 0; });
  draw("types", {
    tooltip: { trigger: "item", confine: true, formatter: function (p) {
      return escapeHtml(p.name) + "：" + escapeHtml(p.value) + " 次（" + escapeHtml(p.percent) + "%）";
    } },
    legend: { show: false },
    series: [{
      name: year + "年组织生活类型", type: "pie", radius: narrow ? ["20%", "40%"] : ["35%", "65%"],
      center: ["50%", "52%"], data: types.map(function (t) { return { name: t.label, value: t.current }; }),
      label: { show: true, formatter: "{b}\n{c} 次 {d}%", color: INK, fontSize: narrow ? 12 : 13,
        alignTo: narrow ? "edge" : "none", edgeDistance: 4, minMargin: 6 },
      labelLine: { length: narrow ? 8 : 14, length2: narrow ? 6 : 12 },
      itemStyle: { borderColor: "#fff", borderWidth: 2 }
    }]
  }, narrow ? 340 : 380);

  // 三会一课 compliance heat map: rows (regions or branches) × months.
  var comp = data.compliance;
  var cells = [];
  comp.rows.forEach(function (row, y) {
    row.months.forEach(function (v, x) { if (v !== null) { cells.push([x, y, v]); } });
  });
  draw("compliance", {
    tooltip: { trigger: "item", confine: true, formatter: function (p) {
      return escapeHtml(comp.rows[p.value[1]].name + " " + (p.value[0] + 1) + "月：" + pct(p.value[2]));
    } },
    legend: { show: false },
    grid: { left: 8, right: 8, top: 8, bottom: 56, containLabel: true },
    // On a phone every month keeps its column label (the number alone: "12", not "12月"),
    // and the cells carry no percentage (they ran together): tap a cell, or read the table.
    xAxis: { type: "category", data: data.monthly.labels, splitArea: { show: true },
      name: narrow ? "月" : "", nameGap: 4, nameTextStyle: FONT,
      axisLabel: Object.assign({ interval: 0, formatter: function (v) { return narrow ? String(v).replace("月", "") : v; } },
        FONT, narrow ? { fontSize: 11 } : {}) },
    yAxis: { type: "category", inverse: true, data: comp.rows.map(function (r) { return r.name; }),
      axisLabel: Object.assign({ width: narrow ? 96 : 220, overflow: "truncate" }, FONT) },
    visualMap: {
      type: "piecewise", orient: "horizontal", left: "center", bottom: 0, textStyle: FONT,
      pieces: [
        { gte: 1, label: "全部达标", color: "#7a0019" },
        { gte: 0.5, lt: 1, label: "半数以上达标", color: "#d98c8c" },
        { lt: 0.5, label: "半数以下达标", color: "#f6e3e3" }
      ]
    },
    series: [{ name: "达标比例", type: "heatmap", data: cells,
      label: { show: !narrow, formatter: function (p) { return pct(p.value[2]); }, color: INK,
        fontSize: narrow ? 11 : 14, fontWeight: "bold", textBorderColor: "#fff", textBorderWidth: 3 },
      itemStyle: { borderColor: "#fff", borderWidth: 1 } }],
    // The percentage in every cell carries the meaning in black and white; one decal
    // pattern over all cells would only hide it.
    aria: { enabled: true, decal: { show: false } }
  }, Math.max(200, comp.rows.length * 30 + 100));

  // Assessment ranking (only when a result is published).
  if (data.assessment && data.assessment.ranking) {
    var ranking = data.assessment.ranking;
    draw("assessment", {
      grid: { left: 8, right: 80, top: 30, bottom: 8, containLabel: true },
      xAxis: { type: "value", axisLabel: FONT },
      yAxis: { type: "category", inverse: true, data: ranking.map(function (r) { return r.rank + ". " + r.name; }),
        axisLabel: Object.assign({ width: narrow ? 110 : 240, overflow: "truncate" }, FONT) },
      series: [{ name: "总分", type: "bar", data: ranking.map(function (r) { return Number(r.score); }),
        label: { show: true, position: "right", color: INK, formatter: function (p) {
          return p.value + "（" + ranking[p.dataIndex].grade + "）"; } } }]
    }, Math.max(220, ranking.length * 32 + 60));
  }

  var timer = null;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { charts.forEach(function (c) { c.resize(); }); }, 150);
  });
  window.addEventListener("beforeprint", function () { charts.forEach(function (c) { c.resize(); }); });

  var printButton = document.querySelector("[data-print]");
  if (printButton) { printButton.addEventListener("click", function () { window.print(); }); }
})();
