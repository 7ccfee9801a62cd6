// normtrace workbench: keyboard shortcuts and undo (the coding bar itself is app.js).
//   a        apply again the code last applied by hand, with the bar (never an accept's code)
//   1 ... 9  apply the n-th most recently used code (the bar's or an accepted suggestion's)
//   y / n    accept / reject the first pending candidate of the current unit (j / k),
//            else of the page (the message names it)
//   j / k    move to the next / previous unit (a click or a selection in a unit makes it
//            the current one too)
//   u        undo your last action (the message names what was undone)
//   ?        show or hide this list
// Keys are ignored while typing in a field or with Ctrl, Alt or Meta held.
"use strict";

(function () {
  // the codes used last, the latest first: the account's own history (GET
  // /api/me/recent-codes, the same on any machine), kept up to date as codes are used here
  let recentList = [];

  function csrf() {
    return document.body.dataset.csrf || "";
  }

  function flash(message, isError) {
    if (window.normtraceFlash) window.normtraceFlash(message, isError);  // app.js: one line
  }

  function recent() {
    return recentList;
  }

  // The code `a` applies again, as "code" or "code\u001fbook": the code the coder last applied
  // themselves (GET /api/me/last-hand-code: the bar, code all hits; the account's, the same
  // on any browser), then each code applied with this page's bar. Never an accepted
  // suggestion's code: an accept is a verdict on the machine's code, and `a` applying that
  // code to new words coded what the coder never chose (newuser44 F5).
  let lastBarEntry = "";
  let lastBarSet = false;

  function lastBar() {
    return lastBarEntry;
  }

  function loadLastBar() {
    if (!document.getElementById("coding-bar")) {
      showLastBar();  // no bar on this page: nothing to ask the server for
      return;
    }
    fetch("/api/me/last-hand-code", { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : {}; })
      .then(function (answer) {
        // a code applied on this page before the answer came stays
        if (!lastBarSet && answer && answer.code) lastBarEntry = String(answer.code);
        showLastBar();  // the key help said "checking…" until now
      })
      .catch(function () {
        showLastBar();  // offline: `a` reaches the codes applied on this page
      });
  }

  function showLastBar() {
    const entry = lastBar();
    const option = entry ? optionOf(entry) : null;
    const label = option ? option.textContent : entry.split("\u001f")[0];
    document.querySelectorAll("#shortcuts .last-bar-code").forEach(function (el) {
      el.textContent = entry ? label : "none yet";
    });
    const hint = document.querySelector("#coding-bar .key-a-hint");
    if (hint) {
      hint.hidden = !entry;
      hint.title = entry ? "press a to apply " + label + " again (the code you last " +
        "applied yourself; an accepted suggestion's code is never it)" : "";
      const which = hint.querySelector(".last-bar-code");
      if (which) which.textContent = label;
    }
  }

  // app.js tells each code it applied with the bar (after the server took it)
  window.normtraceBarApplied = function (code, codebook) {
    lastBarEntry = code + (codebook ? "\u001f" + codebook : "");
    lastBarSet = true;
    showLastBar();
  };

  function remember(code) {
    recentList = [code].concat(recentList.filter(function (c) { return c !== code; })).slice(0, 9);
  }

  function loadRecent() {
    if (!document.getElementById("coding-bar")) return;
    fetch("/api/me/recent-codes", { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : []; })
      .then(function (list) {
        if (!Array.isArray(list)) return;
        // a code used on this page before the answer came stays first
        const used = recentList;
        recentList = used.concat(list.filter(function (c) { return used.indexOf(c) < 0; }))
          .slice(0, 9);
      })
      .catch(function () { /* offline: the keys reach the codes used on this page */ });
  }

  // a code's name as the coding bar lists it (people read names, not ids)
  function codeName(code) {
    const option = Array.from(document.querySelectorAll("#coding-bar select[name=code] option"))
      .find(function (o) { return o.value === code; });
    return option ? option.textContent : code;
  }

  // the bar's option of an entry ("code" or, for a code id two codebooks hold, "code\u001fbook")
  function optionOf(entry) {
    const parts = entry.split("\u001f");
    return Array.from(document.querySelectorAll("#coding-bar select[name=code] option"))
      .find(function (o) {
        return o.value === parts[0] && (o.dataset.codebook || "") === (parts[1] || "");
      }) || null;
  }

  function applyLastBar() {
    const bar = document.getElementById("coding-bar");
    if (!bar || bar.hidden) {
      flash("select some text first", true);
      return;
    }
    const entry = lastBar();
    if (!entry) {
      flash("no code applied by hand yet: choose one in the bar and press Apply (then a " +
        "applies it again)", true);
      return;
    }
    applyEntry(bar, entry);
  }

  function applyRecent(index) {
    const bar = document.getElementById("coding-bar");
    const code = recent()[index];
    if (!bar || bar.hidden) {
      flash("select some text first", true);
      return;
    }
    if (!code) {
      const known = recent().length;
      flash(known ? "only " + known + " recently used code(s): press 1" +
        (known > 1 ? " to " + known : "") + ", or choose one in the bar"
        : "no recently used code yet: apply one with the bar first", true);
      return;
    }
    applyEntry(bar, code);
  }

  function applyEntry(bar, code) {
    // a code id two codebooks hold is remembered with its codebook ("code\u001fcodebook")
    const parts = code.split("\u001f");
    const option = optionOf(code);
    if (!option) {
      flash("the last used code (" + parts.join(" of ") + ") is not in this codebook any more", true);
      return;
    }
    option.selected = true;
    if (window.normtraceSyncApply) window.normtraceSyncApply(bar);
    bar.requestSubmit();
  }

  // The unit moved to with j / k, if any: y / n judge its candidates, never one elsewhere
  // on the page (a verdict on an unseen passage is a wrong label).
  // The key of the unit moved to: the unit's markup is swapped after each action, so the
  // "current" class is put back from it (htmx:afterSwap) and never silently lost.
  let currentKey = null;

  function currentUnit() {
    if (currentKey === null) return null;
    return Array.from(document.querySelectorAll("article.unit")).find(function (a) {
      return a.dataset.key === currentKey;
    }) || null;
  }

  document.addEventListener("htmx:afterSwap", function () {
    const unit = currentUnit();
    if (unit) unit.classList.add("current");
  });

  function verdict(kind) {
    const current = currentUnit();
    if (currentKey !== null && !current) {
      flash("the unit you moved to is no longer on the page; move with j / k again", true);
      return;
    }
    const scope = current || document;
    const items = Array.from(scope.querySelectorAll("li.candidate"));
    // with no unit chosen, only a suggestion the coder can see: a key never judges words far
    // up or down the page that nobody read
    const inView = function (li) {
      const box = li.getBoundingClientRect();
      return box.bottom > 0 && box.top < window.innerHeight;
    };
    const open = items.find(function (li) {
      const status = li.querySelector(".status");
      return status && status.textContent.trim() === "pending" && (current || inView(li));
    });
    const button = open ? open.querySelector("button." + kind) : null;
    if (!button) {
      flash(current ? "no pending machine suggestion in this unit"
                    : "no pending machine suggestion in view; choose a unit with j / k", true);
      return;
    }
    const article = open.closest("article.unit");
    const code = open.querySelector(".code");
    button.click();
    flash((kind === "accept" ? "accepted " : "rejected ") + (code ? code.textContent : "") +
          (article ? " in " + article.dataset.key : ""), false);
  }

  function makeCurrent(unit) {
    document.querySelectorAll("article.unit.current").forEach(function (u) {
      if (u !== unit) u.classList.remove("current");
    });
    unit.classList.add("current");
    currentKey = unit.dataset.key || null;
  }

  function move(step) {
    const units = Array.from(document.querySelectorAll("article.unit"));
    if (!units.length) return;
    const current = units.findIndex(function (u) { return u.dataset.key === currentKey; });
    const next = units[Math.min(units.length - 1, Math.max(0, current + step))];
    makeCurrent(next);
    next.setAttribute("tabindex", "-1");
    next.focus();
    next.scrollIntoView({ block: "center" });
  }

  // A click or a selection in a unit makes it the current one: j / k move on from it, and
  // y / n judge its suggestions (newuser44 F9: j went to the page's first unit instead)
  function unitAt(node) {
    const el = node && (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement);
    return el ? el.closest("article.unit") : null;
  }

  function onPointer(event) {
    const unit = unitAt(event.target);
    if (unit) makeCurrent(unit);
  }

  function onSelectionChange() {
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return;
    const unit = unitAt(sel.anchorNode);
    if (unit) makeCurrent(unit);
  }

  // A "done" that would decide pending suggestions comes back asking (the unit's
  // .done-check): it takes the focus, so that the keys go on from there, and Escape cancels
  function focusQuestion() {
    const ask = document.querySelector(".done-check[data-autofocus]");
    if (!ask) return;
    ask.removeAttribute("data-autofocus");  // once: a later swap elsewhere leaves the focus be
    ask.focus();
  }

  function cancelQuestion() {
    const active = document.activeElement;
    const ask = active && active.closest ? active.closest(".done-check") : null;
    const cancel = ask ? ask.querySelector("button.done-cancel") : null;
    if (!cancel) return false;
    cancel.click();
    return true;
  }

  async function refresh(key) {
    const article = Array.from(document.querySelectorAll("article.unit")).find(function (a) {
      return a.dataset.key === key;
    });
    if (!article && document.querySelector("[data-learn-queue], [data-review-queue]")) {
      // the suggestions and review queues list no units as articles: reload, so that a
      // suggestion or a settled review the undo brought back is listed again (the message
      // stays: it is shown again below)
      window.sessionStorage.setItem("normtrace-flash", document.getElementById("flash").textContent);
      // without the verdict's message (?said=), which the undo has just made untrue
      const url = new URL(window.location.href);
      url.searchParams.delete("said");
      window.location.replace(url.toString());
      return;
    }
    if (!article || !window.normtraceRefreshUnit) return;
    const text = article.querySelector(".unit-text");
    await window.normtraceRefreshUnit(article, key, text ? text.dataset.edition : null);
  }

  async function undo() {
    const response = await fetch("/api/undo", {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRF-Token": csrf() },
    });
    const result = await response.json().catch(function () { return {}; });
    if (!response.ok) {
      flash(result.error || "nothing was undone", true);
      return;
    }
    flash(result.message, false);
    if (result.unit_key) await refresh(result.unit_key);
  }

  // the list of shortcuts floats over the page where the reader is (a fixed panel), and
  // Escape closes it
  function toggleHelp() {
    const help = document.getElementById("shortcuts");
    if (help) help.hidden = !help.hidden;
  }

  function helpOpen() {
    const help = document.getElementById("shortcuts");
    return help !== null && !help.hidden;
  }

  function typing(target) {
    return target && (target.closest("input, textarea, select, [contenteditable]") !== null);
  }

  function onKey(event) {
    if (event.ctrlKey || event.altKey || event.metaKey || typing(event.target)) return;
    const key = event.key;
    let done = true;
    if (key === "a") applyLastBar();
    else if (key >= "1" && key <= "9") applyRecent(Number(key) - 1);
    else if (key === "y") verdict("accept");
    else if (key === "n") verdict("reject");
    else if (key === "j") move(1);
    else if (key === "k") move(-1);
    else if (key === "u") undo();
    else if (key === "?") toggleHelp();
    else if (key === "Escape" && helpOpen()) toggleHelp();
    else if (key === "Escape" && cancelQuestion()) done = true;
    else done = false;
    if (done) event.preventDefault();
  }

  // A margin of coding stripes beside each unit (as NVivo and MAXQDA show): one column per
  // code, a bar beside the lines its passages cover, coloured by /codes.css.
  function stripes(article) {
    const text = article.querySelector(".unit-text");
    if (!text) return;
    const old = article.querySelector(".stripes");
    if (old) old.remove();
    const marks = Array.from(text.querySelectorAll("mark[data-codes]"));
    if (!marks.length) return;
    const codes = [];
    marks.forEach(function (m) {
      m.dataset.codes.split(" ").forEach(function (c) { if (c && codes.indexOf(c) < 0) codes.push(c); });
    });
    // the margin's padding first: it reflows the text, so the lines are measured after it
    // (measured before, the bars sat a line off wherever the padding re-wrapped a line)
    text.classList.add("with-stripes");
    text.style.setProperty("--stripe-columns", String(codes.length));
    const margin = document.createElement("div");
    margin.className = "stripes";
    margin.setAttribute("aria-hidden", "true");
    // bars are placed from the margin's own top (an absolute box sits where the text's top
    // margin begins, not where its first line does)
    text.parentElement.insertBefore(margin, text);
    const top = margin.getBoundingClientRect().top;
    marks.forEach(function (m) {
      const box = m.getBoundingClientRect();
      m.dataset.codes.split(" ").forEach(function (c) {
        if (!c) return;
        const bar = document.createElement("div");
        bar.className = "stripe";
        bar.dataset.code = c;
        bar.title = codeName(c);
        bar.style.top = (box.top - top) + "px";
        bar.style.height = Math.max(4, box.height) + "px";
        bar.style.left = (codes.indexOf(c) * 8) + "px";
        margin.appendChild(bar);
      });
    });
  }

  function allStripes() {
    document.querySelectorAll("article.unit").forEach(stripes);
  }

  document.addEventListener("DOMContentLoaded", function () {
    const kept = window.sessionStorage.getItem("normtrace-flash");
    if (kept) {
      window.sessionStorage.removeItem("normtrace-flash");
      flash(kept, false);
    }
    allStripes();
    document.body.addEventListener("htmx:afterSwap", allStripes);
    new MutationObserver(function (changes) {
      if (changes.some(function (c) { return c.addedNodes.length; })) allStripes();
    }).observe(document.querySelector("main") || document.body, { childList: true });
    window.addEventListener("resize", allStripes);
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onPointer, true);
    document.addEventListener("selectionchange", onSelectionChange);
    // once settled: htmx binds the question's form then (Enter before it would not post it)
    document.body.addEventListener("htmx:afterSettle", focusQuestion);
    document.addEventListener("click", function (event) {
      if (event.target.closest && event.target.closest(".done-check button.done-cancel")) {
        flash("not marked done: the suggestions stay pending", false);
      }
    });
    loadRecent();
    loadLastBar();  // the key help says "checking…" until the server answers, not "none yet"
    const bar = document.getElementById("coding-bar");
    if (bar) {
      bar.addEventListener("submit", function () {
        const select = bar.querySelector("select[name=code]");
        const option = select.selectedOptions[0];
        const book = option && option.dataset.codebook ? "\u001f" + option.dataset.codebook : "";
        if (select.value) remember(select.value + book);
      }, true);
    }
    const button = document.getElementById("undo-button");
    if (button) button.addEventListener("click", undo);
    // accepting a suggestion uses its code: `a` and 1-9 offer it next, as after the bar
    document.addEventListener("click", function (event) {
      const accept = event.target.closest && event.target.closest("li.candidate button.accept");
      const item = accept ? accept.closest("li.candidate") : null;
      if (!item || !item.dataset.code) return;
      // a code id two codebooks hold is remembered as the bar lists it (code U+001F codebook):
      // the suggestion's codebook, not the other one's code of that id
      const entry = item.dataset.code + "\u001f" + (item.dataset.codebook || "");
      remember(optionOf(entry) ? entry : item.dataset.code);
    }, true);
    // what a form action did (accept, reject, done), sent by the server with the new unit
    document.body.addEventListener("normtrace-flash", function (event) {
      if (event.detail && event.detail.value) flash(String(event.detail.value), false);
    });
  });
})();
