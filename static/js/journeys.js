// The journey page: after htmx swapped the task list, put keyboard focus back where it was
// (the moved task's button), or on the list's heading, so keyboard users do not lose their place.
(function () {
  "use strict";
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.elt;
    var section = document.getElementById("taken");
    if (!section || !target || !(target === section || section.contains(target) || target.id === "taken")) { return; }
    var focus = section.querySelector("[data-focus]") || section.querySelector(".utrecht-form-field--invalid input, .utrecht-form-field--invalid textarea") || document.getElementById("kop-taken");
    if (focus) { focus.focus(); }
  });
})();
