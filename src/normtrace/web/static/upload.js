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
      li.append(o.path + ": " + (o.said || o.status));
      if (o.symbol) {
        const link = document.createElement("a");
        link.href = "/documents?symbol=" + encodeURIComponent(o.symbol);
        link.textContent = o.symbol;
        li.append(" — ", link);
      }
      if (o.error) li.append(" (" + o.error + ")");
      if (o.note) {
        // an earlier version of a document current from another file: what is current and
        // how to make these words current again (the library's note, as the server renders it)
        const note = document.createElement("p");
        note.className = "outcome-note";
        note.textContent = o.note.charAt(0).toUpperCase() + o.note.slice(1);
        li.appendChild(note);
      }
      list.appendChild(li);
    });
    // once finished, what `normtrace ingest` prints: each file's lines, then the summary
    const summary = section.querySelector(".ingest-summary");
    if (summary && job.summary) {
      summary.textContent = job.lines.concat([job.summary]).join("\n");
      summary.hidden = false;
    }
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
