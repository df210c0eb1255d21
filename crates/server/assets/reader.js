// khulasa reader page: font size, show/hide summary, listen with the key
// point being spoken highlighted, and key point → source sentences.
// No framework; everything the page shows was escaped by the server.
(function () {
  "use strict";
  var FONT_KEY = "khulasa.fontSize";
  var MIN = 14, MAX = 30, STEP = 2, DEFAULT = 19;
  var root = document.documentElement;

  function readFont() {
    var v = NaN;
    try { v = parseInt(window.localStorage.getItem(FONT_KEY), 10); } catch (e) { /* storage off */ }
    return isNaN(v) ? DEFAULT : Math.min(MAX, Math.max(MIN, v));
  }
  function setFont(px) {
    px = Math.min(MAX, Math.max(MIN, px));
    root.style.setProperty("--fs", px + "px");
    root.setAttribute("data-font", String(px));
    try { window.localStorage.setItem(FONT_KEY, String(px)); } catch (e) { /* storage off */ }
  }
  // Apply the remembered size on every page, before anything else.
  root.style.setProperty("--fs", readFont() + "px");
  root.setAttribute("data-font", String(readFont()));

  function $(id) { return document.getElementById(id); }
  function status(msg) { var s = $("status"); if (s) { s.textContent = msg || ""; } }

  function init() {
    var up = $("font-up"), down = $("font-down");
    if (up) { up.addEventListener("click", function () { setFont(readFont() + STEP); }); }
    if (down) { down.addEventListener("click", function () { setFont(readFont() - STEP); }); }

    var article = document.querySelector("article.reader");
    if (!article) { return; }
    var id = article.getAttribute("data-id");
    var toggle = $("toggle-summary"), box = $("summary");
    var showLabel = toggle ? toggle.textContent : "";

    function showSummary(show) {
      if (!box || !toggle) { return; }
      box.hidden = !show;
      toggle.setAttribute("aria-expanded", show ? "true" : "false");
      toggle.textContent = show ? toggle.getAttribute("data-label-hide") : showLabel;
    }
    if (toggle) { toggle.addEventListener("click", function () { showSummary(box.hidden); }); }

    var points = box ? Array.prototype.slice.call(box.querySelectorAll(".point")) : [];

    function clearHighlights() {
      Array.prototype.forEach.call(document.querySelectorAll(".s.hl"), function (s) { s.classList.remove("hl"); });
      points.forEach(function (p) { p.classList.remove("active"); });
    }
    function selectPoint(p, scroll) {
      clearHighlights();
      p.classList.add("active");
      var first = null;
      (p.getAttribute("data-sources") || "").split(" ").forEach(function (n) {
        if (n === "") { return; }
        var s = document.querySelector('.s[data-s="' + parseInt(n, 10) + '"]');
        if (s) { s.classList.add("hl"); if (!first) { first = s; } }
      });
      if (first && scroll) { first.scrollIntoView({ behavior: "smooth", block: "center" }); }
    }
    // Each point holds a <button>: Enter and Space click it.
    points.forEach(function (p) {
      p.addEventListener("click", function () { selectPoint(p, true); });
    });

    // Listening: fetch the audio with its timing marks, play it, and mark
    // the key point being spoken as time passes.
    var listen = $("listen"), audio = null, marks = [], listenLabel = listen ? listen.textContent : "";
    function speaking(t) {
      var ms = t * 1000, current = -1;
      marks.forEach(function (m) { if (ms >= m.start_ms && ms < m.end_ms) { current = m.point; } });
      points.forEach(function (p, i) { p.classList.toggle("speaking", i === current); });
      root.setAttribute("data-speaking", String(current));
    }
    function stop() {
      if (audio) { audio.pause(); }
      points.forEach(function (p) { p.classList.remove("speaking"); });
      root.setAttribute("data-speaking", "-1");
      listen.textContent = listenLabel;
      listen.setAttribute("aria-pressed", "false");
    }
    if (listen && id) {
      listen.addEventListener("click", function () {
        if (audio && !audio.paused) { stop(); return; }
        showSummary(true);
        listen.setAttribute("aria-pressed", "true");
        listen.textContent = listen.getAttribute("data-label-stop");
        if (audio) { audio.currentTime = 0; audio.play(); return; }
        status("…");
        fetch("/v1/articles/" + encodeURIComponent(id) + "/summary/audio", { headers: { Accept: "audio/mpeg, audio/wav;q=0.8" } })
          .then(function (res) {
            if (!res.ok) {
              return res.json().then(function (j) { throw new Error(j && j.error ? j.error.message : String(res.status)); },
                function () { throw new Error(String(res.status)); });
            }
            try { marks = JSON.parse(res.headers.get("khulasa-marks") || "[]"); } catch (e) { marks = []; }
            return res.blob();
          })
          .then(function (blob) {
            status("");
            audio = new Audio(URL.createObjectURL(blob));
            // In the page (hidden) so it can be inspected and sought.
            audio.id = "player";
            audio.hidden = true;
            document.body.appendChild(audio);
            audio.addEventListener("seeked", function () { speaking(audio.currentTime); });
            audio.addEventListener("timeupdate", function () { speaking(audio.currentTime); });
            audio.addEventListener("ended", stop);
            root.setAttribute("data-audio", "loaded");
            speaking(0);
            var played = audio.play();
            if (played && played.catch) { played.catch(function () { /* autoplay refused: marks still shown */ }); }
          })
          .catch(function (err) {
            root.setAttribute("data-audio", "error");
            status(err.message);
            stop();
          });
      });
    }
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
