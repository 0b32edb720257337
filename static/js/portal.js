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

  // An htmx control whose hx-target is not on this page (the task edit form opened on its own,
  // outside the journey page) would do nothing at all: htmx refuses to swap into a missing
  // target. Such a control drops its hx-* attributes before htmx sees it, so the form posts and
  // the link opens as plain HTML; every view answers a plain request with a redirect or a page.
  var HX_VERBS = ["hx-get", "hx-post", "hx-put", "hx-patch", "hx-delete"];
  var RELATIVE = /^(this|closest|find|next|previous|body|document|window)\b/;

  function missingTarget(element) {
    var holder = element.closest("[hx-target]");
    var selector = holder && holder.getAttribute("hx-target").trim();
    if (!selector || RELATIVE.test(selector)) { return false; }
    try { return document.querySelector(selector) === null; } catch (error) { return false; }
  }

  function plain(element) {
    HX_VERBS.concat(["hx-target", "hx-swap", "hx-trigger"]).forEach(function (name) {
      element.removeAttribute(name);
    });
  }

  document.addEventListener("htmx:beforeProcessNode", function (event) {
    var element = event.target;
    var hasVerb = HX_VERBS.some(function (name) { return element.hasAttribute(name); });
    if (hasVerb && (element.tagName === "FORM" || element.tagName === "A") && missingTarget(element)) {
      plain(element);
    }
  });

  // The target may also vanish after the page loaded: then the form is sent the plain way.
  document.addEventListener("htmx:targetError", function (event) {
    var element = event.target;
    var form = element.tagName === "FORM" ? element : null;
    if (form) {
      plain(form);
      HTMLFormElement.prototype.submit.call(form);
    } else if (element.tagName === "A" && element.getAttribute("href")) {
      window.location.assign(element.href);
    }
  });
})();
