/* Material's search worker outside a browser, to build the offline bundle's search index once
 * (macros/site/prebuilt.py runs this in V8). The worker's globals are stood in for: `self`,
 * `addEventListener`, `postMessage`, and `importScripts` running the bundled lunr files.
 * `__playbookBuild(sources, worker, index)` sets the worker up with the index's entries, as a
 * page does, and resolves to what search-prebuilt.js kept of the index it built; the tests also
 * send it queries (`__playbookStart`, `__playbookSend`).
 */
var self = globalThis;
var __listeners = [];
self.addEventListener = function (type, listener) {
  if (type === "message") __listeners.push(listener);
};
self.postMessage = function () {};
self.setTimeout = self.setTimeout || function (fn) { Promise.resolve().then(fn); return 0; };
self.clearTimeout = self.clearTimeout || function () {};

// Start the worker (`capture`: keep the index it builds, see search-prebuilt.js). Arguments and
// answers cross from Python as JSON text.
function __playbookStart(sourcesJSON, worker, capture) {
  var sources = JSON.parse(sourcesJSON);
  self.importScripts = function () {
    for (var i = 0; i < arguments.length; i++) {
      var url = String(arguments[i]);
      var key = Object.keys(sources).filter(function (k) { return url.slice(-k.length) === k; })[0];
      if (!key) throw new Error("not bundled: " + url);
      (0, eval)(sources[key]);
    }
  };
  self.__playbookCapture = capture;
  (0, eval)(sources[worker]);
}

// Send the worker a message as a page does; resolves to its answer.
function __playbookSend(messageJSON) {
  var message = JSON.parse(messageJSON);
  return new Promise(function (resolve) {
    self.postMessage = function (answer) { resolve(JSON.stringify(answer)); };
    __listeners.forEach(function (listener) { listener({ data: message }); });
  });
}

function __playbookBuild(sourcesJSON, worker, indexJSON) {
  __playbookStart(sourcesJSON, worker, true);
  var index = JSON.parse(indexJSON);
  var setup = { type: 0, data: { config: index.config, docs: index.docs, options: {} } };
  return __playbookSend(JSON.stringify(setup)).then(function () { return self.__playbookBuilt; });
}

// Run `name(...args)` and keep its answer (text) as `self.__playbookAnswer`, for a caller that
// polls rather than waits on a promise.
function __playbookRun(name) {
  var args = Array.prototype.slice.call(arguments, 1);
  self.__playbookAnswer = null;
  Promise.resolve().then(function () { return self[name].apply(null, args); }).then(
    function (answer) { self.__playbookAnswer = { answer: answer }; },
    function (error) { self.__playbookAnswer = { error: String(error && error.stack || error) }; }
  );
}
