// Small behaviours shared by every page, wired by data attributes (no inline script: the
// Content-Security-Policy allows scripts from this site's files only).
(function () {
  // <a href="/fallback/" data-wm-back>: go back if there is a page to go back to.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-wm-back]");
    if (link && window.history.length > 1 && document.referrer.indexOf(window.location.origin) === 0) {
      event.preventDefault();
      window.history.back();
    }
  });

  // A table wider than its frame scrolls inside it: keyboard users reach it with Tab and scroll
  // with the arrow keys (WCAG 2.1.1), on first load and after each htmx swap.
  function focusableScrollers(root) {
    (root.querySelectorAll ? root : document).querySelectorAll(".table-responsive:not([tabindex])").forEach(function (frame) {
      frame.tabIndex = 0;
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { focusableScrollers(document); });
  } else {
    focusableScrollers(document);
  }
  document.addEventListener("htmx:afterSettle", function (event) { focusableScrollers(event.target); });
})();

// <input type="checkbox" data-wm-check-all="references">: tick or clear every checkbox of that
// name in the same form (the intake queue's batch).
(function () {
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("[data-wm-check-all]") || !box.form) { return; }
    box.form.querySelectorAll('input[type=checkbox][name="' + box.dataset.wmCheckAll + '"]').forEach(function (other) {
      other.checked = box.checked;
    });
  });
})();
