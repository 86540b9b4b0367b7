// Till enhancements: print the receipt. Camera scanning of the customer's code is scanner.js.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
