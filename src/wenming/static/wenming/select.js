// Searchable selects (core.widgets.SearchSelect): Tom Select over a <select data-wm-search-url>.
// The server searches (the API's `search` and `limit` parameters) and keeps its own order;
// a select with data-wm-depends-on is filtered by another field of the same form.
(function () {
  function labelOf(item, fields) {
    return fields.map(function (f) { return item[f]; }).filter(function (v) { return v !== null && v !== undefined && v !== ""; }).join(" ");
  }
  function init(select) {
    if (select.tomselect || typeof TomSelect === "undefined") { return; }
    var data = select.dataset;
    var fields = (data.wmLabelFields || "name").split(",");
    var limit = parseInt(data.wmLimit || "20", 10);
    var form = select.form;
    var other = data.wmDependsOn && form ? form.elements[data.wmDependsOn] : null;
    var escape = function (text) { var d = document.createElement("div"); d.textContent = text; return d.innerHTML; };
    var options = {
      valueField: data.wmValueField || "id",
      labelField: "_label",
      searchField: ["_label"],
      maxOptions: limit,
      preload: "focus",
      loadThrottle: 250,
      placeholder: data.wmPlaceholder || "",
      hidePlaceholder: true,
      // Keep the server's order: every loaded item matches.
      score: function () { return function () { return 1; }; },
      render: {
        // The first label key in the choice; the others (kind, title, masked phone) beside it.
        option: function (item) {
          var main = item[fields[0]] || item._label, rest = fields.slice(1).map(function (f) { return item[f]; }).filter(Boolean).join(" ");
          return "<div>" + escape(main) + (rest ? ' <span class="text-secondary small">' + escape(rest) + "</span>" : "") + "</div>";
        },
        item: function (item) { return "<div>" + escape(item[fields[0]] || item._label) + "</div>"; },
        no_results: function () { return '<div class="no-results">' + escape(data.wmNoResults || "") + "</div>"; },
        loading: function () { return '<div class="spinner-border spinner-border-sm m-2" role="status"></div>'; }
      },
      load: function (query, callback) {
        var self = this;
        var params = new URLSearchParams({ search: query, limit: String(limit) });
        if (other && other.value) { params.set(data.wmDependsParam, other.value); }
        var url = data.wmSearchUrl + (data.wmSearchUrl.indexOf("?") < 0 ? "?" : "&") + params.toString();
        fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
          .then(function (json) {
            var items = Array.isArray(json) ? json : (json.items || []);
            items.forEach(function (item) { item._label = labelOf(item, fields); });
            self.clearOptions();  // keeps the chosen ones; drops the last search's results
            callback(items);
          })
          .catch(function () { callback(); });
      }
    };
    if (select.multiple) {
      options.plugins = ["remove_button"];
      // After a pick, start the next search afresh.
      options.onItemAdd = function () { this.setTextboxValue(""); this.close(); };
    }
    var control = new TomSelect(select, options);
    if (other) {
      other.addEventListener("change", function () {
        control.clear(); control.clearOptions(); control.settings.preload && control.load("");
      });
    }
  }
  function scan(root) {
    (root || document).querySelectorAll("select[data-wm-search-url]").forEach(init);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", function () { scan(); }); } else { scan(); }
  document.addEventListener("htmx:load", function (event) { scan(event.target); });
})();
