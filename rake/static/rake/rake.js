// Progressive enhancement only: every page works without this script.
// Move focus to an error summary so that keyboard and screen-reader users hear the errors first.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-rake-error-summary]");
  if (summary) {
    summary.focus();
  }
});

// On a phone the navigation folds into a menu button (CSS shows the button below 768 px only); without this
// script the links wrap under each other.
document.addEventListener("DOMContentLoaded", function () {
  var toggle = document.querySelector(".rake-nav__toggle");
  if (!toggle) {
    return;
  }
  toggle.hidden = false;
  toggle.closest(".rake-nav").classList.add("rake-nav--collapsible");
  toggle.addEventListener("click", function () {
    toggle.setAttribute("aria-expanded", toggle.getAttribute("aria-expanded") === "true" ? "false" : "true");
  });
});

// The coordinator's "remove a part of a text" form: selecting a part of a text on the page fills in
// which text and its positions. Positions count Unicode code points of the stored text, which may hold
// "\r\n" (the page shows "\n") or "\n" (shown as <br>), so the page's text is aligned with the stored one.
document.addEventListener("DOMContentLoaded", function () {
  var data = document.getElementById("rake-redact-texts");
  var details = document.getElementById("action-redact");
  if (!data || !details) {
    return;
  }
  var texts = JSON.parse(data.textContent);
  var target = details.querySelector("select[name='redact-target']");
  var start = details.querySelector("input[name='redact-start']");
  var end = details.querySelector("input[name='redact-end']");
  var status = details.querySelector("[data-rake-redact-selection]");
  if (!target || !start || !end || !status) {
    return;
  }
  status.textContent = status.getAttribute("data-hint");

  function shownTextBefore(container, node, offset) {
    var range = document.createRange();
    range.selectNodeContents(container);
    range.setEnd(node, offset);
    var fragment = range.cloneContents();
    fragment.querySelectorAll(".rake-visually-hidden").forEach(function (hidden) { hidden.remove(); });
    return fragment.textContent;
  }

  function storedOffset(stored, shown) {
    var i = 0;
    var j = 0;
    while (j < shown.length && i < stored.length) {
      if (stored[i] === shown[j]) {
        i += 1;
        j += 1;
      } else if (stored[i] === "\r" || stored[i] === "\n") {
        i += 1;
      } else {
        i += 1;
        j += 1;
      }
    }
    return i;
  }

  function codePoints(text) {
    return Array.from(text).length;
  }

  function update() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) {
      return;
    }
    var range = selection.getRangeAt(0);
    var node = range.commonAncestorContainer;
    var container = (node.nodeType === 1 ? node : node.parentElement).closest("[data-rake-redact-target]");
    if (!container) {
      return;
    }
    var key = container.getAttribute("data-rake-redact-target");
    var stored = texts[key];
    if (typeof stored !== "string") {
      return;
    }
    var from = storedOffset(stored, shownTextBefore(container, range.startContainer, range.startOffset));
    var to = storedOffset(stored, shownTextBefore(container, range.endContainer, range.endOffset));
    if (to <= from) {
      return;
    }
    target.value = key;
    start.value = codePoints(stored.slice(0, from));
    end.value = codePoints(stored.slice(0, to));
    details.open = true;
    status.textContent = status.getAttribute("data-selected") + " “" + stored.slice(from, to) + "”";
  }

  document.addEventListener("mouseup", update);
  document.addEventListener("keyup", function (event) {
    if (event.shiftKey) {
      update();
    }
  });
});
