// Sites and road segments on a Leaflet map. Data comes from the page's json_script blocks
// (#map-points, #map-roads); tiles (when configured) come from wenming/map.js: without them the markers still show.
(function () {
  var element = document.querySelector("[data-site-map]");
  if (!window.WenmingMap || !element) { return; }
  function read(id) {
    var node = document.getElementById(id);
    return (node && JSON.parse(node.textContent || "[]")) || [];
  }
  var points = read("map-points"), roads = read("map-roads");
  var siteUrl = element.dataset.siteUrl || "";
  var map = WenmingMap.create(element, { preferCanvas: true }).setView([34.167, 112.845], 11);
  var bounds = [];
  points.forEach(function (p) {
    var marker = L.circleMarker([p.lat, p.lng], { radius: 6, color: "#1d4ed8", weight: 2, fillOpacity: 0.7 }).addTo(map);
    var link = document.createElement("a");
    link.href = siteUrl + p.id + "/";
    link.textContent = p.code + " " + p.name;
    var box = document.createElement("div");
    box.appendChild(link);
    box.appendChild(document.createElement("br"));
    box.appendChild(document.createTextNode(p.type));
    marker.bindPopup(box);
    bounds.push([p.lat, p.lng]);
  });
  roads.forEach(function (r) {
    if (r.path && r.path.length > 1) {
      L.polyline(r.path, { color: "#d63939", weight: 5 }).addTo(map).bindPopup(document.createTextNode(r.name));
      r.path.forEach(function (pt) { bounds.push(pt); });
    }
  });
  if (bounds.length === 1) { map.setView(bounds[0], 16); }
  else if (bounds.length > 1) { map.fitBounds(bounds, { padding: [20, 20] }); }
})();
