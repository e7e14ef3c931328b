/* The print view's "Print" button (no inline script under the Content-Security-Policy). */
(function () {
  "use strict";
  var buttons = document.querySelectorAll(".print-button");
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].addEventListener("click", function () { window.print(); });
  }
})();
