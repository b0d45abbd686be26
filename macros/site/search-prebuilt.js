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
  // their location (which lunr repeats for every word), numbers in flat lists.
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
          out.push(number.get(ref));
          if (positions === undefined) out.push(-1);
          else Array.prototype.push.apply(out, [positions.length].concat(positions));
        });
      });
      return out;
    });
    var vectors = json.fieldVectors.map(function (pair) {
      var slash = pair[0].indexOf("/");
      var ref = pair[0].slice(slash + 1);
      return [fields.indexOf(pair[0].slice(0, slash)), number.get(ref)].concat(pair[1]);
    });
    var positions = table.map(function (blocks) {  // in the order the fields were read
      var out = [blocks.length];
      blocks.forEach(function (block) { out.push(block.length); Array.prototype.push.apply(out, block); });
      return out;
    });
    // ASCII only (words as \u escapes): the page then holds it as a string of one byte a character.
    return JSON.stringify({
      version: json.version, fields: fields, pipeline: json.pipeline, docs: fingerprint(docs),
      terms: json.invertedIndex.map(function (pair) { return pair[0]; }),
      postings: postings, vectors: vectors, table: positions
    }).replace(/[\u0080-\uffff]/g, function (c) {
      return "\\u" + ("000" + c.charCodeAt(0).toString(16)).slice(-4);
    });
  }

  // Back to lunr's serialisation (for lunr.Index.load); Material's table, field by field.
  function expand(saved, docs) {
    var fields = saved.fields;
    if (saved.docs !== fingerprint(docs)) throw new Error("it was built from other entries");
    var invertedIndex = saved.terms.map(function (term, t) {
      var flat = saved.postings[t];
      var posting = { _index: flat[0] };
      var i = 1;
      fields.forEach(function (name) {
        var refs = {};
        for (var k = flat[i++]; k > 0; k--) {
          var ref = docs[flat[i++]].location;
          var n = flat[i++];
          refs[ref] = n < 0 ? {} : { position: flat.slice(i, i += n) };
        }
        posting[name] = refs;
      });
      return [term, posting];
    });
    var fieldVectors = saved.vectors.map(function (flat) {
      return [fields[flat[0]] + "/" + docs[flat[1]].location, flat.slice(2)];
    });
    var table = saved.table.map(function (flat) {
      var blocks = [];
      for (var i = 1; i < flat.length;) {
        var n = flat[i++];
        blocks.push(flat.slice(i, i += n));
      }
      return blocks;
    });
    var index = {
      version: saved.version, fields: fields, pipeline: saved.pipeline,
      fieldVectors: fieldVectors, invertedIndex: invertedIndex
    };
    return { index: index, table: table };
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
