// Impact pages: charts from the JSON data blocks (each chart has a data table beside it),
// the print button of the reports. Every page works without this file.
(function () {
  "use strict";
  function drawCharts() {
    if (typeof Chart === "undefined") { return; }
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      if (canvas.dataset.drawn) { return; }
      var source = document.getElementById(canvas.getAttribute("data-chart"));
      if (!source) { return; }
      var spec = JSON.parse(source.textContent);
      canvas.dataset.drawn = "1";
      // One series (label, values) or several (datasets: per-app usage), each its own colour.
      var colours = ["#0057b8", "#b3005a", "#007a3d", "#a35200", "#5b2a86", "#006d75", "#444"];
      var datasets = spec.datasets ? spec.datasets.map(function (set, i) {
        var colour = colours[i % colours.length];
        return { label: set.label, data: set.data, borderColor: colour, backgroundColor: colour,
          fill: false };
      }) : [{ label: spec.label, data: spec.values,
        backgroundColor: "rgba(0, 87, 184, 0.6)", borderColor: "#0057b8", fill: false }];
      new Chart(canvas, {
        type: spec.type,
        data: { labels: spec.labels, datasets: datasets },
        options: { responsive: true, maintainAspectRatio: false, animation: false,
          plugins: { legend: { display: !!spec.datasets } } }
      });
    });
  }
  document.addEventListener("DOMContentLoaded", drawCharts);
  document.addEventListener("htmx:afterSettle", drawCharts);
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) { event.preventDefault(); window.print(); }
  });
})();
