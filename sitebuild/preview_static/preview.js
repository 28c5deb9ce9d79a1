// The live preview's page script, served only by `invoke livereload`
// (sitebuild/preview_server.py); a built or published page never links it.
// It follows the server's event stream: after a good build it reloads the
// page; after a failed one it shows the build's problems over the page, as
// the terminal lists them. Text from the server only ever goes in textContent.
(function () {
  "use strict";
  var script = document.currentScript;
  var build = (script && script.getAttribute("data-build")) || "";
  // The page names itself, so that the preview knows what is open.
  var events = new EventSource("/__preview__/events?since=" + encodeURIComponent(build) +
    "&page=" + encodeURIComponent(window.location.pathname));

  events.addEventListener("open", function () {
    document.documentElement.setAttribute("data-preview", "connected");
  });
  events.addEventListener("reload", function () {
    events.close();
    window.location.reload();
  });
  events.addEventListener("failed", function () {
    fetch("/__preview__/problems.json", { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (body) { show(body.problems); });
  });

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function item(problem) {
    // The terminal's line: "ERROR: path:line: message. Fix."
    var line = element("li");
    line.appendChild(element("strong", "", problem.severity));
    line.appendChild(document.createTextNode(": "));
    if (problem.location) {
      line.appendChild(element("code", "", problem.location));
      line.appendChild(document.createTextNode(": "));
    }
    line.appendChild(document.createTextNode(problem.detail));
    return line;
  }

  function show(problems) {
    var old = document.getElementById("preview-errors");
    if (old) { old.remove(); }
    if (!problems.length) { return; }
    var overlay = element("div", "preview-errors");
    overlay.id = "preview-errors";
    overlay.setAttribute("role", "alert");
    overlay.setAttribute("aria-labelledby", "preview-errors-title");
    var count = problems.length + " problem" + (problems.length === 1 ? "" : "s");
    var heading = element("h2", "preview-errors__title", "The build failed: " + count);
    heading.id = "preview-errors-title";
    heading.tabIndex = -1;
    overlay.appendChild(heading);
    overlay.appendChild(element("p", "", "This page is the last good build. " +
      "Fix the problems below and save: the page reloads by itself."));
    var list = element("ul", "preview-errors__list");
    problems.forEach(function (problem) { list.appendChild(item(problem)); });
    overlay.appendChild(list);
    var dismiss = element("button", "preview-errors__dismiss", "Dismiss");
    dismiss.type = "button";
    dismiss.addEventListener("click", function () { overlay.remove(); });
    overlay.appendChild(dismiss);
    overlay.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { overlay.remove(); }
    });
    document.body.appendChild(overlay);
    heading.focus({ preventScroll: true });
  }
}());
