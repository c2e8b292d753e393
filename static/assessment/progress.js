// The tally's progress bar: poll the run's JSON while it is queued or running, then reload
// so the new ranking shows. Also asks before confirm-marked destructive actions.
(function () {
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
  var box = document.getElementById("last-run");
  if (!box || !box.dataset.active) return;
  var bar = document.getElementById("run-progress");
  var label = document.getElementById("run-status");
  function poll() {
    fetch(box.dataset.progressUrl, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        bar.value = data.progress;
        bar.textContent = data.progress + "%";
        label.textContent = data.status_label;
        if (data.done) { window.location.reload(); } else { setTimeout(poll, 1000); }
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 500);
})();
