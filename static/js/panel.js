/* A panel that loads after the page: an element with data-src (the dashboard's reminders) is replaced by the HTML
   fragment at that address, from the same server. Until then, or if the request fails, the element keeps its
   own content (a link to the full page). */
(function () {
  "use strict";
  if (typeof window.fetch !== "function") {
    return; // an old browser: the link stays
  }
  var slots = document.querySelectorAll("[data-src]");
  Array.prototype.forEach.call(slots, function (slot) {
    slot.setAttribute("aria-busy", "true");
    fetch(slot.getAttribute("data-src"), { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        if (!response.ok || response.redirected) {
          throw new Error(response.status); // an error, or a session that ended (redirected to the login page)
        }
        return response.text();
      })
      .then(function (html) {
        var holder = document.createElement("div");
        holder.innerHTML = html.trim();
        var panel = holder.firstElementChild;
        if (panel) {
          slot.replaceWith(panel);
        } else {
          slot.remove(); // nothing to show (a user without a scope)
        }
      })
      .catch(function () {
        slot.removeAttribute("aria-busy");
      });
  });
})();
