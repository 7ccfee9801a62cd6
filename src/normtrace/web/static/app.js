// normtrace workbench: turn a text selection inside a unit into code-point offsets and
// apply a code through the JSON API. Offsets count Unicode code points (Array.from),
// the same units Python uses for str indices, so the server slices the same snippet.
"use strict";

(function () {
  function csrf() {
    return document.body.dataset.csrf || "";
  }

  function codePoints(text) {
    return Array.from(text).length;
  }

  // Offsets of `range` inside the unit text element `el`, or null if it leaves `el`.
  function offsetsIn(el, range) {
    if (!el.contains(range.startContainer) || !el.contains(range.endContainer)) {
      return null;
    }
    const before = document.createRange();
    before.selectNodeContents(el);
    before.setEnd(range.startContainer, range.startOffset);
    const start = codePoints(before.toString());
    const end = start + codePoints(range.toString());
    return end > start ? { start: start, end: end } : null;
  }

  function unitOf(node) {
    const el = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    return el ? el.closest(".unit-text") : null;
  }

  // The message line: an error stays until the next message; a report of what a click did
  // leaves after a while (it floats over the text at the bottom right).
  const FLASH_MS = 8000;
  let flashTimer = null;
  function flash(message, isError) {
    const box = document.getElementById("flash");
    if (!box) return;
    box.textContent = message;
    box.className = isError ? "error" : "ok";
    if (flashTimer !== null) window.clearTimeout(flashTimer);
    flashTimer = isError ? null : window.setTimeout(function () {
      box.textContent = "";
      box.className = "";
      flashTimer = null;
    }, FLASH_MS);
  }
  // one message line for every script (workbench.js too)
  window.normtraceFlash = flash;

  // The selected words as people read them: quoted, cut to QUOTE characters (never offsets).
  const QUOTE = 60;
  function quote(text) {
    const words = text.split(/\s+/).filter(Boolean).join(" ");
    const cut = Array.from(words);
    return "\u201c" + (cut.length <= QUOTE ? words : cut.slice(0, QUOTE - 1).join("") + "\u2026") + "\u201d";
  }

  // The chosen code's name, or "" while the list shows "Choose a code…".
  function chosen(bar) {
    const select = bar.querySelector("select[name=code]");
    const option = select.selectedOptions[0];
    // a code id two codebooks hold is listed under each: the option says whose it is
    return select.value ? {
      code: select.value,
      name: option ? option.textContent : select.value,
      codebook: option && option.dataset.codebook ? option.dataset.codebook : null,
    } : null;
  }

  // Apply stays disabled until a code is chosen: nothing is preselected, so that pressing
  // Apply at once never codes the words with a code nobody picked.
  function syncApply(bar) {
    const button = bar.querySelector("button.apply");
    if (button) button.disabled = !chosen(bar);
  }
  window.normtraceSyncApply = syncApply;

  let pending = null;

  function onSelection() {
    const bar = document.getElementById("coding-bar");
    const sel = window.getSelection();
    if (!bar || !sel || sel.rangeCount === 0 || sel.isCollapsed) return;
    const range = sel.getRangeAt(0);
    const el = unitOf(range.startContainer);
    if (!el) return;
    const span = offsetsIn(el, range);
    if (!span) return;
    // The selected text goes with the offsets: the server refuses (409) a span whose
    // stored text differs (the page is stale), instead of coding other words.
    const fresh = bar.hidden || !pending || pending.key !== el.dataset.key ||
      pending.start !== span.start || pending.end !== span.end;
    pending = {
      key: el.dataset.key,
      edition: el.dataset.edition || null,
      start: span.start,
      end: span.end,
      snippet: range.toString(),
      el: el,
    };
    bar.querySelector(".selection-info").textContent = "Code " + quote(pending.snippet);
    if (fresh) {
      // a new selection starts with no code chosen (shortcuts apply the last used one)
      bar.querySelector("select[name=code]").value = "";
      syncApply(bar);
    }
    bar.hidden = false;
    bar.dataset.key = pending.key;
    bar.dataset.start = String(span.start);
    bar.dataset.end = String(span.end);
    revealBelow(bar, range);
  }

  // The bar sticks to the top of the window: words selected near the top would sit under it,
  // where the coder cannot check what they are about to code. Scroll them below it.
  function revealBelow(bar, range) {
    const barBox = bar.getBoundingClientRect();
    const selBox = range.getBoundingClientRect();
    const margin = 8;
    if (selBox.height > 0 && selBox.top < barBox.bottom + margin) {
      window.scrollBy(0, selBox.top - barBox.bottom - margin);
    }
  }

  // workbench.js (shortcuts, undo) refreshes units through this one function
  window.normtraceRefreshUnit = function (article, key, edition) {
    return refreshUnit(article, key, edition);
  };

  async function refreshUnit(article, key, edition) {
    const query = edition ? "?edition=" + encodeURIComponent(edition) : "";
    const response = await fetch("/units/" + key + query, {
      headers: { "HX-Request": "true" },
      credentials: "same-origin",
    });
    if (!response.ok) return;
    const holder = document.createElement("div");
    holder.innerHTML = await response.text();
    const fresh = holder.firstElementChild;
    if (fresh) {
      article.replaceWith(fresh);
      if (window.htmx) window.htmx.process(fresh);
    }
  }

  async function applyCode(event) {
    event.preventDefault();
    const bar = event.currentTarget;
    if (!pending) return;
    const code = chosen(bar);
    if (!code) {
      flash("choose a code in the list first: nothing was coded", true);
      return;
    }
    const body = {
      unit_key: pending.key,
      code: code.code,
      start: pending.start,
      end: pending.end,
      snippet: pending.snippet,
      edition: pending.edition,
      codebook: code.codebook,
    };
    const response = await fetch("/api/codings", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf() },
      body: JSON.stringify(body),
    });
    const result = await response.json().catch(function () { return {}; });
    if (!response.ok) {
      flash(result.error || "the code was not applied", true);
      return;
    }
    flash("coded " + quote(body.snippet) + " as " + code.name, false);
    // the code `a` applies again (workbench.js): only a code applied with this bar
    if (window.normtraceBarApplied) window.normtraceBarApplied(code.code, code.codebook);
    bar.hidden = true;
    const article = pending.el.closest("article");
    pending = null;
    if (article) await refreshUnit(article, body.unit_key, body.edition);
  }

  // htmx does not swap error responses: show the server's message instead of failing silently.
  function onHtmxError(event) {
    let message = "the request failed";
    try {
      message = JSON.parse(event.detail.xhr.responseText).error || message;
    } catch (ignored) {
      message = event.detail.xhr.statusText || message;
    }
    flash(message, true);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.body.addEventListener("htmx:responseError", onHtmxError);
    document.addEventListener("mouseup", onSelection);
    document.addEventListener("keyup", onSelection);
    const bar = document.getElementById("coding-bar");
    if (bar) {
      bar.addEventListener("submit", applyCode);
      bar.querySelector("select[name=code]").addEventListener("change", function () {
        syncApply(bar);
      });
      bar.querySelector(".cancel").addEventListener("click", function () {
        bar.hidden = true;
        pending = null;
      });
      // Escape closes the bar, as it closes the shortcuts panel
      document.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && !bar.hidden) {
          bar.hidden = true;
          pending = null;
          // the selection goes too: the key's keyup would show the bar for it again
          const sel = window.getSelection();
          if (sel) sel.removeAllRanges();
        }
      });
    }
  });
})();
