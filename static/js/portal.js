// Small progressive enhancements. Every page works without this file.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (!button) { return; }
    var source = document.getElementById(button.getAttribute("data-copy-target"));
    if (!source || !navigator.clipboard) { return; }
    event.preventDefault();
    navigator.clipboard.writeText(source.value || source.textContent).then(function () {
      var status = document.getElementById(button.getAttribute("data-copy-status"));
      if (status) { status.textContent = button.getAttribute("data-copied-text") || "OK"; }
      if (button.getAttribute("data-copy-url")) {
        htmx.ajax("POST", button.getAttribute("data-copy-url"), { swap: "none" });
      }
    });
  });
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });
})();
