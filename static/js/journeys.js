// The journey page: after htmx swapped the task list, put keyboard focus back where the user
// was (the moved task), so keyboard and screen-reader users do not lose their place.
(function () {
  "use strict";
  document.addEventListener("htmx:afterSettle", function () {
    var focus = document.querySelector("#taken [data-focus]");
    if (!focus) { return; }
    focus.removeAttribute("data-focus");
    focus.focus();
  });
})();
