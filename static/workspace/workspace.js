/* Tiny progressive enhancement; every page works without it.
   - A form's buttons are disabled once it is sent, so a double tap sends it once
     (the server is idempotent anyway).
   - The photo picker says how many photos were chosen. */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset.sent) { event.preventDefault(); return; }
    form.dataset.sent = "1";
    var clicked = event.submitter;
    if (clicked && clicked.name) {
      // A disabled button is not sent: carry its value in a hidden field.
      var carry = document.createElement("input");
      carry.type = "hidden"; carry.name = clicked.name; carry.value = clicked.value;
      form.appendChild(carry);
    }
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit], button:not([type])").forEach(function (b) {
        b.disabled = true;
        if (b === clicked) { b.textContent = "正在提交，请稍候…"; }
      });
    }, 0);
  });
  // Coming back with the browser's back button shows the page from cache: make its
  // buttons usable again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    document.querySelectorAll("form[data-sent]").forEach(function (form) {
      delete form.dataset.sent;
      form.querySelectorAll("button[disabled]").forEach(function (b) { b.disabled = false; });
    });
  });
  var picker = document.getElementById("id_photos");
  var count = document.getElementById("photo-count");
  if (picker && count) {
    picker.addEventListener("change", function () {
      var n = picker.files ? picker.files.length : 0;
      count.textContent = n ? "已选择 " + n + " 张照片，保存或提交时上传。" : "还没有选择照片。";
    });
  }
})();
