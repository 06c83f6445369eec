// An inspector's visit on the phone: record where the phone is (WGS-84) and stop a double submit.
// Messages come translated from data attributes on #location-status.
(function () {
  var form = document.getElementById("visit-form");
  var status = document.getElementById("location-status");
  if (!form || !status) { return; }
  if (navigator.geolocation) {
    navigator.geolocation.getCurrentPosition(function (position) {
      document.getElementById("id_latitude").value = position.coords.latitude.toFixed(6);
      document.getElementById("id_longitude").value = position.coords.longitude.toFixed(6);
      status.textContent = status.dataset.found;
    }, function () { status.textContent = status.dataset.failed; },
    { enableHighAccuracy: true, timeout: 10000 });
  } else { status.textContent = status.dataset.failed; }
  form.addEventListener("submit", function () {
    var button = document.getElementById("submit-visit");
    setTimeout(function () { button.disabled = true; }, 0);
  });
})();
