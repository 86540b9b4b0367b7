// Till enhancements: print the receipt, and scan the customer's code with the camera where the
// browser has BarcodeDetector (otherwise the field takes typed or scanner-gun input).
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  var box = document.querySelector("[data-scanner]");
  if (!box || !("BarcodeDetector" in window) || !navigator.mediaDevices) { return; }
  var input = document.getElementById(box.getAttribute("data-target"));
  var video = box.querySelector("[data-scan-video]");
  var status = box.querySelector("[data-scan-status]");
  box.hidden = false;
  box.querySelector("[data-scan-start]").addEventListener("click", function () {
    var detector = new window.BarcodeDetector({ formats: ["code_128", "qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.srcObject = stream;
      video.hidden = false;
      video.play();
      function look() {
        detector.detect(video).then(function (codes) {
          if (codes.length) {
            stream.getTracks().forEach(function (t) { t.stop(); });
            video.hidden = true;
            input.value = codes[0].rawValue;
            input.focus();
          } else {
            window.requestAnimationFrame(look);
          }
        }, function () { window.requestAnimationFrame(look); });
      }
      look();
    }, function (err) { status.textContent = String(err && err.message || err); });
  });
})();
