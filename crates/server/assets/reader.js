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

    // Listening: fetch the audio, play it, and mark the key point being
    // spoken as time passes. Stored audio comes whole with its timing marks
    // (khulasa-marks). Audio spoken now comes streamed (khulasa-stream), a
    // sentence of MP3 at a time: it plays through Media Source Extensions
    // as it arrives, the first point is marked until the real marks are
    // known, and those are read (HEAD: the stored audio's headers) once the
    // last byte is in. Without MSE for MP3 the page waits for the whole file.
    var listen = $("listen"), audio = null, marks = [], listenLabel = listen ? listen.textContent : "";
    var audioUrl = "/v1/articles/" + encodeURIComponent(id) + "/summary/audio";
    var accept = { Accept: "audio/mpeg, audio/wav;q=0.8" };
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
    function failed(err) {
      root.setAttribute("data-audio", "error");
      status(err.message);
      stop();
    }
    function player(src) {
      status("");
      audio = new Audio(src);
      // In the page (hidden) so it can be inspected and sought.
      audio.id = "player";
      audio.hidden = true;
      document.body.appendChild(audio);
      audio.addEventListener("seeked", function () { speaking(audio.currentTime); });
      audio.addEventListener("timeupdate", function () { speaking(audio.currentTime); });
      audio.addEventListener("ended", stop);
    }
    function start() {
      root.setAttribute("data-audio", "loaded");
      speaking(audio.currentTime || 0);
      var played = audio.play();
      if (played && played.catch) { played.catch(function () { /* autoplay refused: marks still shown */ }); }
    }
    function readMarks(header) {
      try { marks = JSON.parse(header || "[]"); } catch (e) { marks = []; }
      root.setAttribute("data-marks", String(marks.length));
      if (audio) { speaking(audio.currentTime || 0); }
    }
    function streamed(res) {
      var source = new MediaSource(), reader = res.body.getReader(), queue = [], done = false, started = false, buffer = null;
      // Until the real marks come, the first point is the one being read.
      marks = [{ point: 0, start_ms: 0, end_ms: 1e12 }];
      root.setAttribute("data-audio-stream", "mse");
      player(URL.createObjectURL(source));
      function pump() {
        if (!buffer || buffer.updating) { return; }
        if (queue.length) { buffer.appendBuffer(queue.shift()); return; }
        if (done && source.readyState === "open") {
          source.endOfStream();
          fetch(audioUrl, { method: "HEAD", headers: accept })
            .then(function (h) { readMarks(h.headers.get("khulasa-marks")); }, function () { /* keep the first point marked */ });
        }
      }
      function read() {
        reader.read().then(function (r) {
          if (r.done) { done = true; } else { queue.push(r.value); read(); }
          pump();
        }, failed);
      }
      source.addEventListener("sourceopen", function () {
        buffer = source.addSourceBuffer("audio/mpeg");
        buffer.addEventListener("updateend", function () {
          if (!started) { started = true; start(); }
          pump();
        });
        read();
      });
    }
    if (listen && id) {
      listen.addEventListener("click", function () {
        if (audio && !audio.paused) { stop(); return; }
        showSummary(true);
        listen.setAttribute("aria-pressed", "true");
        listen.textContent = listen.getAttribute("data-label-stop");
        if (audio) { audio.currentTime = 0; audio.play(); return; }
        status("…");
        fetch(audioUrl, { headers: accept })
          .then(function (res) {
            if (!res.ok) {
              return res.json().then(function (j) { throw new Error(j && j.error ? j.error.message : String(res.status)); },
                function () { throw new Error(String(res.status)); });
            }
            var mse = window.MediaSource && MediaSource.isTypeSupported("audio/mpeg") && res.body;
            if (res.headers.get("khulasa-stream") && mse) { streamed(res); return; }
            readMarks(res.headers.get("khulasa-marks"));
            return res.blob().then(function (blob) {
              player(URL.createObjectURL(blob));
              if (res.headers.get("khulasa-stream")) {
                // Streamed, but played whole: its marks are stored by now.
                return fetch(audioUrl, { method: "HEAD", headers: accept })
                  .then(function (h) { readMarks(h.headers.get("khulasa-marks")); start(); });
              }
              start();
            });
          })
          .catch(failed);
      });
    }
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
