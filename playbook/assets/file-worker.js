/* Web Workers under file://.
 *
 * Chromium refuses `new Worker(...)` for pages opened from disk, so the site search (which runs
 * in a worker) would never start in the offline bundle. This runs the worker script in a hidden
 * same-origin iframe instead: messages are passed through as MessageEvents, `importScripts`
 * loads scripts in order and returns a promise (Material's search worker awaits it), and
 * `window.IFrameWorker` tells the worker it is hosted this way. Loaded only in the bundle.
 *
 * That iframe runs on the page's own thread, so building a large search index there freezes
 * the page for seconds. Chromium does start a worker from a Blob URL under file://; only its
 * `importScripts` of files is refused. So, first, the worker's sources (written by the build
 * into `playbook-sources.js` beside the worker script: Material's worker and the lunr language
 * files it imports) are loaded as an ordinary script, and the worker is started from a Blob
 * made of them, with an `importScripts` that runs the bundled sources. The iframe remains the
 * fallback where that fails.
 *
 * Where the build shipped the edition's search index prebuilt (macros/site/prebuilt.py: its
 * search_index.js names `search_prebuilt.js`), the worker's set-up message carries it, as JSON
 * text (a copy of a string, cheap on this thread), and the worker loads it instead of building
 * the index (macros/site/search-prebuilt.js).
 *
 * Under file://, Material sets its worker up only when the search box opens (on a served site,
 * at once): with the index built on the page's thread, that kept pages responsive. Here the
 * worker has a thread of its own and the index comes prebuilt, so, as when served, the worker is
 * set up as soon as the prebuilt index has been read, with the set-up Material would send (the
 * same entries, config and options). When Material does send it, the worker is already ready
 * (or nearly): its "ready" reply is held until then and handed over, and the set-up is not
 * repeated. Without that, a large bundle's first search waited on the whole set-up.
 */
(function () {
  "use strict";
  if (location.protocol !== "file:") return;

  // Load a script into `doc` (this page's, or the worker iframe's); resolves once it has run.
  function loadScript(doc, src) {
    return new Promise(function (resolve, reject) {
      var script = doc.createElement("script");
      script.src = new URL(src, location.href).href;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("cannot load " + src)); };
      doc.head.appendChild(script);
    });
  }

  // Hand an event to a stand-in worker's on<type> handler and its listeners.
  function deliver(host, type, event) {
    var handler = host["on" + type];
    if (typeof handler === "function") handler.call(host, event);
    (host._listeners[type] || []).forEach(function (fn) { fn.call(host, event); });
  }

  function FrameWorker(url) {
    var host = this;
    var frame = document.createElement("iframe");
    frame.hidden = true;
    frame.setAttribute("aria-hidden", "true");
    frame.title = "search worker";
    (document.body || document.documentElement).appendChild(frame);
    var win = frame.contentWindow;
    var doc = win.document;
    var queue = [];
    var ready = false;
    this.onmessage = null;
    this.onerror = null;
    this._frame = frame;
    this._listeners = {};

    function load(src) { return loadScript(doc, src); }

    win.importScripts = function () {
      var urls = Array.prototype.slice.call(arguments);
      return urls.reduce(function (done, src) {
        return done.then(function () { return load(src); });
      }, Promise.resolve());
    };
    win.postMessage = function (data) {
      deliver(host, "message", new MessageEvent("message", { data: data }));
    };
    load(url).then(function () {
      ready = true;
      queue.splice(0).forEach(function (data) { host.postMessage(data); });
    }, function (error) {
      deliver(host, "error", new ErrorEvent("error", { message: error.message }));
    });
    this._post = function (data) {
      setTimeout(function () {
        win.dispatchEvent(new win.MessageEvent("message", { data: data }));
      }, 0);
    };
    this._isReady = function () { return ready; };
    this._queue = queue;
  }

  FrameWorker.prototype.postMessage = function (data) {
    if (this._isReady()) this._post(data); else this._queue.push(data);
  };
  FrameWorker.prototype.addEventListener = function (type, fn) {
    (this._listeners[type] = this._listeners[type] || []).push(fn);
  };
  FrameWorker.prototype.removeEventListener = function (type, fn) {
    this._listeners[type] = (this._listeners[type] || []).filter(function (f) { return f !== fn; });
  };
  FrameWorker.prototype.terminate = function () { this._frame.remove(); };

  var RealWorker = window.Worker;

  // importScripts inside the Blob worker: run the bundled source whose path ends the URL.
  var PRELUDE = [
    "self.importScripts = function () {",
    "  for (var i = 0; i < arguments.length; i++) {",
    "    var url = String(arguments[i]);",
    "    var key = Object.keys(__sources).filter(function (k) {",
    "      return url.slice(-k.length) === k;",
    "    })[0];",
    "    if (!key) throw new Error('not bundled: ' + url);",
    "    (0, eval)(__sources[key]);",
    "  }",
    "};",
    ""
  ].join("\n");

  // The edition's prebuilt index, loaded once: its search_index.js (which Material loads with
  // every page) announces it, and it is read when the page is idle, so that the first search
  // waits only for the worker to load it.
  var prebuilt = null;
  var whenAnnounced = [];  // what waits for search_index.js to name the prebuilt index
  function preload(url) {
    if (prebuilt) return prebuilt;
    setTimeout(function () { whenAnnounced.splice(0).forEach(function (fn) { fn(); }); }, 0);
    prebuilt = new Promise(function (resolve) {
      var idle = window.requestIdleCallback || function (fn) { setTimeout(fn, 200); };
      idle(function () {
        loadScript(document, url).then(function () {
          var text = window.__playbookPrebuiltIndex;
          window.__playbookPrebuiltIndex = null;  // the promise keeps it
          resolve(typeof text === "string" ? text : null);
        }).catch(function () { resolve(null); });
      }, { timeout: 2000 });
    });
    return prebuilt;
  }
  window.__playbookPreload = preload;

  // The set-up message (type 0) with the prebuilt index added, when this edition has one.
  function withPrebuilt(data) {
    var url = window.__playbookPrebuilt;
    if (!data || data.type !== 0 || typeof url !== "string") return Promise.resolve(data);
    return preload(url).then(function (text) {
      if (text === null) return data;
      window.__playbookSearchIndex = "prebuilt";
      return { type: 0, data: Object.assign({}, data.data, { prebuilt: text }) };
    });
  }

  // The set-up message Material sends when the search box opens, made from the same entries
  // (search_index.js's `__index`) and options (the `__config` features), or null.
  function materialSetup() {
    var index = window.__index;
    var config = document.getElementById("__config");
    if (!index || !config) return null;
    var features = JSON.parse(config.textContent).features || [];
    return { type: 0, data: {
      config: index.config, docs: index.docs,
      options: { suggest: features.indexOf("search.suggest") >= 0 }
    } };
  }

  // Whether `data` is the set-up the worker was given early (the same objects, the same options).
  function sameSetup(data, early) {
    if (!early || !data || data.type !== 0 || !data.data) return false;
    var options = data.data.options || {};
    return data.data.config === early.data.config && data.data.docs === early.data.docs &&
      Boolean(options.suggest) === early.data.options.suggest &&
      Object.keys(data.data).length === 3 && Object.keys(options).length === 1;
  }

  function BlobWorker(url) {
    var host = this;
    var target = null;
    var queue = [];
    var sending = Promise.resolve();
    var early = null;  // the set-up this worker was given before Material sent one
    var reply = null;  // the worker's "ready" to `early`: "waiting", then the event
    var material = "none";  // Material's set-up: "none" yet, "same" as `early`, or "own"
    this.onmessage = null;
    this.onerror = null;
    this._listeners = {};
    function post(data) { if (target) target.postMessage(data); else queue.push(data); }
    function send(data) {  // in order, each after the one before it is ready
      sending = sending.then(function () { return withPrebuilt(data); }).then(post);
    }
    this._send = function (data) {
      if (data && data.type === 0 && material === "none") {
        material = sameSetup(data, early) ? "same" : "own";
        if (material === "same") {  // the worker has it: hand over its reply, now or when it comes
          window.__playbookSearchWarm = "used";
          if (reply !== "waiting") setTimeout(function () { deliver(host, "message", reply); }, 0);
          return;
        }
      }
      send(data);
    };
    // Set the worker up as soon as the prebuilt index has been read (see the top).
    function warm() {
      var url = window.__playbookPrebuilt;
      if (typeof url !== "string") { whenAnnounced.push(warm); return; }
      preload(url).then(function (text) {
        var setup = text !== null && material === "none" ? materialSetup() : null;
        if (setup === null) return;
        early = setup;
        reply = "waiting";
        window.__playbookSearchWarm = "sent";
        send(setup);
      });
    }
    // The worker's messages, but the "ready" to `early`: held until Material asks, then handed
    // over; dropped if Material sent a set-up of its own (whose "ready" follows).
    this._receive = function (event) {
      if (reply === "waiting" && event.data && event.data.type === 1) {
        reply = event;
        if (material === "none") window.__playbookSearchWarm = "ready";
        if (material === "same") deliver(host, "message", event);
        return;
      }
      deliver(host, "message", event);
    };
    this._stop = function () { if (target) target.terminate(); };

    var script = new URL(url, location.href);
    var name = script.pathname.split("/").pop();
    loadScript(document, new URL("playbook-sources.js", script).href).then(function () {
      var sources = window.__playbookWorkerSources || {};
      var own = Object.keys(sources).filter(function (k) { return k.slice(-name.length) === name; })[0];
      if (!own) throw new Error("worker source not bundled");
      var blob = new Blob(["var __sources = ", JSON.stringify(sources), ";\n", PRELUDE,
                           sources[own]], { type: "text/javascript" });
      target = new RealWorker(URL.createObjectURL(blob));
      window.__playbookSearchWorker = "blob";
      warm();  // only here: the same-thread fallback would freeze the page
      return target;
    }).catch(function () {  // no Blob workers here: the same-thread iframe
      target = new FrameWorker(url);
      window.__playbookSearchWorker = "iframe";
      return target;
    }).then(function (worker) {
      worker.onmessage = host._receive;
      worker.onerror = function (event) { deliver(host, "error", event); };
      queue.splice(0).forEach(function (data) { worker.postMessage(data); });
    });
  }

  BlobWorker.prototype.postMessage = function (data) { this._send(data); };
  BlobWorker.prototype.addEventListener = FrameWorker.prototype.addEventListener;
  BlobWorker.prototype.removeEventListener = FrameWorker.prototype.removeEventListener;
  BlobWorker.prototype.terminate = function () { this._stop(); };

  window.IFrameWorker = FrameWorker;
  window.Worker = BlobWorker;
})();
