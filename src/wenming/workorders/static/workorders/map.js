// A small Leaflet map for one point; the page works without tiles (no network, no map).
(function () {
  var element = document.getElementById("order-map");
  if (!element || !window.WenmingMap) { return; }
  var lat = parseFloat(element.dataset.lat), lng = parseFloat(element.dataset.lng);
  var map = WenmingMap.create(element).setView([lat, lng], 16);
  L.circleMarker([lat, lng], { radius: 8, color: "#d63939" }).addTo(map);
})();
