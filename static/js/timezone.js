/* OsteoFit: preselect the browser's own time zone on the program form when the account has
 * none yet (the field still says UTC). Without JavaScript the person picks it from the list. */
(function () {
  "use strict";
  var select = document.getElementById("id_timezone");
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!select || !zone || select.value !== "UTC") {
    return;
  }
  for (var i = 0; i < select.options.length; i++) {
    if (select.options[i].value === zone) {
      select.value = zone;
      return;
    }
  }
})();
