/* OsteoFit: offer the browser's own time zone first in the time zone list (its own group at
 * the top), and choose it when the person has not chosen one yet (the field still says UTC).
 * A time zone is not a safety answer, so choosing the guess is fine. Without JavaScript the
 * person picks their city from the regions' groups. */
(function () {
  "use strict";
  var select = document.getElementById("id_timezone");
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!select || !zone) {
    return;
  }
  var match = null;
  for (var i = 0; i < select.options.length; i++) {
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
  group.label = "This device's time zone";
  var guess = document.createElement("option");
  guess.value = zone;
  guess.textContent = match.textContent + " (" + zone.split("/")[0] + ")";
  group.appendChild(guess);
  select.insertBefore(group, select.firstChild);
  if (unchosen) {
    guess.selected = true;
  }
})();
