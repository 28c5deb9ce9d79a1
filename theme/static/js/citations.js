// Optional: Escape hides an open citation tooltip (WCAG 1.4.13). Reading and
// navigating citations never depends on this file.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var open = document.querySelectorAll(".citations-cite:hover, .citations-cite:focus-within");
    open.forEach(function (cite) { cite.classList.add("citations-dismissed"); });
  });
  // Once the pointer or focus has left, the tooltip may show again next time.
  function leave(event) {
    var cite = event.target.closest && event.target.closest(".citations-cite");
    if (cite && !(event.relatedTarget && cite.contains(event.relatedTarget))) {
      cite.classList.remove("citations-dismissed");
    }
  }
  document.addEventListener("mouseout", leave);
  document.addEventListener("focusout", leave);
}());
