// Scheduled tasks (后台 → 定时任务): under the crontab field, say in words when the chosen
// schedule runs. Replaces django-celery-beat's inline script, which the CSP blocks.
(function () {
  "use strict";
  var script = document.currentScript;
  var data = document.getElementById("readable-crontabs");
  if (!script || !data) return;
  var readable = JSON.parse(data.textContent || "{}");
  var original = script.getAttribute("data-help") || "";
  var translation = document.querySelector(".field-crontab_translation");
  if (translation) translation.style.display = "none";

  function update() {
    var select = document.getElementById("id_crontab");
    var help = document.querySelector(".field-crontab .help");
    if (!select || !help) return;
    help.textContent = original;
    var words = readable[select.value];
    if (words) {
      help.appendChild(document.createElement("br"));
      help.appendChild(document.createTextNode("执行时间：" + words));
    }
  }

  var field = document.querySelector(".field-crontab");
  if (field) field.addEventListener("change", update);
})();
