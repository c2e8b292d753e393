/* Runs static/dashboard/dashboard.js in node against a stand-in page and ECharts, then
 * calls every chart's tooltip formatter the way ECharts would, with the names given in
 * the data file (argv[2]). Prints, as JSON, per chart: the tooltip formatter's kind
 * ("function", "string" or "none") and the HTML it returned.
 * Usage: node dashboard_tooltips.js <dashboard.js> <data.json> */
"use strict";
const fs = require("fs");
const vm = require("vm");

const [script, dataFile] = process.argv.slice(2);
const data = JSON.parse(fs.readFileSync(dataFile, "utf8"));
const drawn = [];

function element(selector) {
  return { selector: selector, style: {}, addEventListener() {} };
}
const sandbox = {
  document: {
    getElementById: (id) => (id === "dashboard-data" ? { textContent: JSON.stringify(data) } : null),
    querySelector: (selector) => element(selector),
  },
  window: { matchMedia: () => ({ matches: false }), addEventListener() {}, print() {} },
  echarts: {
    init: (el) => ({ setOption: (option) => drawn.push({ key: /data-chart="(\w+)"/.exec(el.selector)[1], option }), resize() {} }),
  },
  setTimeout, clearTimeout,
};
vm.runInNewContext(fs.readFileSync(script, "utf8"), sandbox, { filename: script });

// What ECharts passes a formatter: for trigger "item" one params object, for "axis" a list.
const MARKER = '<span style="display:inline-block;width:10px;height:10px;background-color:#b3001b;"></span>';
function itemParams(option, series, index) {
  const value = series.data[index];
  const plain = value !== null && typeof value === "object" && !Array.isArray(value) ? value : { value: value };
  const name = plain.name !== undefined ? plain.name : axisName(option, index);
  return { componentType: "series", seriesType: series.type, seriesIndex: 0, seriesName: series.name,
    dataIndex: index, name: name, value: plain.value, data: value, percent: 50, marker: MARKER, color: "#b3001b" };
}
function axisName(option, index) {
  for (const axis of [option.yAxis, option.xAxis]) {
    if (axis && axis.type === "category" && axis.data) { return axis.data[index]; }
  }
  return "";
}
function call(option) {
  const tooltip = option.tooltip || {};
  const formatter = tooltip.formatter;
  const kind = typeof formatter === "function" ? "function" : formatter === undefined ? "none" : "string";
  if (kind !== "function") { return { kind: kind, html: [] }; }
  const html = [];
  const series = option.series;
  const length = Math.max.apply(null, series.map((s) => s.data.length));
  for (let i = 0; i < length; i++) {
    if (tooltip.trigger === "axis") {
      html.push(formatter(series.filter((s) => i < s.data.length).map((s) => {
        const p = itemParams(option, s, i);
        return Object.assign(p, { axisValue: axisName(option, i), axisValueLabel: axisName(option, i) });
      })));
    } else {
      series.forEach((s) => { if (i < s.data.length) { html.push(formatter(itemParams(option, s, i))); } });
    }
  }
  return { kind: kind, trigger: tooltip.trigger, html: html };
}
const result = {};
drawn.forEach((chart) => { result[chart.key] = call(chart.option); });
process.stdout.write(JSON.stringify(result));
