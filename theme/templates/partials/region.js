{#- The region script, rendered by plugins/crisis_help and minified (rjsmin)
    into js/region.js under THEME_STATIC_DIR; base.html loads it on every
    page but the region pages, which put their region first themselves.
    Expects, as JSON text: zones, {code: {folder: "Place Place"}} for the
    regions of CRISIS_HELP_REGIONS (America/Indiana: "Knox Vevay" stands
    for America/Indiana/Knox and America/Indiana/Vevay; {} for a region
    with no zones); anywhere, the code of "anywhere else", or null.
    The built file must stay within 2 KB (tests/unit/test_crisis_help_regions.py). -#}
/*! Optional: help for the reader's region first. Asks only Intl; sends and stores nothing. */
(function () {
  "use strict";
  var zones = {{ zones }};
  var here = Intl.DateTimeFormat().resolvedOptions();

  // The browser's own name for a zone: it reports America/Indiana/Indianapolis
  // as America/Indianapolis, and throws on a zone it does not know.
  function named(zone) {
    try {
      return Intl.DateTimeFormat("en", {timeZone: zone}).resolvedOptions().timeZone;
    } catch (error) {
      return "";
    }
  }

  // The first region with a zone whose name(zone) is the reader's time zone.
  function byZone(name) {
    return Object.keys(zones).filter(function (code) {
      return Object.keys(zones[code]).some(function (folder) {
        return zones[code][folder].split(" ").some(function (place) {
          return name(folder + "/" + place) === here.timeZone;
        });
      });
    })[0];
  }

  // Time zone first (as written, then as the browser names it), then the
  // region of the language (en-IE is IE), then "anywhere else".
  var language = new Intl.Locale(here.locale).region;
  var chosen = byZone(String) || byZone(named) ||
    (zones.hasOwnProperty(language) ? language : {{ anywhere }});
  if (!chosen) {
    return;
  }

  // Each list of regions on the page: the chosen one moves before the first.
  var selector = '[data-region="' + chosen + '"]';
  document.querySelectorAll(selector).forEach(function (entry) {
    entry.parentNode.insertBefore(entry, entry.parentNode.querySelector(":scope > [data-region]"));
  });
  // The note says which region comes first, by the name the block shows.
  var name = document.querySelector(selector + " [data-region-name]");
  document.querySelectorAll("[data-region-note]").forEach(function (note) {
    note.querySelector("[data-region-chosen]").textContent = name ? name.textContent : chosen;
    note.hidden = false;
  });
}());
