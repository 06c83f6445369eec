// 随手拍: location from the phone (WGS-84 from navigator.geolocation) or a tap on the map.
// Pages work without map tiles: the position is still taken from the phone.
(function () {
  var lat = document.getElementById("id_latitude"), lng = document.getElementById("id_longitude");
  var system = document.getElementById("id_coordinate_system");
  var text = document.getElementById("location-text"), element = document.getElementById("pick-map");
  var map = null, marker = null;
  function show(latitude, longitude) {
    lat.value = latitude.toFixed(6); lng.value = longitude.toFixed(6);
    text.textContent = lat.value + ", " + lng.value;
    if (map) {
      if (marker) { marker.setLatLng([latitude, longitude]); } else { marker = L.marker([latitude, longitude]).addTo(map); }
      map.setView([latitude, longitude], 16);
    }
  }
  if (element && window.WenmingMap) {
    var south = parseFloat(element.dataset.south), north = parseFloat(element.dataset.north);
    var west = parseFloat(element.dataset.west), east = parseFloat(element.dataset.east);
    var center = isNaN(south) ? [34.17, 112.84] : [(south + north) / 2, (west + east) / 2];
    map = WenmingMap.create(element).setView(center, 12);
    map.on("click", function (event) { system.value = "wgs84"; show(event.latlng.lat, event.latlng.lng); });
  }
  var button = document.getElementById("locate");
  if (button) {
    button.addEventListener("click", function () {
      if (!navigator.geolocation) { return; }
      navigator.geolocation.getCurrentPosition(function (position) {
        system.value = "wgs84";
        show(position.coords.latitude, position.coords.longitude);
      }, function () { text.textContent = text.dataset.failed || "无法获取位置，请在地图上点选"; },
      { enableHighAccuracy: true, timeout: 10000 });
    });
  }
})();
