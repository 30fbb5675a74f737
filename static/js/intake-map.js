// Pick the place of a signal on the area map: a click chooses the area in the list and fills in the
// point (rounded to three decimals, about 100 m). The list works on its own without this script.
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    var svg = document.querySelector("svg.pick-map");
    var select = document.getElementById("id_area");
    var lat = document.getElementById("id_latitude");
    var lon = document.getElementById("id_longitude");
    var status = document.getElementById("pick-status");
    if (!svg || !select || !lat || !lon) return;
    var marker = svg.querySelector(".pick-marker");
    var refLat = parseFloat(svg.dataset.refLat);
    var minX = parseFloat(svg.dataset.minX);
    var minY = parseFloat(svg.dataset.minY);
    var scale = parseFloat(svg.dataset.scale);
    var template = svg.closest("form").dataset.pickedText || "";

    function highlight(code) {
      svg.querySelectorAll("path.selected").forEach(function (p) { p.classList.remove("selected"); });
      if (!code) return;
      var path = svg.querySelector('path[data-area="' + CSS.escape(code) + '"]');
      if (path) path.classList.add("selected");
    }

    svg.addEventListener("click", function (event) {
      var path = event.target.closest("path[data-area]");
      if (!path) return;
      var point = svg.createSVGPoint();
      point.x = event.clientX;
      point.y = event.clientY;
      var local = point.matrixTransform(svg.getScreenCTM().inverse());
      var longitude = (local.x / scale + minX) / Math.cos(refLat * Math.PI / 180);
      var latitude = -(local.y / scale + minY);
      lat.value = latitude.toFixed(3);
      lon.value = longitude.toFixed(3);
      select.value = path.dataset.area;
      highlight(path.dataset.area);
      if (marker) {
        marker.setAttribute("cx", local.x.toFixed(1));
        marker.setAttribute("cy", local.y.toFixed(1));
        marker.classList.remove("is-hidden");
      }
      if (status) {
        status.textContent = template
          .replace("{area}", path.dataset.name)
          .replace("{lat}", lat.value)
          .replace("{lon}", lon.value);
      }
    });

    select.addEventListener("change", function () {
      // A new area from the list: the point picked before may lie elsewhere, so forget it.
      lat.value = "";
      lon.value = "";
      if (marker) marker.classList.add("is-hidden");
      highlight(select.value);
      if (status) status.textContent = "";
    });
  });
})();
