/* The dashboard overview's five-year trend (Apache ECharts, vendored): one chart per
 * brand, a small bar panel per headline figure (each with its own scale: 党员 and 党组织
 * differ a hundredfold), the values written on the bars. The numbers come from the page's
 * JSON (json_script "overview-data"); the table under each chart holds the same figures.
 * No tooltip: every value is printed on its bar, so no HTML is built from data. */
(function () {
  "use strict";
  var source = document.getElementById("overview-data");
  if (!source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var INK = "#1a1a1a";
  var PALETTE = ["#b3001b", "#2f4b7c", "#c45500", "#2e7d32", "#6a3d9a", "#00695c"];
  var FONT = { fontSize: 13, color: INK };
  var narrow = window.matchMedia("(max-width: 640px)").matches;
  var charts = [];
  var years = data.years.map(function (y) { return String(y); });

  function number(v) { return v === null || v === undefined ? null : Number(v); }

  data.brands.forEach(function (brand) {
    var el = document.querySelector('[data-trend-chart="' + brand.key + '"]');
    if (!el) { return; }
    var columns = narrow ? 1 : Math.min(3, brand.figures.length);
    var rows = Math.ceil(brand.figures.length / columns);
    var panel = narrow ? 190 : 210;
    el.style.height = (rows * panel + 10) + "px";
    var option = {
      color: PALETTE, animation: false,
      textStyle: { fontFamily: "Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif" },
      aria: { enabled: true, decal: { show: true } },
      title: [], grid: [], xAxis: [], yAxis: [], series: []
    };
    brand.figures.forEach(function (f, i) {
      var col = i % columns, row = Math.floor(i / columns);
      var left = (100 / columns) * col, width = 100 / columns;
      var top = row * panel;
      option.title.push({ text: f.label + (f.unit ? "（" + f.unit + "）" : ""), left: (left + 1) + "%", top: top,
        textStyle: { fontSize: 14, fontWeight: "bold", color: INK } });
      option.grid.push({ left: (left + 2) + "%", width: (width - 5) + "%", top: top + 46, height: panel - 80,
        containLabel: true });
      option.xAxis.push({ gridIndex: i, type: "category", data: years, axisLabel: Object.assign({ interval: 0 }, FONT) });
      option.yAxis.push({ gridIndex: i, type: "value", axisLabel: FONT, splitNumber: 3 });
      option.series.push({ name: f.label, type: "bar", xAxisIndex: i, yAxisIndex: i, barMaxWidth: 36,
        itemStyle: { color: PALETTE[i % PALETTE.length] },
        data: f.trend.map(number),
        label: { show: true, position: "top", color: INK, fontSize: 12 } });
    });
    var chart = echarts.init(el, null, { renderer: "svg", locale: "ZH" });
    chart.setOption(option);
    charts.push(chart);
  });

  var timer = null;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { charts.forEach(function (c) { c.resize(); }); }, 150);
  });
  window.addEventListener("beforeprint", function () { charts.forEach(function (c) { c.resize(); }); });
})();
