/* Web Workers under file://.
 *
 * Chromium refuses `new Worker(...)` for pages opened from disk, so the site search (which runs
 * in a worker) would never start in the offline bundle. This runs the worker script in a hidden
 * same-origin iframe instead: messages are passed through as MessageEvents, `importScripts`
 * loads scripts in order and returns a promise (Material's search worker awaits it), and
 * `window.IFrameWorker` tells the worker it is hosted this way. Loaded only in the bundle.
 */
(function () {
  "use strict";
  if (location.protocol !== "file:") return;

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

    function load(src) {
      return new Promise(function (resolve, reject) {
        var script = doc.createElement("script");
        script.src = new URL(src, location.href).href;
        script.onload = function () { resolve(); };
        script.onerror = function () { reject(new Error("cannot load " + src)); };
        doc.head.appendChild(script);
      });
    }

    win.importScripts = function () {
      var urls = Array.prototype.slice.call(arguments);
      return urls.reduce(function (done, src) {
        return done.then(function () { return load(src); });
      }, Promise.resolve());
    };
    win.postMessage = function (data) {
      var event = new MessageEvent("message", { data: data });
      if (typeof host.onmessage === "function") host.onmessage(event);
      (host._listeners.message || []).forEach(function (fn) { fn.call(host, event); });
    };
    load(url).then(function () {
      ready = true;
      queue.splice(0).forEach(function (data) { host.postMessage(data); });
    }, function (error) {
      var event = new ErrorEvent("error", { message: error.message });
      if (typeof host.onerror === "function") host.onerror(event);
      (host._listeners.error || []).forEach(function (fn) { fn.call(host, event); });
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

  window.IFrameWorker = FrameWorker;
  window.Worker = FrameWorker;
})();
