/* A search index built once, by the bundle's build, instead of in every reader's browser.
 *
 * Runs inside Material's search worker, before its own code (macros/site/upstream.py,
 * patch_search_worker). Material's worker builds its lunr index from the entries when it is set
 * up: at 2,000 roles that takes seconds after the first keystroke. Its `Search` class calls the
 * global `lunr(config)`; here that call is watched:
 *
 * - `self.__playbookCapture = true` (the build, macros/site/prebuilt.py): the index is built as
 *   ever, and kept as `self.__playbookBuilt` — lunr's own serialisation of it, and Material's
 *   table of where each word stands in each field (for highlighting);
 * - a set-up message carrying `prebuilt` (that serialisation as JSON text; the offline bundle's
 *   pages add it, playbook/assets/file-worker.js): the worker's set-up runs as ever (languages,
 *   separator, fields), but no entry is indexed again; lunr loads the index and the table is
 *   filled in.
 *
 * With neither, the worker is Material's own.
 */
(function () {
  "use strict";
  var real = null;
  var prebuilt = null;
  var FORMAT = 3;  // of the saved index below: a saved index of another is built here instead

  // Which entries an index was built from (their locations, in order).
  function fingerprint(docs) {
    var hash = 2166136261;
    docs.forEach(function (doc) {
      var text = doc.location + "\n";
      for (var i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619) >>> 0;
    });
    return docs.length + ":" + hash;
  }

  // lunr's serialisation, written compactly: entries by their number in `docs` instead of by
  // their location (which lunr repeats for every word). Each word's postings are one flat list
  // (per field: how many entries, then each entry's number and its positions, or -1 without),
  // kept as JSON text and read only when a query reaches the word; vectors and Material's table
  // as they are.
  function compact(index, table, docs) {
    var json = index.toJSON();
    var number = new Map();
    docs.forEach(function (doc, i) { if (!number.has(doc.location)) number.set(doc.location, i); });
    var fields = json.fields;
    var postings = json.invertedIndex.map(function (pair) {
      var posting = pair[1];
      var out = [posting._index];
      fields.forEach(function (name) {
        var refs = Object.keys(posting[name] || {});
        out.push(refs.length);
        refs.forEach(function (ref) {
          var positions = posting[name][ref].position;
          out.push(number.get(ref), positions === undefined ? -1 : positions);
        });
      });
      return JSON.stringify(out);
    });
    var vectors = json.fieldVectors.map(function (pair) {
      var slash = pair[0].indexOf("/");
      return [fields.indexOf(pair[0].slice(0, slash)), number.get(pair[0].slice(slash + 1)), pair[1]];
    });
    // ASCII only (words as \u escapes): the page then holds it as a string of one byte a character.
    return JSON.stringify({
      format: FORMAT, version: json.version, fields: fields, pipeline: json.pipeline,
      docs: fingerprint(docs), terms: json.invertedIndex.map(function (pair) { return pair[0]; }),
      postings: postings, vectors: vectors, table: table  // table: each field's blocks, in order
    }).replace(/[\u0080-\uffff]/g, function (c) {
      return "\\u" + ("000" + c.charCodeAt(0).toString(16)).slice(-4);
    });
  }

  // A word's postings as lunr keeps them ({_index, field: {ref: {position}}}), each field's
  // decoded from the flat list on first use: a query reads a handful of words out of thousands,
  // and decoding them all made the set-up seconds long at 2,000 roles.
  function postingType(fields, docs) {
    function Posting(text) { this._text = text; this._fields = null; }
    function decode(posting) {
      var flat = JSON.parse(posting._text);
      var out = {};
      var i = 1;
      fields.forEach(function (name) {
        var refs = {};
        for (var k = flat[i++]; k > 0; k--) {
          var ref = docs[flat[i++]].location;
          var positions = flat[i++];
          refs[ref] = positions === -1 ? {} : { position: positions };
        }
        out[name] = refs;
      });
      out._index = flat[0];
      return out;
    }
    fields.concat(["_index"]).forEach(function (name) {
      Object.defineProperty(Posting.prototype, name, {
        enumerable: true,
        get: function () { return (this._fields = this._fields || decode(this))[name]; }
      });
    });
    return Posting;
  }

  // Back to lunr's serialisation (for lunr.Index.load), postings decoded lazily; Material's table.
  function expand(saved, docs) {
    if (saved.format !== FORMAT) throw new Error("it was written in another format");
    if (saved.docs !== fingerprint(docs)) throw new Error("it was built from other entries");
    var fields = saved.fields;
    var Posting = postingType(fields, docs);
    var invertedIndex = saved.terms.map(function (term, t) { return [term, new Posting(saved.postings[t])]; });
    var fieldVectors = saved.vectors.map(function (v) { return [fields[v[0]] + "/" + docs[v[1]].location, v[2]]; });
    var index = {
      version: saved.version, fields: fields, pipeline: saved.pipeline,
      fieldVectors: fieldVectors, invertedIndex: invertedIndex
    };
    return { index: index, table: saved.table };
  }

  function capture(real, setup) {
    var table = [];  // each field's positions, in the order lunr reads the fields
    var docs = [];
    var index = real(function (builder) {
      var field = builder.field;
      var add = builder.add;
      builder.add = function (doc, attributes) {
        docs.push(doc);
        return add.call(this, doc, attributes);
      };
      builder.field = function (name, attributes) {
        var extract = attributes.extractor;
        var watched = Object.assign({}, attributes, {
          extractor: function (doc) {
            var value = extract(doc);
            if (value !== undefined) table.push(real.tokenizer.table);
            return value;
          }
        });
        return field.call(this, name, watched);
      };
      setup.call(builder, builder);
    });
    self.__playbookBuilt = compact(index, table, docs);
    return index;
  }

  function load(real, setup, text) {
    var builder = new real.Builder();  // set up as lunr() sets one up, then by Material
    builder.pipeline.add(real.trimmer, real.stopWordFilter, real.stemmer);
    builder.searchPipeline.add(real.stemmer);
    var docs = [];
    builder.add = function (doc) { docs.push(doc); };
    setup.call(builder, builder);
    var saved = expand(JSON.parse(text), docs);
    var next = 0;
    var names = Object.keys(builder._fields);
    docs.forEach(function (doc) {  // as lunr reads them: the same order as in capture()
      names.forEach(function (name) {
        if (builder._fields[name].extractor(doc) === undefined) return;
        Array.prototype.push.apply(real.tokenizer.table, saved.table[next++]);
      });
    });
    if (next !== saved.table.length) throw new Error("its table of positions does not fit the entries");
    var index = real.Index.load(saved.index);
    self.__playbookSearchIndex = "prebuilt";
    return index;
  }

  function watched(setup) {
    if (prebuilt !== null) {
      var text = prebuilt;
      prebuilt = null;
      try {
        return load(real, setup, text);
      } catch (error) {  // built here after all, as without one
        console.warn("The prebuilt search index was not used: " + error.message);
      }
    }
    if (self.__playbookCapture) return capture(real, setup);
    return real(setup);
  }

  Object.defineProperty(self, "lunr", {
    configurable: true,
    get: function () { return real && proxy; },
    set: function (value) {
      real = value;
      proxy = new Proxy(value, { apply: function (_, __, args) { return watched(args[0]); } });
    }
  });
  var proxy = null;

  // The set-up message arrives before Material's handler sees it (this listener is first).
  self.addEventListener("message", function (event) {
    var data = event.data && event.data.data;
    if (event.data && event.data.type === 0 && data && typeof data.prebuilt === "string") {
      prebuilt = data.prebuilt;
      delete data.prebuilt;
    }
  });
})();
