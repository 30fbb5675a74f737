/* Draws the charts of the page with the vendored vega-embed (see templates/core/_chart.html).
 *
 * Each chart is an element with data-chart="<id>", where <id> is a <script type="application/json">
 * holding a Vega-Lite spec built in safecity/core/charts.py. The CSP allows neither eval nor inline
 * styles, so Vega evaluates its expressions with vega-interpreter (ast: true) and vega-embed's
 * stylesheet is linked instead of injected. The data table next to each chart is the text
 * alternative; it is opened when a chart cannot be drawn.
 */
(function () {
  "use strict";

  function showTable(element) {
    const figure = element.closest("figure");
    const details = figure && figure.querySelector("details.chart-data");
    if (details) details.open = true;
  }

  function labelActions(element, result) {
    const summary = element.querySelector(".vega-embed > details > summary, details > summary");
    if (summary && element.dataset.labelActions) {
      summary.setAttribute("aria-label", element.dataset.labelActions);
      summary.setAttribute("title", element.dataset.labelActions);
      summary.querySelectorAll("svg").forEach(function (icon) {
        icon.setAttribute("aria-hidden", "true");
      });
    }
    // vega-embed fills the link on mousedown only; keyboard users focus it first.
    element.querySelectorAll(".vega-actions a[download]").forEach(function (link) {
      const type = link.download.split(".").pop();
      link.addEventListener("focus", function () {
        result.view.toImageURL(type).then(function (url) {
          link.href = url;
        });
      });
    });
  }

  function draw(element) {
    const source = document.getElementById(element.dataset.chart);
    if (!source) {
      console.error("charts.js: no spec #" + element.dataset.chart);
      showTable(element);
      return;
    }
    const spec = JSON.parse(source.textContent);
    const options = {
      renderer: "svg",
      actions: { export: { png: true, svg: true }, source: false, compiled: false, editor: false },
      ast: true,
      expr: vega.expressionInterpreter,
      defaultStyle: false,
      forceActionsMenu: true,
      tooltip: { disableDefaultStyle: true },
      downloadFileName: element.id,
      i18n: {
        CLICK_TO_VIEW_ACTIONS: element.dataset.labelActions || "",
        PNG_ACTION: element.dataset.labelPng || "PNG",
        SVG_ACTION: element.dataset.labelSvg || "SVG",
      },
    };
    vegaEmbed(element, spec, options)
      .then(function (result) {
        labelActions(element, result);
        element.classList.add("chart-drawn");
      })
      .catch(function (error) {
        console.error("charts.js: chart #" + element.id + " could not be drawn", error);
        showTable(element);
      });
  }

  function drawAll() {
    if (typeof vegaEmbed !== "function" || !window.vega || !vega.expressionInterpreter) {
      console.error("charts.js: include core/_chart_scripts.html to load vega");
      document.querySelectorAll("[data-chart]").forEach(showTable);
      return;
    }
    document.querySelectorAll("[data-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
