// The suggestions queue: "a" or "y" accepts, "r" or "n" rejects the first suggestion (one
// key each; y / n as on the unit and document pages, so a key means the same everywhere).
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.target.closest("input, textarea, select") || event.ctrlKey || event.metaKey) return;
    const first = document.querySelector("tr.suggestion");
    if (!first) return;
    const key = event.key;
    const button = key === "a" || key === "y" ? first.querySelector("button.accept")
      : key === "r" || key === "n" ? first.querySelector("button.reject") : null;
    if (button) {
      event.preventDefault();
      button.click();
    }
  });
})();
