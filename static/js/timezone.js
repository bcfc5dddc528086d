/* OsteoFit: the time zone field (select[data-zone-search]). Two additions, both optional:
 *
 * - the browser's own time zone is offered first (its own group at the top), and chosen when
 *   the person has not chosen one yet (the field still says UTC). A time zone is not a safety
 *   answer, so choosing the guess is fine;
 * - a search box above the list narrows it as one types: words that start a city's, region's
 *   or IANA name's words, ignoring accents and case ("sao" finds Sao Paulo), with a polite status saying how many places
 *   match. The narrowed list shows as an open list; the select stays the form's field, and
 *   whatever it shows chosen is what is sent. Arrow down or Enter moves from the box into the
 *   list, arrow up from its first place back; Escape clears the box, and the choice goes back
 *   to the one made before searching.
 *
 * Without JavaScript the person picks their city from the regions' groups. No inline script or
 * style: CSP-safe.
 */
(function () {
  "use strict";

  var GUESS_GROUP = "This device's time zone";
  var LIST_ROWS = 6;

  /* "São Paulo", "America/Sao_Paulo" -> "sao paulo", "america sao paulo" */
  function plain(text) {
    return text
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[\s_/(),.'-]+/g, " ")
      .trim();
  }

  function offerGuess(select) {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    var match = null;
    for (var i = 0; zone && i < select.options.length; i++) {
      if (select.options[i].value === zone) {
        match = select.options[i];
        break;
      }
    }
    if (!match) {
      return;
    }
    var unchosen = select.value === "UTC";
    var group = document.createElement("optgroup");
    group.label = GUESS_GROUP;
    var guess = document.createElement("option");
    guess.value = zone;
    guess.textContent = match.textContent + " (" + zone.split("/")[0] + ")";
    group.appendChild(guess);
    select.insertBefore(group, select.firstChild);
    if (unchosen) {
      guess.selected = true;
    }
  }

  /* The list as the server sent it (plus the guess): groups of options, each with its words. */
  function groupsOf(select) {
    return Array.prototype.map.call(select.querySelectorAll("optgroup"), function (group) {
      return {
        element: group,
        options: Array.prototype.map.call(group.querySelectorAll("option"), function (option) {
          return {
            element: option,
            words: " " + plain(option.textContent + " " + group.label + " " + option.value),
          };
        }),
      };
    });
  }

  function element(tag, attributes, text) {
    var made = document.createElement(tag);
    Object.keys(attributes).forEach(function (name) {
      made.setAttribute(name, attributes[name]);
    });
    if (text) {
      made.textContent = text;
    }
    return made;
  }

  function addSearch(select) {
    var groups = groupsOf(select);
    var chosen = select.value; /* the person's own choice, kept while they search */
    var id = select.id + "_search";
    var box = element("div", { class: "zone-search" });
    var input = element("input", {
      type: "search",
      id: id,
      autocomplete: "off",
      spellcheck: "false",
      "aria-controls": select.id,
      "aria-describedby": id + "_help " + id + "_status",
    });
    var status = element("p", { id: id + "_status", class: "zone-status", role: "status" });
    box.appendChild(element("label", { for: id }, "Search for your city or region"));
    box.appendChild(
      element(
        "p",
        { id: id + "_help", class: "field-help" },
        "For example Lisbon, New York or Asia. The list below shows the places that match."
      )
    );
    box.appendChild(input);
    box.appendChild(status);
    select.parentNode.insertBefore(box, select);

    function show(query) {
      var words = plain(query).split(" ").filter(Boolean);
      var seen = {};
      var shown = [];
      groups.forEach(function (group) {
        var kept = group.options.filter(function (option) {
          var value = option.element.value;
          var fits =
            !seen[value] &&
            words.every(function (word) {
              return option.words.indexOf(" " + word) !== -1; /* a word's start */
            });
          /* While searching, a city shows once: the device's guess, first, stands for it. */
          if (fits && words.length) {
            seen[value] = true;
          }
          return fits;
        });
        if (kept.length) {
          shown.push({ group: group, options: kept });
        }
      });
      var count = Object.keys(seen).length;
      var narrowed = words.length > 0 && count > 0;
      if (!narrowed) {
        shown = groups.map(function (group) {
          return { group: group, options: group.options };
        });
      }
      while (select.firstChild) {
        select.removeChild(select.firstChild);
      }
      var values = [];
      shown.forEach(function (part) {
        while (part.group.element.firstChild) {
          part.group.element.removeChild(part.group.element.firstChild);
        }
        part.options.forEach(function (option) {
          part.group.element.appendChild(option.element);
          values.push(option.element.value);
        });
        select.appendChild(part.group.element);
      });
      if (narrowed) {
        select.size = Math.min(Math.max(count + shown.length, 2), LIST_ROWS);
        select.classList.add("zone-list");
      } else {
        select.removeAttribute("size");
        select.classList.remove("zone-list");
      }
      select.value = values.indexOf(chosen) !== -1 ? chosen : values[0];
      if (!words.length) {
        status.textContent = "";
      } else if (!count) {
        status.textContent =
          "No place matches '" + query.trim() + "'. Try the nearest large city.";
      } else if (count === 1) {
        var only = select.options[select.selectedIndex];
        var region = only.parentNode.label === GUESS_GROUP ? "" : ", " + only.parentNode.label;
        status.textContent = "1 place matches: " + only.textContent + region + ". It is chosen.";
      } else {
        status.textContent = count + " places match. Choose yours in the list.";
      }
    }

    input.addEventListener("input", function () {
      show(input.value);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "Enter") {
        event.preventDefault(); /* Enter here must not send the whole form */
        select.focus();
      } else if (event.key === "Escape" && input.value) {
        event.preventDefault();
        input.value = "";
        show("");
      }
    });
    select.addEventListener("change", function () {
      chosen = select.value;
    });
    select.addEventListener("keydown", function (event) {
      /* Up from the first place found goes back to the search box. */
      if (event.key === "ArrowUp" && input.value && select.selectedIndex === 0) {
        event.preventDefault();
        input.focus();
      }
    });
  }

  function setUp(root) {
    var selects = root.querySelectorAll
      ? root.querySelectorAll("select[data-zone-search]:not([data-zone-ready])")
      : [];
    Array.prototype.forEach.call(selects, function (select) {
      select.setAttribute("data-zone-ready", "");
      offerGuess(select);
      addSearch(select);
    });
  }

  setUp(document);
  /* The settings form is swapped in place after saving: the new one gets the same. */
  document.addEventListener("htmx:load", function (event) {
    setUp(event.target);
  });
})();
