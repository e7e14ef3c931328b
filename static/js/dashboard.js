/* Dashboard charts: data from the json_script element "dashboard-data", drawn with the vendored Chart.js.
   No inline script (Content-Security-Policy script-src 'self'); a click on a bar or slice opens the list
   of the records behind it. */
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var lang = document.documentElement.lang || "vi";
  var numberFormat = new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-GB", { maximumFractionDigits: 0 });
  var colours = ["#1f6f50", "#c0392b", "#2e86c1", "#d4a017", "#7d3c98", "#ca6f1e", "#17a589", "#566573"];

  Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif";
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;

  function open(url) {
    if (url) {
      window.location.href = url;
    }
  }

  function tooltipNumber(context) {
    var value = context.parsed && typeof context.parsed === "object" ? context.parsed.y : context.parsed;
    var label = context.dataset.label || context.label || "";
    return label + ": " + numberFormat.format(value);
  }

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (!canvas) {
      return null;
    }
    config.options = config.options || {};
    config.options.plugins = config.options.plugins || {};
    config.options.plugins.tooltip = { callbacks: { label: tooltipNumber } };
    var chart = new Chart(canvas, config);
    canvas.dataset.drawn = "true";
    return chart;
  }

  var links = data.links;

  draw("chart-months", {
    type: "bar",
    data: {
      labels: data.labels.months,
      datasets: [
        { label: data.labels.inbound, data: data.per_month.inbound, backgroundColor: colours[0] },
        { label: data.labels.outbound, data: data.per_month.outbound, backgroundColor: colours[1] }
      ]
    },
    options: {
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      onClick: function (event, elements) {
        if (elements.length) {
          var el = elements[0];
          var month = links.months[el.index];
          open(el.datasetIndex === 0 ? month.inbound : month.outbound);
        }
      }
    }
  });

  draw("chart-categories", {
    type: "doughnut",
    data: {
      labels: data.categories.map(function (c) { return c.label; }),
      datasets: [{ data: data.categories.map(function (c) { return c.vnd; }), backgroundColor: colours }]
    },
    options: {
      plugins: { legend: { position: "right" } },
      onClick: function (event, elements) {
        if (elements.length) {
          open(links.categories[elements[0].index]);
        }
      }
    }
  });

  draw("chart-trend", {
    type: "bar",
    data: {
      labels: data.trend.years,
      datasets: [
        { type: "bar", label: data.labels.delegations, data: data.trend.delegations, backgroundColor: colours[2], yAxisID: "y" },
        { type: "line", label: data.labels.support, data: data.trend.expenditure_vnd, borderColor: colours[3], backgroundColor: colours[3], yAxisID: "money" }
      ]
    },
    options: {
      scales: {
        y: { beginAtZero: true, position: "left", ticks: { precision: 0 } },
        money: {
          beginAtZero: true,
          position: "right",
          grid: { drawOnChartArea: false },
          ticks: { callback: function (value) { return numberFormat.format(value); } }
        }
      },
      onClick: function (event, elements) {
        if (elements.length) {
          var el = elements[0];
          var year = links.trend[el.index];
          open(el.datasetIndex === 0 ? year.delegations : year.support);
        }
      }
    }
  });

  draw("chart-countries", {
    type: "bar",
    data: {
      labels: data.countries.map(function (c) { return c.label; }),
      datasets: [{ label: "", data: data.countries.map(function (c) { return c.n; }), backgroundColor: colours[4] }]
    },
    options: {
      indexAxis: "y",
      plugins: { legend: { display: false } },
      scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
      onClick: function (event, elements) {
        if (elements.length) {
          open(links.countries[elements[0].index]);
        }
      }
    }
  });
})();
