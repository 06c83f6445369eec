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
