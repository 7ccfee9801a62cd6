// The suggestions queue: "a" accepts, "r" rejects the first suggestion (one key each).
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.target.closest("input, textarea, select") || event.ctrlKey || event.metaKey) return;
    const first = document.querySelector("tr.suggestion");
    if (!first) return;
    const button = event.key === "a" ? first.querySelector("button.accept")
      : event.key === "r" ? first.querySelector("button.reject") : null;
    if (button) {
      event.preventDefault();
      button.click();
    }
  });
})();
