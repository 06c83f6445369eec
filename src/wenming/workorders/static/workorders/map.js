// A small Leaflet map for one point; the page works without tiles (no network, no map).
(function () {
  var element = document.getElementById("order-map");
  if (!element || typeof L === "undefined") { return; }
  var lat = parseFloat(element.dataset.lat), lng = parseFloat(element.dataset.lng);
  var map = L.map(element).setView([lat, lng], 16);
  map.attributionControl.setPrefix("Leaflet");
  if (element.dataset.tiles) {
    L.tileLayer(element.dataset.tiles, { maxZoom: 19, attribution: element.dataset.attribution || "" }).addTo(map);
  }
  L.circleMarker([lat, lng], { radius: 8, color: "#d63939" }).addTo(map);
})();
