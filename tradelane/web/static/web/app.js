// Small progressive enhancements shared by every page; each page works without them.
(function () {
  "use strict";
  // <time data-countdown="seconds"> counts down to zero (payment codes, quote expiry).
  function tick() {
    document.querySelectorAll("[data-countdown]").forEach(function (el) {
      var left = Math.max(0, parseInt(el.getAttribute("data-countdown"), 10) - 1);
      el.setAttribute("data-countdown", String(left));
      el.textContent = String(left);
    });
  }
  window.setInterval(tick, 1000);
})();
