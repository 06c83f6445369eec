// Shared Leaflet setup, loaded by {% leaflet_scripts %} right after leaflet.js:
// the marker images at their static URLs (not relative to the page, which 404s), the
// configured tile service, or a plain offline background when there is none.
// WenmingMap.create(element, options) returns an L.Map; WenmingMap.picker(element) wires a
// map to the latitude/longitude fields of a form (core.widgets.MapPointWidget).
(function () {
  var setup = document.getElementById("wm-map-setup");
  if (!window.L || !setup) { return; }
  var conf = setup.dataset;
  L.Icon.Default.mergeOptions({ iconUrl: conf.icon, iconRetinaUrl: conf.icon2x, shadowUrl: conf.shadow });
  L.Icon.Default.imagePath = "";

  function create(element, options) {
    var map = L.map(element, options || {});
    map.attributionControl.setPrefix("Leaflet");
    if (conf.tiles) {
      L.tileLayer(conf.tiles, { maxZoom: 18, subdomains: conf.subdomains || "abc", attribution: conf.attribution || "" }).addTo(map);
    } else {
      element.classList.add("wm-map-offline");
      map.attributionControl.addAttribution(conf.offline || "");
    }
    return map;
  }

  function picker(element) {
    var form = element.closest("form");
    if (!form || element.classList.contains("leaflet-container")) { return null; }
    var lat = form.querySelector("[data-wm-map-point=latitude]");
    var lng = form.querySelector("[data-wm-map-point=longitude]");
    if (!lat || !lng) { return null; }
    var system = form.querySelector("[name=coordinate_system]");
    var center = [parseFloat(element.dataset.lat) || 34.167, parseFloat(element.dataset.lng) || 112.845];
    var map = create(element, { zoomControl: true });
    var marker = null;
    function place(latlng, pan) {
      if (marker) { marker.setLatLng(latlng); } else {
        marker = L.marker(latlng, { draggable: true, keyboard: true, title: element.dataset.markerTitle || "" }).addTo(map);
        marker.on("dragend", function () { write(marker.getLatLng()); });
      }
      if (pan) { map.setView(latlng, Math.max(map.getZoom(), 16)); }
    }
    function write(latlng) {
      lat.value = latlng.lat.toFixed(6); lng.value = latlng.lng.toFixed(6);
      // A point picked on this map is WGS-84 (the tiles' own system for 天地图 and XYZ services).
      if (system && system.tagName === "SELECT") { system.value = "wgs84"; }
      lat.dispatchEvent(new Event("change", { bubbles: true }));
    }
    function read() {
      var a = parseFloat(lat.value), b = parseFloat(lng.value);
      if (!isNaN(a) && !isNaN(b)) { place([a, b], true); return true; }
      return false;
    }
    map.setView(center, 13);
    read();
    map.on("click", function (event) { place(event.latlng, false); write(event.latlng); });
    [lat, lng].forEach(function (input) { input.addEventListener("input", read); });
    setTimeout(function () { map.invalidateSize(); }, 0);
    return map;
  }

  window.WenmingMap = { create: create, picker: picker };
  function scan() { document.querySelectorAll("[data-wm-map-picker]").forEach(picker); }
  // The picker sits above the latitude field: wait until the longitude field is parsed too.
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", scan); } else { scan(); }
})();
