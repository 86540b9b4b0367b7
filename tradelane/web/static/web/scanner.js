// Camera scanning where the browser has BarcodeDetector; without it the box stays hidden and the
// field beside it takes typed, pasted or scanner-gun input. The box says what to look for
// (data-scan-formats) and what a read code does: fill the field (data-target) and, with
// data-scan-submit, send its form.
(function () {
  "use strict";
  var box = document.querySelector("[data-scanner]");
  if (!box || !("BarcodeDetector" in window) || !navigator.mediaDevices) { return; }
  var input = document.getElementById(box.getAttribute("data-target"));
  var video = box.querySelector("[data-scan-video]");
  var status = box.querySelector("[data-scan-status]");
  var formats = (box.getAttribute("data-scan-formats") || "qr_code").split(" ");
  var submits = box.hasAttribute("data-scan-submit");
  function found(value) {
    input.value = value;
    if (submits && input.form) { input.form.submit(); } else { input.focus(); }
  }
  box.hidden = false;
  box.querySelector("[data-scan-start]").addEventListener("click", function () {
    var detector = new window.BarcodeDetector({ formats: formats });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.srcObject = stream;
      video.hidden = false;
      video.play();
      function look() {
        detector.detect(video).then(function (codes) {
          if (!codes.length) { window.requestAnimationFrame(look); return; }
          stream.getTracks().forEach(function (t) { t.stop(); });
          video.hidden = true;
          found(codes[0].rawValue);
        }, function () { window.requestAnimationFrame(look); });
      }
      look();
    }, function (err) { status.textContent = String(err && err.message || err); });
  });
})();
