/* OsteoFit: what the page does after htmx swaps in a server-rendered part of it.
 *
 * Every form works without this file. With it (and htmx), the log and settings forms save in
 * place; this keeps keyboard and screen-reader users oriented when the page changes under them,
 * and says so when the connection fails. No inline script or style, so it runs under a strict
 * Content Security Policy.
 */
(function () {
  "use strict";

  var ERRORS = ".message-error, .field-invalid";
  var FIELDS = "input:not([type=hidden]), select, textarea";
  var OFFLINE =
    "We could not reach OsteoFit, so this is not saved yet. " +
    "Check your internet connection and press the button again.";
  var NOT_SAVED =
    "This is not saved yet: the page's security check had run out. " +
    "Everything you typed is still here. Please press the button again.";

  function focusOn(element) {
    if (!element.matches("a[href], button, " + FIELDS)) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus();
    element.scrollIntoView({ block: "center" });
  }

  /* The error summary if the form came back with errors, else the first error, else what was
   * saved, else the page. */
  function focusAfterSwap() {
    var main = document.getElementById("main");
    if (!main) {
      return;
    }
    var summary = main.querySelector("[data-error-summary]");
    if (summary) {
      /* htmx focuses the summary (autofocus) a frame before this runs; someone quick on the
       * keyboard may already be on one of its links, and must not be pulled back. */
      if (summary.contains(document.activeElement)) {
        return;
      }
      focusOn(summary);
      summary.scrollIntoView({ block: "start" });
      return;
    }
    var error = main.querySelector(ERRORS);
    if (error) {
      focusOn(error.matches(".field-invalid") ? error.querySelector(FIELDS) || error : error);
      return;
    }
    var status =
      main.querySelector("[data-swap-status]:not(:empty)") || main.querySelector(".messages");
    focusOn(status || main);
  }

  /* One swap can settle several elements (the form and its status); move focus once. */
  var focusQueued = false;
  document.addEventListener("htmx:afterSettle", function () {
    if (focusQueued) {
      return;
    }
    focusQueued = true;
    window.requestAnimationFrame(function () {
      focusQueued = false;
      focusAfterSwap();
    });
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    event.detail.elt.setAttribute("aria-busy", "true");
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    event.detail.elt.removeAttribute("aria-busy");
  });

  /* A sentence at the top of the form that was not saved; what was typed stays. */
  function notSaved(form, text) {
    var note = form.querySelector("[data-offline]");
    if (!note) {
      note = document.createElement("p");
      note.className = "message message-error";
      note.setAttribute("role", "alert");
      note.setAttribute("data-offline", "");
      form.prepend(note);
    }
    note.textContent = text;
    focusOn(note);
  }

  /* No answer at all (offline, timeout). */
  function offline(event) {
    notSaved(event.detail.elt, OFFLINE);
  }

  /* Refused by the CSRF check (the token cookie was gone or had changed): the answer would
   * replace the page, and the typing with it. Keep the page, take the fresh token the answer
   * carries (403_csrf.html), so pressing the button again works, and say so. */
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (xhr.status !== 403 || xhr.responseText.indexOf("data-csrf-failure") === -1) {
      return;
    }
    event.detail.shouldSwap = false;
    event.detail.isError = false;
    var answer = new DOMParser().parseFromString(xhr.responseText, "text/html");
    var fresh = answer.querySelector("meta[name=csrf-token]");
    if (fresh) {
      document.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach(function (input) {
        input.value = fresh.getAttribute("content");
      });
    }
    var form = event.detail.elt.closest("form") || event.detail.elt;
    notSaved(form, NOT_SAVED);
  });

  /* A link in the error summary moves focus to its field (the browser would only scroll to a
   * radio group's fieldset), and shows the field's label above it. */
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) {
      return;
    }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) {
      return;
    }
    event.preventDefault();
    field.focus();
    var around = field.closest(".field, fieldset") || field;
    around.scrollIntoView({ block: "start" });
  });

  document.addEventListener("htmx:sendError", offline);
  document.addEventListener("htmx:timeout", offline);
})();
