/* What folds away on a phone: the main menu (narrow screens) and a list's filters (phones), each behind its button
 * (static/css/dnqp.css: "header" and "filters and forms"). A button names what it opens in aria-controls and
 * tells whether it is open in aria-expanded; the opened element gets the class "open".
 *
 * Loaded in <head>, not deferred: the "js" class is on <html> before the page is first drawn, so on a phone the
 * menu never shows open for a moment. Without JavaScript the class is missing and everything stays open, as on a
 * wide screen. The clicks are listened for on the document, so nothing waits for the page to finish loading.
 * A file of the server's own, no inline script: the Content-Security-Policy allows scripts from 'self' only.
 */
(function () {
  "use strict";

  var TOGGLES = ".nav-toggle, .fold-toggle";

  document.documentElement.classList.add("js");

  function setOpen(button, open) {
    var target = document.getElementById(button.getAttribute("aria-controls"));
    button.setAttribute("aria-expanded", open ? "true" : "false");
    if (target) {
      target.classList.toggle("open", open);
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest(TOGGLES);
    if (button) {
      setOpen(button, button.getAttribute("aria-expanded") !== "true");
    }
  });

  // Escape closes the open menu and gives the focus back to its button.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    var open = document.querySelector('.nav-toggle[aria-expanded="true"]');
    if (open) {
      setOpen(open, false);
      open.focus();
    }
  });
})();
