/* Dashboard tables wider than their box (三会一课达标（按月）at 1440 px, most tables on a
 * phone) scroll sideways inside it; a cue above says so, and a shadow marks the hidden
 * edge. Shown only while the table overflows: on resize, and when a collapsed table
 * (主要指标数据表) is opened. */
(function () {
  "use strict";
  var CUE = "表格较宽，可左右滑动查看全部列 →";

  function update() {
    document.querySelectorAll(".dash-table-wrap").forEach(function (wrap) {
      var cue = wrap.previousElementSibling;
      if (!cue || !cue.classList.contains("scroll-cue")) {
        cue = document.createElement("p");
        cue.className = "scroll-cue";
        cue.textContent = CUE;
        wrap.parentNode.insertBefore(cue, wrap);
      }
      var wide = wrap.scrollWidth > wrap.clientWidth + 1;
      var atEnd = wrap.scrollLeft + wrap.clientWidth >= wrap.scrollWidth - 1;
      cue.hidden = !wide;
      wrap.classList.toggle("is-scrollable", wide);
      wrap.classList.toggle("more-right", wide && !atEnd);
    });
  }

  document.addEventListener("scroll", function (event) {
    if (event.target.classList && event.target.classList.contains("dash-table-wrap")) { update(); }
  }, true);
  document.querySelectorAll("details").forEach(function (d) { d.addEventListener("toggle", update); });
  var timer = null;
  window.addEventListener("resize", function () { clearTimeout(timer); timer = setTimeout(update, 150); });
  update();
})();
