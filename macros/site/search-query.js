/* Search queries read the way the index is written. Runs inside Material's search worker: the
 * build puts it before the worker's own code and has the worker call `__playbookQuery` where
 * it would otherwise cut Chinese runs itself (macros/site/upstream.py, patch_search_worker).
 *
 * Material cuts a run of Chinese characters into the pieces it finds in the index, but never
 * tries the run as a whole, so 用户分群 is searched as 用户 or 分群 and finds every page about
 * users. Here a run is split by forward maximum matching over the words the index was segmented
 * with: the handbook's own words (shipped in the index configuration as `words`) and every word
 * the index holds. A whole term stays one word; an unknown character stays a character.
 *
 * The index holds HTML-escaped text (P&amp;L), so a `&` inside a Latin word is escaped too.
 */
(function () {
  "use strict";
  var words = new Set();
  var longest = 8;
  var SETTLE_MS = 30;

  // Keys typed in a burst (a fast typist, a paste, a test driving the browser) send a query
  // each; only the last of a burst is searched, so the results drawn are always those of the
  // query in the box, never of a half-typed one that happened to answer first.
  var listen = self.addEventListener.bind(self);
  self.addEventListener = function (type, listener, options) {
    if (type !== "message") return listen(type, listener, options);
    var pending = null;
    return listen(type, function (event) {
      var query = event.data && typeof event.data.data === "string";
      if (!query) return listener.call(this, event);
      clearTimeout(pending);
      pending = setTimeout(function () { listener.call(self, event); }, SETTLE_MS);
    }, options);
  };

  // The index configuration arrives with the worker's set-up message (before any query).
  listen("message", function (event) {
    var data = event.data && event.data.data;
    if (data && data.config && Array.isArray(data.config.words)) {
      words = new Set(data.config.words);
      data.config.words.forEach(function (word) { longest = Math.max(longest, word.length); });
    }
  });

  function known(word, index) {
    return words.has(word) || Object.prototype.hasOwnProperty.call(index, word);
  }

  // Forward maximum matching: at each place, the longest known word (or one character).
  function split(run, index) {
    var out = [];
    for (var i = 0; i < run.length;) {
      var j = Math.min(run.length, i + longest);
      while (j > i + 1 && !known(run.slice(i, j), index)) j--;
      out.push(run.slice(i, j));
      i = j;
    }
    return out;
  }

  self.__playbookQuery = function (query, index) {
    return query
      .replace(/([A-Za-z0-9])&(?=[A-Za-z0-9])/g, "$1&amp;")
      .replace(/\p{sc=Han}+/gu, function (run) { return " " + split(run, index).join(" ") + " "; })
      .trim();
  };
})();
