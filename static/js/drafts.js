/* OsteoFit: a draft of what the person typed into the log form or the guided session's
 * check-in and check-out, kept in this tab's sessionStorage, so an expired login session does
 * not lose it. After logging in again and coming back to the form, the draft is put back;
 * once the page says the session was saved, it is forgotten.
 *
 * Only what the person entered is kept: values are read on their own input and change events,
 * never hidden fields or the CSRF token. Static file, no inline script: CSP-safe.
 *
 * A shared computer: each draft is keyed by the signed-in person's <body data-draft-owner>, an
 * opaque keyed hash the server renders (nothing personal in it). A draft is only put back for
 * its own person; a page signed in as someone else forgets the others' drafts, and logging
 * out (a form in [data-draft-forget]) forgets them all.
 */
(function () {
  "use strict";

  var PREFIX = "osteofit-draft:";
  var RESTORED =
    "We put back what you typed before (it was not saved yet). Check it, then save.";

  function storage() {
    try {
      return window.sessionStorage;
    } catch (error) {
      return null; /* storage blocked: the form still works, only without a draft */
    }
  }

  /* Who is signed in, as the server's opaque value; "" when nobody is (then nothing is kept). */
  function owner() {
    return (document.body && document.body.getAttribute("data-draft-owner")) || "";
  }

  function keyOf(form) {
    return (
      PREFIX + owner() + ":" + form.getAttribute("data-draft") + ":" + window.location.pathname
    );
  }

  /* Forget the drafts that `keep` (a key) does not want; every draft when there is none. */
  function forget(keep) {
    var store = storage();
    for (var i = store ? store.length - 1 : -1; i >= 0; i -= 1) {
      var key = store.key(i);
      if (key && key.indexOf(PREFIX) === 0 && !(keep && keep(key))) {
        store.removeItem(key);
      }
    }
  }

  /* Signed in: the drafts of anyone else who used this tab (or kept before drafts had an
   * owner) go. Signed out, as after a login session ended, they stay for their person. */
  function forgetOthers() {
    var mine = owner() && PREFIX + owner() + ":";
    if (mine) {
      forget(function (key) {
        return key.indexOf(mine) === 0;
      });
    }
  }

  function kept(element) {
    var type = element.type;
    return (
      element.name &&
      element.name !== "csrfmiddlewaretoken" &&
      ["hidden", "submit", "button", "reset", "file", "password"].indexOf(type) === -1
    );
  }

  function read(form) {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!kept(element)) {
        return;
      }
      if (element.type === "checkbox") {
        values[element.name + "=" + element.value] = element.checked;
      } else if (element.type === "radio") {
        if (element.checked) {
          values[element.name] = element.value;
        }
      } else {
        values[element.name] = element.value;
      }
    });
    return values;
  }

  function write(form, values) {
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!kept(element)) {
        return;
      }
      if (element.type === "checkbox") {
        var box = values[element.name + "=" + element.value];
        if (typeof box === "boolean") {
          element.checked = box;
        }
      } else if (element.type === "radio") {
        element.checked = values[element.name] === element.value;
      } else if (Object.prototype.hasOwnProperty.call(values, element.name)) {
        element.value = values[element.name];
      }
    });
  }

  function save(form, sent) {
    var store = storage();
    if (store && owner()) {
      store.setItem(keyOf(form), JSON.stringify({ values: read(form), sent: !!sent }));
    }
  }

  function restore(form) {
    var store = storage();
    var raw = store && owner() && store.getItem(keyOf(form));
    if (!raw) {
      return;
    }
    /* A form that came back with errors already shows what was sent: keep that. */
    if (form.querySelector("[data-error-summary]")) {
      return;
    }
    var draft;
    try {
      draft = JSON.parse(raw);
    } catch (error) {
      store.removeItem(keyOf(form));
      return;
    }
    write(form, draft.values || {});
    var note = document.createElement("p");
    note.className = "message message-info";
    note.setAttribute("role", "status");
    note.setAttribute("data-draft-note", "");
    note.textContent = RESTORED;
    form.prepend(note);
  }

  /* The page says a session was saved: forget every draft that was sent. */
  function forgetSent() {
    var store = storage();
    if (!store || !document.querySelector("[data-draft-saved]")) {
      return;
    }
    forget(function (key) {
      try {
        return !JSON.parse(store.getItem(key)).sent;
      } catch (error) {
        return false;
      }
    });
  }

  function setUp(root) {
    forgetOthers();
    forgetSent();
    Array.prototype.forEach.call(root.querySelectorAll("form[data-draft]"), function (form) {
      if (form.hasAttribute("data-draft-ready")) {
        return;
      }
      form.setAttribute("data-draft-ready", "");
      restore(form);
    });
  }

  function draftForm(event) {
    return event.target.closest && event.target.closest("form[data-draft]");
  }

  document.addEventListener("input", function (event) {
    var form = draftForm(event);
    if (form && event.isTrusted) {
      save(form, false);
    }
  });
  document.addEventListener("change", function (event) {
    var form = draftForm(event);
    if (form && event.isTrusted) {
      save(form, false);
    }
  });
  document.addEventListener("submit", function (event) {
    var form = draftForm(event);
    if (form) {
      save(form, true);
    }
    if (event.target.closest && event.target.closest("[data-draft-forget]")) {
      forget(null); /* logging out: nothing typed here stays for the next person */
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      setUp(document);
    });
  } else {
    setUp(document);
  }
  document.addEventListener("htmx:afterSettle", function () {
    setUp(document);
  });
})();
