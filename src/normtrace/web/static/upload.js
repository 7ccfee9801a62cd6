// normtrace workbench: poll an upload's ingest and update its progress until it finishes.
"use strict";

(function () {
  async function poll(section) {
    const response = await fetch("/api/uploads/" + section.dataset.job, { credentials: "same-origin" });
    if (!response.ok) return;
    const job = await response.json();
    const bar = section.querySelector("progress");
    bar.max = job.total;
    bar.value = job.done;
    section.querySelector(".progress-text").textContent =
      job.done + " of " + job.total + " file(s), " + job.state;
    const list = section.querySelector(".outcomes");
    list.replaceChildren();
    job.outcomes.forEach(function (o) {
      const li = document.createElement("li");
      li.dataset.status = o.status;
      li.append(o.path + ": " + o.status);
      if (o.symbol) {
        const link = document.createElement("a");
        link.href = "/documents?symbol=" + encodeURIComponent(o.symbol);
        link.textContent = o.symbol;
        li.append(" — ", link);
      }
      if (o.error) li.append(" (" + o.error + ")");
      list.appendChild(li);
    });
    section.dataset.state = job.state;
    if (job.state === "queued" || job.state === "running") {
      window.setTimeout(function () { poll(section); }, 500);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    const section = document.getElementById("upload-job");
    if (section) poll(section);
  });
})();
