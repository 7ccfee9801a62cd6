// The review queue: each way to settle the first coding listed has its key (m moves it, c
// keeps it, 1-9 keep it at one of several places, d drops it), shown on its button; "u"
// (workbench.js) undoes. Handled before workbench.js, whose 1-9 apply recent codes elsewhere.
(function () {
  "use strict";
  window.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest && event.target.closest("input, textarea, select, [contenteditable]")) return;
    const first = document.querySelector("section.review");
    if (!first) return;
    const button = Array.from(first.querySelectorAll("button[data-key]")).find(function (b) {
      return b.dataset.key === event.key;
    });
    if (!button || button.disabled) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    button.click();
  }, true);
  // one settlement per coding: a second key press before the page comes back sends nothing
  document.addEventListener("submit", function (event) {
    const section = event.target.closest ? event.target.closest("section.review") : null;
    if (!section) return;
    window.setTimeout(function () {
      section.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
    }, 0);
  });
})();
