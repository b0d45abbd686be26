/* "Copy as text" and "Download as text" on a job posting (roles/<id>/job/): the page title and
   the posting (.pb-posting) as plain text — headings, paragraphs and "- " lists, charts as an
   indented outline — to paste into a job board. Runs in the page; sends nothing anywhere.
   Loaded by overrides/hiring.html on pages whose front matter says `copy_text: true`. */
(function () {
  var posting = document.querySelector(".pb-posting");
  if (!posting) return;
  function own(node) {
    var copy = node.cloneNode(true);
    copy.querySelectorAll("ul, ol, .headerlink").forEach(function (n) { n.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }
  function walk(node, depth, out) {
    Array.prototype.forEach.call(node.children, function (el) {
      if (/^H\d$/.test(el.tagName)) out.push("", own(el), "");
      else if (el.tagName === "P") out.push(own(el), "");
      else if (el.tagName === "UL" || el.tagName === "OL") {
        Array.prototype.forEach.call(el.children, function (li) {
          out.push("  ".repeat(depth) + "- " + own(li));
          walk(li, depth + 1, out);
        });
        if (!depth) out.push("");
      } else if (el.tagName === "DIV") walk(el, depth, out);
    });
  }
  function text() {
    var out = [own(document.querySelector(".md-content h1")), ""];
    walk(posting, 0, out);
    return out.join("\n").replace(/\n{3,}/g, "\n\n").trim() + "\n";
  }
  var copy = document.querySelector("[data-pb-copy]");
  copy.addEventListener("click", function () {
    var done = function () { copy.textContent = copy.getAttribute("data-pb-copy"); };
    var value = text();
    var fallback = function () {
      var area = document.createElement("textarea");
      area.value = value;
      document.body.appendChild(area);
      area.select();
      document.execCommand("copy");
      area.remove();
      done();
    };
    if (navigator.clipboard) navigator.clipboard.writeText(value).then(done, fallback);
    else fallback();
  });
  document.querySelector("[data-pb-download]").addEventListener("click", function () {
    this.href = URL.createObjectURL(new Blob([text()], { type: "text/plain;charset=utf-8" }));
  });
})();
