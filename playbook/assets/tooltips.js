/* Tooltips show text, never markup.
 *
 * Material's content.tooltips (9.5 to 9.8 at least: components/tooltip2, mountInlineTooltip2)
 * builds an inline tooltip from an element's title and inserts it with innerHTML
 * (utilities/h: `el.innerHTML += child`). A title is decoded text: the glossary's titles are
 * escaped twice for this (macros/render/escape.py), but Material also puts the innerText of a
 * cut-short title (the header's page name, a long entry of the table of contents) into a title,
 * and a role named `<img src=x onerror=…>` would then run its script on hover.
 *
 * So the inner box of an inline tooltip takes what it is given as text: decoded once in an inert
 * <template> when that yields plain text (the glossary's titles), as written when it holds any
 * element (a decoded page name). Nothing is fetched and no handler runs in either case.
 */
(function () {
  "use strict";
  var html = Object.getOwnPropertyDescriptor(Element.prototype, "innerHTML");
  if (!html || !html.set || !html.get) return;

  function asText(value) {
    var template = document.createElement("template"); // its content is inert
    html.set.call(template, value);
    return template.content.querySelector("*") ? value : template.content.textContent;
  }

  Object.defineProperty(Element.prototype, "innerHTML", {
    configurable: true,
    enumerable: html.enumerable,
    get: html.get,
    set: function (value) {
      if (typeof value === "string" && this.classList && this.classList.contains("md-tooltip2__inner")) {
        this.textContent = asText(value);
        return;
      }
      html.set.call(this, value);
    },
  });
})();
