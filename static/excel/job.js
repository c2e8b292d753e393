// Polls a background Excel import's status until it finishes (templates/excel/job.html).
(function () {
    var box = document.getElementById("excel-job");
    if (box.dataset.finished === "1") return;
    function poll() {
        fetch(box.dataset.statusUrl, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (d) {
            document.getElementById("excel-job-status").textContent = d.status_label;
            document.getElementById("excel-job-fill").style.width = d.percent + "%";
            document.getElementById("excel-job-bar").setAttribute("aria-valuenow", d.percent);
            if (d.finished) { window.location.reload(); } else { setTimeout(poll, 1500); }
        }).catch(function () { setTimeout(poll, 5000); });
    }
    setTimeout(poll, 1000);
})();
