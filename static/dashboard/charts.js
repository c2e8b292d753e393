/* The brands' table charts (Apache ECharts, vendored): every [data-table-chart] element
 * names the json_script holding its numbers ({% table_chart %}, apps/core/templatetags/
 * figures.py): labels, and one series per table column. The table under each chart holds
 * the same figures. Readable in black and white: values on bars and points, decal
 * patterns (aria), dashed lines and distinct symbols for a second line.
 *
 * Tooltips are HTML built by our formatter; every name and value in them goes through
 * escapeHtml (region, team and category names are typed by staff). */
(function () {
  "use strict";
  if (typeof echarts === "undefined") { return; }
  var INK = "#1a1a1a";
  var PALETTE = ["#2f4b7c", "#c45500", "#2e7d32", "#b3001b", "#6a3d9a", "#00695c", "#795548", "#455a64"];
  var FONT = { fontSize: 13, color: INK };
  var SYMBOLS = ["circle", "triangle", "rect", "diamond", "pin"];
  var narrow = window.matchMedia("(max-width: 640px)").matches;
  var charts = [];

  var HTML_ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

  function escapeHtml(value) {
    return String(value === null || value === undefined ? "" : value).replace(/[&<>"']/g, function (c) {
      return HTML_ESCAPES[c];
    });
  }

  function marker(p) { return typeof p.marker === "string" ? p.marker : ""; }

  function shown(value, percent) {
    if (value === null || value === undefined) { return "—"; }
    return percent ? value + "%" : String(value);
  }

  function draw(el) {
    var source = document.getElementById(el.getAttribute("data-table-chart"));
    if (!source) { return; }
    var spec = JSON.parse(source.textContent);
    var horizontal = spec.kind === "hbar" || spec.kind === "stack";
    var percentOf = spec.series.map(function (s) { return s.percent; });
    var many = spec.series.length > 1;
    var category = {
      type: "category", data: spec.labels, inverse: horizontal,
      axisLabel: Object.assign(
        horizontal ? { width: narrow ? 96 : 200, overflow: "truncate" } : { interval: narrow ? "auto" : 0 }, FONT)
    };
    var value = { type: "value", axisLabel: FONT, max: percentOf.every(Boolean) ? 100 : null };
    var series = spec.series.map(function (s, i) {
      var line = spec.kind === "line";
      return {
        name: s.name, type: line ? "line" : "bar", data: s.data,
        stack: spec.kind === "stack" ? "total" : undefined,
        symbol: SYMBOLS[i % SYMBOLS.length], symbolSize: 8, connectNulls: false,
        lineStyle: line ? { width: i ? 2 : 3, type: i ? "dashed" : "solid" } : undefined,
        label: {
          show: spec.kind === "stack" ? false : (!narrow || !line),
          position: line ? "top" : (horizontal ? "right" : "top"), color: INK,
          formatter: function (p) { return shown(p.value, s.percent); }
        }
      };
    });
    var rows = spec.labels.length;
    el.style.height = (horizontal ? Math.max(200, rows * (many && spec.kind !== "stack" ? 22 * spec.series.length + 16 : 34) + 70)
      : (narrow ? 280 : 320)) + "px";
    var chart = echarts.init(el, null, { renderer: "svg", locale: "ZH" });
    chart.setOption({
      color: PALETTE,
      animation: false,
      textStyle: { fontFamily: "Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif" },
      aria: { enabled: true, decal: { show: true } },
      legend: { show: many, top: 0, textStyle: FONT },
      grid: { left: 8, right: horizontal ? 48 : 16, top: many ? 40 : 16, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", confine: true, formatter: function (params) {
        var list = Array.isArray(params) ? params : [params];
        if (!list.length) { return ""; }
        return escapeHtml(list[0].axisValueLabel) + list.map(function (p) {
          return "<br>" + marker(p) + escapeHtml(p.seriesName) + "：" + escapeHtml(shown(p.value, percentOf[p.seriesIndex]));
        }).join("");
      } },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? category : value,
      series: series
    });
    charts.push(chart);
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-table-chart]"), draw);

  var timer = null;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { charts.forEach(function (c) { c.resize(); }); }, 150);
  });
  window.addEventListener("beforeprint", function () { charts.forEach(function (c) { c.resize(); }); });
})();
