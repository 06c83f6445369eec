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
