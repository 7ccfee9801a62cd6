// The suggestions queue: "y" accepts, "n" rejects the first suggestion, as on the unit and
// document pages, so a key means the same everywhere. "a" is not bound here: elsewhere it
// applies the last used code, and a coder who pressed it out of habit accepted a suggestion.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.target.closest("input, textarea, select") || event.ctrlKey || event.metaKey) return;
    const first = document.querySelector("tr.suggestion");
    if (!first) return;
    const key = event.key;
    const button = key === "y" ? first.querySelector("button.accept")
      : key === "n" ? first.querySelector("button.reject") : null;
    if (button) {
      event.preventDefault();
      button.click();
    }
  });
})();
