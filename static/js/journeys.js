// The journey page: after htmx swapped the task list, put keyboard focus back where the user
// was (the moved task), so keyboard and screen-reader users do not lose their place.
(function () {
  "use strict";

  // A task's test form, loaded into its slot when "Record a test" is opened (focus stays on
  // that control: the form follows it) or sent back with errors (focus on the first wrong
  // field, since the button that sent it is gone).
  function settleTestSlot(slot) {
    var invalid = slot.querySelector("[aria-invalid='true']");
    var lost = !document.activeElement || document.activeElement === document.body;
    if (invalid) {
      invalid.focus();
    } else if (lost) {
      var first = slot.querySelector("input, select, textarea, button, a[href]");
      if (!first) {
        slot.setAttribute("tabindex", "-1");
        first = slot;
      }
      first.focus();
    }
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    var target = (event.detail && event.detail.target) || event.target;
    if (target && target.classList && target.classList.contains("portal-test-slot")) {
      settleTestSlot(target);
      return;
    }
    var focus = document.querySelector("#taken [data-focus]");
    if (!focus) { return; }
    focus.removeAttribute("data-focus");
    focus.focus();
  });
})();
