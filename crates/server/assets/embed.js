// khulasa's summary box for a publisher's own page:
//   <script src="https://KHULASA/embed.js" defer></script>
//   <khulasa-summary article="ID"></khulasa-summary>   or   url="https://…"
// optional bullets="N" and lang. It reads the same API as khulasa's reader
// page (article, summary, audio with its marks), from the origin this script
// came from, without cookies. No framework; everything in an open shadow
// root so the host page's CSS cannot reach it; text set as text, never HTML.
(function () {
  "use strict";
  if (!window.customElements || window.customElements.get("khulasa-summary")) { return; }
  var me = document.currentScript;
  var BASE = (function () {
    try { return new URL(me.src).origin; } catch (e) { return window.location.origin; }
  })();

  var LABELS = {
    ar: {
      show: "اظهر الملخص", hide: "اخف الملخص", listen: "استمع إلى الملخص",
      summary: "الملخص", loading: "جارٍ تحميل الملخص…", audio: "جارٍ تحضير الصوت…",
      error: "تعذّر الوصول إلى الملخص الآن.", audioError: "تعذّر تشغيل الملخص المسموع.",
      sources: "من نص المقال:", reader: "اقرأ المقال وملخصه في خلاصة"
    },
    en: {
      show: "Show the summary", hide: "Hide the summary", listen: "Listen to the summary",
      summary: "Summary", loading: "Loading the summary…", audio: "Preparing the audio…",
      error: "The summary cannot be reached right now.", audioError: "The spoken summary cannot be played.",
      sources: "From the article:", reader: "Read the article and its summary on khulasa"
    }
  };
  function labelsFor(lang) {
    var code = String(lang || "").toLowerCase().split("-")[0];
    return LABELS[code] || LABELS.en;
  }
  function dirOf(lang) {
    return /^(ar|fa|ur|he|ps|ckb|sd|ug|yi|dv)(-|$)/i.test(lang || "") ? "rtl" : "ltr";
  }

  // Sizes in em: the box follows the host page's font size (its own
  // font buttons included). Colours are set, not inherited, so a host
  // stylesheet cannot make the text unreadable; !important on :host wins
  // over the host page's own !important rules for the element.
  var CSS =
    ":host{display:block!important;visibility:visible!important;opacity:1!important;" +
    "position:static!important;transform:none!important;filter:none!important;clip-path:none!important;" +
    "font-size:max(1em,12px)!important;margin:1em 0!important;contain:content}" +
    ":host([hidden]){display:none!important}" +
    "*{box-sizing:border-box}" +
    ".box{color:#1b1b1b;background:#f6f4ef;border:.0625em solid #c9c2b3;border-radius:.5em;" +
    "padding:.75em 1em;font:inherit;font-size:1em;font-style:normal;font-weight:400;line-height:1.6;" +
    "letter-spacing:normal;word-spacing:normal;text-transform:none;text-indent:0;text-align:start;" +
    "white-space:normal;visibility:visible;cursor:auto}" +
    ".tools{display:flex;flex-wrap:wrap;gap:.5em;align-items:center;margin:0}" +
    "button{font:inherit;font-size:1em;line-height:1.3;color:#fff;background:#14532d;border:.0625em solid #14532d;" +
    "border-radius:.375em;padding:.4em .9em;margin:0;cursor:pointer;display:inline-flex;gap:.4em;align-items:center;" +
    "visibility:visible;opacity:1;text-transform:none;letter-spacing:normal;min-height:2.2em}" +
    "button:hover{background:#0f3d21}" +
    "button:disabled{background:#6b6b6b;border-color:#6b6b6b;cursor:default}" +
    "button:focus-visible,a:focus-visible{outline:.15em solid #1d4ed8;outline-offset:.15em}" +
    ".listen[aria-pressed=true]{background:#7c2d12;border-color:#7c2d12}" +
    ".icon{font-size:.8em;width:1em;text-align:center}" +
    ".status{margin:.5em 0 0;font-size:.9em;color:#3b3b3b;min-height:0}" +
    ".status:empty{margin:0}" +
    ".box[data-state=error] .status{color:#8a1c1c}" +
    ".points{margin:.75em 0 0;padding:0;list-style:none;display:block}" +
    ".points[hidden]{display:none}" +
    ".point{margin:0 0 .5em;padding:0;display:block;border-radius:.375em;transition:background-color .2s}" +
    ".point>button.pt{display:block;width:100%;text-align:start;color:#1b1b1b;background:transparent;" +
    "border:0;border-inline-start:.25em solid #b08d3c;border-radius:.25em;padding:.35em .6em;font-weight:400;min-height:0}" +
    ".point>button.pt:hover{background:#ece6d8}" +
    ".point>button.pt[aria-expanded=true]{background:#ece6d8}" +
    ".point.speaking{background:#fde68a}" +
    ".point.speaking>button.pt{border-inline-start-color:#14532d;font-weight:600}" +
    ".sources{margin:.35em 1em .5em;padding:.5em .75em;background:#fff;border-radius:.375em;font-size:.95em}" +
    ".sources[hidden]{display:none}" +
    ".sources p{margin:0 0 .35em}" +
    ".sources blockquote{margin:0 0 .4em;padding:0 .6em;border-inline-start:.2em solid #c9c2b3}" +
    "a{color:#1d4ed8;text-decoration:underline}" +
    ".busy:after{content:'';display:inline-block;width:.6em;height:.6em;margin-inline-start:.4em;border-radius:50%;" +
    "background:currentColor;animation:k-pulse 1s ease-in-out infinite}" +
    "@keyframes k-pulse{50%{opacity:.2}}" +
    "@media (prefers-reduced-motion:reduce){*,*:after{transition:none!important;animation:none!important}}" +
    "@media (forced-colors:active){.point.speaking{outline:.15em solid Highlight}}";

  var sheet = null;
  function style(root) {
    try {
      if (!sheet) { sheet = new CSSStyleSheet(); sheet.replaceSync(CSS); }
      root.adoptedStyleSheets = [sheet];
    } catch (e) {
      // Older browsers: a <style> (a host CSP with a strict style-src may drop it).
      var s = document.createElement("style");
      s.textContent = CSS;
      root.appendChild(s);
    }
  }

  function el(tag, attrs, kids) {
    var n = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (attrs[k] === true) { n.setAttribute(k, ""); } else if (attrs[k] != null && attrs[k] !== false) { n.setAttribute(k, attrs[k]); }
    });
    (kids || []).forEach(function (c) { n.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return n;
  }

  function getJSON(path) {
    return fetch(BASE + path, { credentials: "omit", mode: "cors" }).then(function (res) {
      return res.json().catch(function () { return null; }).then(function (body) {
        if (!res.ok) {
          var err = new Error(body && body.error ? body.error.message : "HTTP " + res.status);
          err.status = res.status;
          throw err;
        }
        return body;
      });
    });
  }

  // The sentences of the article a key point's byte spans fall in, as
  // text: the same rule as the reader page's highlights.
  function sourceSentences(article, point, bytes, decoder) {
    var picked = [];
    (article.sentences || []).forEach(function (s, i) {
      (point.spans || []).forEach(function (sp) {
        if (s.start < Math.max(sp.end, sp.start + 1) && sp.start < s.end && picked.indexOf(i) < 0) { picked.push(i); }
      });
    });
    picked.sort(function (a, b) { return a - b; });
    return picked.map(function (i) {
      var s = article.sentences[i];
      return decoder.decode(bytes.subarray(s.start, s.end));
    });
  }

  var seq = 0;

  class KhulasaSummary extends HTMLElement {
    static get observedAttributes() { return ["article", "url", "bullets", "lang"]; }
  }
  var P = KhulasaSummary.prototype;

  P.connectedCallback = function () {
    if (!this.shadowRoot) {
      var root = this.attachShadow({ mode: "open" });
      style(root);
      this._uid = "k" + (++seq);
    }
    this._schedule();
  };
  P.disconnectedCallback = function () { this._stopAudio(true); };
  P.attributeChangedCallback = function (name, before, after) {
    if (before !== after && this.shadowRoot) { this._schedule(); }
  };
  P._schedule = function () {
    var self = this;
    if (self._pending) { return; }
    self._pending = true;
    Promise.resolve().then(function () { self._pending = false; self._load(); });
  };

  P._labelLang = function (articleLang) {
    return this.getAttribute("lang") || articleLang || document.documentElement.lang || "ar";
  };

  P._setState = function (state) {
    this.setAttribute("data-state", state);
    if (this._box) { this._box.setAttribute("data-state", state); }
  };

  // The frame: the two buttons, a status line and the (empty) list.
  P._frame = function (lang, dir) {
    var L = labelsFor(lang), id = this._uid;
    this._stopAudio(true);
    var root = this.shadowRoot;
    Array.prototype.slice.call(root.childNodes).forEach(function (n) { if (n.nodeName !== "STYLE") { root.removeChild(n); } });
    this._L = L;
    this._toggle = el("button", { type: "button", "class": "toggle", "aria-expanded": "false", "aria-controls": id + "-points", disabled: true }, [L.show]);
    this._listen = el("button", { type: "button", "class": "listen", "aria-pressed": "false", disabled: true },
      [el("span", { "class": "icon", "aria-hidden": "true" }, ["▶"]), el("span", { "class": "label" }, [L.listen])]);
    this._status = el("p", { "class": "status", role: "status", "aria-live": "polite" });
    this._list = el("ul", { "class": "points", id: id + "-points", hidden: true, "aria-label": L.summary });
    this._box = el("div", { "class": "box", lang: lang, dir: dir },
      [el("div", { "class": "tools" }, [this._toggle, this._listen]), this._status, this._list]);
    root.appendChild(this._box);
    var self = this;
    this._toggle.addEventListener("click", function () { self._show(self._list.hidden); });
    this._listen.addEventListener("click", function () { self._play(); });
  };

  P._say = function (msg, busy) {
    this._status.textContent = msg || "";
    this._status.classList.toggle("busy", !!busy);
  };

  P._load = function () {
    var self = this;
    var token = {};
    self._token = token;
    var id = (self.getAttribute("article") || "").trim();
    var url = (self.getAttribute("url") || "").trim();
    var n = parseInt(self.getAttribute("bullets") || "", 10);
    self._query = n >= 1 && n <= 20 ? "?bullets=" + n : "";
    var lang = self._labelLang("");
    self._frame(lang, dirOf(lang));
    self.removeAttribute("data-error");
    self._setState("loading");
    self._say(self._L.loading, true);
    self._box.setAttribute("aria-busy", "true");
    var article = id
      ? getJSON("/v1/articles/" + encodeURIComponent(id))
      : url ? getJSON("/v1/articles/by-url?url=" + encodeURIComponent(url))
        : Promise.reject(new Error("no article or url attribute"));
    article.then(function (a) {
      return getJSON("/v1/articles/" + encodeURIComponent(a.id) + "/summary" + self._query)
        .then(function (s) { return [a, s]; });
    }).then(function (both) {
      if (self._token !== token) { return; }
      self._render(both[0], both[1]);
    }, function (err) {
      if (self._token !== token) { return; }
      self._fail(err);
    });
  };

  P._fail = function (err) {
    this._setState("error");
    this._box.removeAttribute("aria-busy");
    this._say(this._L.error);
    this.setAttribute("data-error", String(err && err.message || err));
  };

  P._render = function (a, s) {
    var lang = this._labelLang(a.lang);
    var dir = a.dir || dirOf(a.lang || lang);
    this._frame(lang, dir);
    // The points are in the article's language, whatever the labels'.
    if (a.lang) { this._list.setAttribute("lang", a.lang); }
    this._list.setAttribute("dir", a.dir || dirOf(a.lang));
    this._id = a.id;
    this._reader = BASE + (a.reader || "/a/" + encodeURIComponent(a.id));
    var L = this._L, self = this;
    var bytes = new TextEncoder().encode(a.text || "");
    var decoder = new TextDecoder();
    this._points = (s.key_points || []).map(function (k, i) {
      var srcId = self._uid + "-src-" + i;
      var btn = el("button", { type: "button", "class": "pt", "aria-expanded": "false", "aria-controls": srcId }, [k.text]);
      var sentences = sourceSentences(a, k, bytes, decoder);
      var quotes = sentences.map(function (t) { return el("blockquote", {}, [t]); });
      var panel = el("div", { "class": "sources", id: srcId, hidden: true },
        (quotes.length ? [el("p", {}, [L.sources])].concat(quotes) : []).concat([
          el("a", { href: self._reader, target: "_blank", rel: "noopener noreferrer" }, [L.reader])]));
      var li = el("li", { "class": "point", "data-point": String(i) }, [btn, panel]);
      btn.addEventListener("click", function () {
        var open = panel.hidden;
        panel.hidden = !open;
        btn.setAttribute("aria-expanded", open ? "true" : "false");
      });
      self._list.appendChild(li);
      return li;
    });
    this._marks = [];
    this._box.removeAttribute("aria-busy");
    this._say("");
    this._toggle.disabled = this._points.length === 0;
    this._listen.disabled = this._points.length === 0;
    this._setState("ready");
  };

  P._show = function (show) {
    this._list.hidden = !show;
    this._toggle.setAttribute("aria-expanded", show ? "true" : "false");
    this._toggle.textContent = show ? this._L.hide : this._L.show;
  };

  P._speaking = function (t) {
    var ms = t * 1000, current = -1;
    (this._marks || []).forEach(function (m) { if (ms >= m.start_ms && ms < m.end_ms) { current = m.point; } });
    (this._points || []).forEach(function (li, i) {
      li.classList.toggle("speaking", i === current);
      if (i === current) { li.setAttribute("aria-current", "true"); } else { li.removeAttribute("aria-current"); }
    });
    this.setAttribute("data-speaking", String(current));
  };

  P._pressed = function (on) {
    this._listen.setAttribute("aria-pressed", on ? "true" : "false");
    this._listen.firstChild.textContent = on ? "❚❚" : "▶";
  };

  P._stopAudio = function (drop) {
    if (this._audio) {
      this._audio.pause();
      if (drop) {
        URL.revokeObjectURL(this._audio.src);
        if (this._audio.parentNode) { this._audio.parentNode.removeChild(this._audio); }
        this._audio = null;
      }
    }
    if (this._listen) { this._pressed(false); }
  };

  // Listen: fetch the audio and its marks once, then play / pause, marking
  // the point being spoken as the audio's time passes.
  P._play = function () {
    var self = this, a = self._audio;
    if (a && !a.paused) { a.pause(); return; }
    self._show(true);
    self._pressed(true);
    if (a) { a.play().catch(function () { self._pressed(false); }); return; }
    if (self._fetchingAudio) { return; }
    self._fetchingAudio = true;
    var token = self._token;
    self.setAttribute("data-audio", "loading");
    self._say(self._L.audio, true);
    var marks = [];
    var url = BASE + "/v1/articles/" + encodeURIComponent(self._id) + "/summary/audio" + self._query;
    var init = { credentials: "omit", mode: "cors", headers: { Accept: "audio/mpeg" } };
    fetch(url, init)
      .then(function (res) {
        if (!res.ok) { throw new Error("HTTP " + res.status); }
        var header = res.headers.get("khulasa-marks");
        return res.blob().then(function (blob) {
          if (header) { return [blob, header]; }
          // Spoken just now and streamed (no marks yet): stored once the
          // body has ended, so a HEAD has them.
          return fetch(url, { method: "HEAD", credentials: init.credentials, mode: init.mode, headers: init.headers })
            .then(function (h) { return [blob, h.headers.get("khulasa-marks")]; }, function () { return [blob, null]; });
        });
      })
      .then(function (got) {
        var blob = got[0];
        try { marks = JSON.parse(got[1] || "[]"); } catch (e) { marks = []; }
        self._fetchingAudio = false;
        if (self._token !== token) { return; }  // the box was reloaded meanwhile
        self._say("");
        self._marks = marks;
        a = new Audio(URL.createObjectURL(blob));
        a.hidden = true;
        self._audio = a;
        self.shadowRoot.appendChild(a);
        a.addEventListener("timeupdate", function () { self._speaking(a.currentTime); });
        a.addEventListener("seeked", function () { self._speaking(a.currentTime); });
        a.addEventListener("play", function () { self._pressed(true); });
        a.addEventListener("pause", function () { self._pressed(false); });
        a.addEventListener("ended", function () { self._pressed(false); self._speaking(-1); });
        self.setAttribute("data-audio", "loaded");
        self._speaking(0);
        a.play().catch(function () { self._pressed(false); });
      })
      .catch(function () {
        self._fetchingAudio = false;
        if (self._token !== token) { return; }
        self.setAttribute("data-audio", "error");
        self._pressed(false);
        self._say(self._L.audioError);
      });
  };

  window.customElements.define("khulasa-summary", KhulasaSummary);
})();
