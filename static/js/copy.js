/* OsteoFit: a Copy button beside a text that people paste elsewhere (the calendar address).
 *
 * Progressive: the button is `hidden` in the page and shown only where the browser can copy,
 * so without JavaScript the address stays selectable in its box. "Copied" is said in the
 * button's status region, which screen readers announce. No inline script: strict CSP.
 */
(function () {
  "use strict";

  function setUp(button) {
    var source = document.getElementById(button.getAttribute("data-copy-from"));
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    if (!source || !status || !navigator.clipboard) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = "";
      navigator.clipboard.writeText(source.value || source.textContent).then(
        function () {
          status.textContent = "Copied";
        },
        function () {
          source.select();
          status.textContent = "Could not copy. The link is selected: copy it with your keyboard or menu.";
        }
      );
    });
  }

  function start() {
    document.querySelectorAll("button[data-copy-from]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
