// A volunteer's check-in on the phone: the phone's location (WGS-84) goes with the scan.
// Messages come translated from data attributes on #location-status.
(function () {
  var status = document.getElementById("location-status");
  if (!status) { return; }
  if (!navigator.geolocation) { status.textContent = status.dataset.unsupported; return; }
  navigator.geolocation.getCurrentPosition(function (position) {
    document.getElementById("lat").value = position.coords.latitude.toFixed(6);
    document.getElementById("lng").value = position.coords.longitude.toFixed(6);
    status.textContent = status.dataset.found;
  }, function () { status.textContent = status.dataset.failed; },
  {enableHighAccuracy: true, timeout: 10000, maximumAge: 30000});
})();
