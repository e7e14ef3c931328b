/* The map (/map/): data from the json_script element "map-data" (dnqp/reports/map_data.py), drawn with the
   vendored Leaflet over the country outlines of static/geo/ (Natural Earth). No tile layer: nothing is loaded
   from outside the server. No inline script (Content-Security-Policy script-src 'self').

   Units are markers (our units and partner units styled apart), each a link to its profile: a click, or Enter
   when it has the keyboard focus, opens it. A line joins each pair with an agreement in force in the year,
   coloured by the kind of agreement (the first kind in the choices' order when a pair has several). */
(function () {
  "use strict";
  var source = document.getElementById("map-data");
  var box = document.getElementById("map");
  if (!source || !box || typeof window.L === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var labels = data.labels;
  // The border region of Việt Nam, Cambodia and Laos: the view when no unit has coordinates.
  var REGION = [[8.4, 100.0], [23.5, 115.0]]; // the border region, and the archipelagos to the east

  function placed(unit) {
    return unit && unit.lat !== null && unit.lng !== null;
  }

  // The view first (Leaflet draws a layer only on a map that has one): around the placed units, else the region;
  // with the Hoàng Sa and Trường Sa archipelagos always in it, their names whole.
  var bounds = L.latLngBounds([]);
  data.commands.concat(data.partner_units).forEach(function (unit) {
    if (placed(unit)) {
      bounds.extend([unit.lat, unit.lng]);
    }
  });
  if (bounds.isValid()) {
    data.archipelagos.forEach(function (place) {
      bounds.extend([place.lat, place.lng]);
    });
  }
  var map = L.map(box, { minZoom: 4, maxZoom: 13, zoomSnap: 0.5, zoomControl: false });
  L.control.zoom({ zoomInTitle: labels.zoom_in, zoomOutTitle: labels.zoom_out }).addTo(map);
  if (bounds.isValid()) {
    map.fitBounds(bounds.pad(0.2), { maxZoom: 8 });
  } else {
    map.fitBounds(REGION);
  }
  map.attributionControl.setPrefix("Leaflet");
  map.attributionControl.addAttribution(labels.attribution);
  map.createPane("countries").style.zIndex = 350; // under the lines and the markers

  // A tooltip's content as elements (names are data: never written as HTML).
  function unitLabel(unit, side) {
    var content = document.createElement("div");
    var name = document.createElement("strong");
    name.textContent = unit.name;
    content.appendChild(name);
    if (unit.name_original) {
      var original = document.createElement("div");
      original.className = "original-name";
      original.textContent = unit.name_original;
      content.appendChild(original);
    }
    var kind = document.createElement("div");
    kind.className = "map-tooltip-side";
    kind.textContent = labels[side] + " · " + unit.code;
    content.appendChild(kind);
    return content;
  }

  var commands = {};
  var partners = {};

  function addUnit(unit, side, index) {
    index[unit.id] = unit;
    if (!placed(unit)) {
      return;
    }
    var className = side === "command" ? "map-unit map-unit-command" : "map-unit map-unit-partner";
    var marker = L.marker([unit.lat, unit.lng], {
      icon: L.divIcon({ className: className, iconSize: [14, 14] }),
      keyboard: true,
      riseOnHover: true,
      zIndexOffset: side === "command" ? 100 : 0
    });
    marker.bindTooltip(unitLabel(unit, side), { direction: "top", offset: [0, -8] });
    marker.on("click", function () {
      window.location.href = unit.url;
    });
    marker.on("keypress", function (event) {
      if (event.originalEvent.key === "Enter") {
        window.location.href = unit.url;
      }
    });
    marker.addTo(map);
    var element = marker.getElement();
    element.setAttribute("data-unit", side + "-" + unit.id);
    element.setAttribute("role", "link");
    element.setAttribute("aria-label", unit.name);
  }

  data.commands.forEach(function (unit) {
    addUnit(unit, "command", commands);
  });
  data.partner_units.forEach(function (unit) {
    addUnit(unit, "partner_unit", partners);
  });

  data.pairs.forEach(function (pair) {
    var command = commands[pair.command];
    var partner = partners[pair.partner_unit];
    if (!placed(command) || !placed(partner)) {
      return; // listed below the map
    }
    var kind = pair.kinds[0];
    var line = L.polyline(
      [
        [command.lat, command.lng],
        [partner.lat, partner.lng]
      ],
      {
        color: data.colours[kind],
        weight: 3,
        opacity: 0.85,
        dashArray: pair.kinds.length > 1 ? "8 4" : null,
        className: "map-pair map-pair-" + kind
      }
    );
    var names = pair.kinds.map(function (value) {
      return labels.kinds[value];
    });
    var content = document.createElement("div");
    content.textContent = command.name + " — " + partner.name + ": " + names.join(", ");
    line.bindTooltip(content, { sticky: true });
    line.addTo(map);
  });

  data.countries.forEach(function (country) {
    L.marker([country.lat, country.lng], {
      icon: L.divIcon({ className: "map-country-name", html: "", iconSize: [0, 0] }),
      interactive: false,
      keyboard: false
    })
      .bindTooltip(country.name, { permanent: true, direction: "center", className: "map-country-label" })
      .addTo(map);
  });

  data.archipelagos.forEach(function (place) {
    L.marker([place.lat, place.lng], {
      icon: L.divIcon({ className: "map-place", html: "", iconSize: [6, 6] }),
      interactive: false,
      keyboard: false
    })
      .bindTooltip(place.name, { permanent: true, direction: "left", offset: [-4, 0], className: "map-place-label" })
      .addTo(map);
  });

  box.setAttribute("data-units-drawn", "true");

  // The country outlines: a static file of the application (static/geo/README.md).
  fetch(box.getAttribute("data-outlines"), { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) {
        throw new Error("outlines: HTTP " + response.status);
      }
      return response.json();
    })
    .then(function (outlines) {
      L.geoJSON(outlines, {
        pane: "countries",
        interactive: false,
        style: function (feature) {
          var iso = feature.properties.iso;
          return {
            className: "map-country map-country-" + iso,
            color: "#7f8c8d",
            weight: 1,
            fillColor: iso === "VN" ? "#f6e7c1" : iso === "KH" || iso === "LA" ? "#e2ecd9" : "#efefea",
            fillOpacity: 1
          };
        }
      }).addTo(map);
      box.setAttribute("data-drawn", "true");
    })
    .catch(function (error) {
      box.setAttribute("data-drawn", "error");
      window.console.error(error);
    });
})();
