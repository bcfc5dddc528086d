/* OsteoFit: what is folded away on screen is printed in full (the week's "How to do each
 * exercise"): each `details[data-print-open]` opens for printing and closes again after.
 * print.css does the same where the browser styles `::details-content`. No inline script. */
(function () {
  "use strict";

  var opened = [];

  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details[data-print-open]:not([open])").forEach(function (el) {
      el.open = true;
      opened.push(el);
    });
  });

  window.addEventListener("afterprint", function () {
    opened.forEach(function (el) {
      el.open = false;
    });
    opened = [];
  });
})();
