/* The review page's views (cleaner/report.py): the index, one document, one rule's removals.
   Documents wait as HTML (their text escaped by Python) in data blocks, and are parsed and put in
   the page only when opened, so a corpus of thousands loads at once. Routes: #d3 (document 3),
   #d3-L12 (its line 12), #rule=LK101; anything else is the index. */
(function () {
  "use strict";
  var root = document.currentScript.closest(".acr");
  var data = JSON.parse(root.querySelector("#acr-index-data").textContent);
  var index = root.querySelector("#acr-index");
  var view = root.querySelector("#acr-view");
  var filter = root.querySelector("#acr-filter");
  var listing = root.querySelector("#acr-documents");
  var docs = data.documents; // [name, title, language, words kept, words removed, lines removed, warning]
  var byRemoved = docs.map(function (_, i) { return i; })
    .sort(function (a, b) { return docs[b][4] - docs[a][4] || a - b; });
  var DOCUMENTS_PER_PAGE = 100;
  var CUTS_PER_PAGE = 200;

  function el(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function pager(first, total, per, go) {
    var nav = el("div", {"class": "acr-pager"});
    var previous = el("button", {type: "button"}, "Previous");
    var next = el("button", {type: "button"}, "Next");
    previous.disabled = first === 0;
    next.disabled = first + per >= total;
    previous.addEventListener("click", function () { go(first - per); });
    next.addEventListener("click", function () { go(first + per); });
    nav.append(previous, el("span", {}, (first + 1).toLocaleString("en") + "\u2013" +
      Math.min(first + per, total).toLocaleString("en") + " of " + total.toLocaleString("en")), next);
    return nav;
  }

  function listDocuments(first) {
    var table = el("table", {"class": "acr-table"});
    var head = table.createTHead().insertRow();
    [["#", "acr-num"], ["document", ""], ["title", ""], ["language", ""], ["words kept", "acr-num"],
     ["words removed", "acr-num"], ["lines removed", "acr-num"], ["warning", ""]].forEach(function (c) {
      head.append(el("th", {"class": c[1], scope: "col"}, c[0]));
    });
    var body = table.createTBody();
    byRemoved.slice(first, first + DOCUMENTS_PER_PAGE).forEach(function (i) {
      var d = docs[i], row = body.insertRow();
      row.append(el("td", {"class": "acr-num"}, String(i + 1)));
      var name = el("td", {dir: "auto", "class": "acr-name"});
      name.append(el("a", {href: "#d" + i, dir: "auto"}, d[0]));
      row.append(name, el("td", {dir: "auto"}, d[1]), el("td", {}, d[2]));
      [d[3], d[4], d[5]].forEach(function (n) { row.append(el("td", {"class": "acr-num"}, n.toLocaleString("en"))); });
      row.append(el("td", {}, d[6]));
    });
    listing.replaceChildren(pager(first, docs.length, DOCUMENTS_PER_PAGE, listDocuments), table);
  }

  function show(node) {
    index.hidden = node !== index;
    view.hidden = node !== view;
  }

  function openDocument(i, line) {
    var script = root.querySelector("#acr-data-" + i); // within this page: a notebook may hold several
    if (!script) { show(index); return; }
    view.innerHTML = script.textContent;
    var nav = el("nav", {"class": "acr-docnav", "aria-label": "documents"});
    if (i > 0) nav.append(el("a", {href: "#d" + (i - 1)}, "\u2190 previous document"));
    nav.append(el("a", {href: "#"}, "index"));
    if (i + 1 < docs.length) nav.append(el("a", {href: "#d" + (i + 1)}, "next document \u2192"));
    view.prepend(nav);
    filter.value = "";
    show(view);
    var target = line && view.querySelector(".acr-lines").children[line - 1]; // a row per line, in order
    var cut = target && target.querySelector("del");
    if (cut) cut.focus();
    else if (target) target.scrollIntoView();
    else window.scrollTo(0, 0);
  }

  function listCuts(key, first) {
    var cuts = data.cuts[key] || [];
    var category = key === "title" || key === "heuristic" ? key : key.slice(0, 2);
    var list = el("ol", {"class": "acr-cuts"});
    cuts.slice(first, first + CUTS_PER_PAGE).forEach(function (cut) {
      var item = el("li");
      item.append(el("a", {href: "#d" + cut[0] + "-L" + cut[1], dir: "auto"}, docs[cut[0]][0] + ":" + cut[1]),
        el("del", {"class": "acr-c-" + category, dir: "auto"}, cut[2]));
      list.append(item);
    });
    var count = cuts.length.toLocaleString("en") + (cuts.length === 1 ? " removal" : " removals");
    var heading = el("h2", {}, key + ": " + count);
    var explanation = el("p", {}, data.explanations[key] || "");
    view.replaceChildren(heading, explanation, pager(first, cuts.length, CUTS_PER_PAGE, function (at) {
      listCuts(key, at);
    }), list);
    filter.value = key;
    show(view);
  }

  function route() {
    var hash = decodeURIComponent(location.hash.slice(1));
    var match = /^d(\d+)(?:-L(\d+))?$/.exec(hash);
    if (match) openDocument(Number(match[1]), match[2] && Number(match[2]));
    else if (hash.indexOf("rule=") === 0) listCuts(hash.slice(5), 0);
    else { filter.value = ""; show(index); }
  }

  function current() {
    var match = /^#d(\d+)/.exec(location.hash);
    return match ? Number(match[1]) : null;
  }

  function step(by) {
    var cuts = Array.prototype.slice.call(view.querySelectorAll(".acr-lines del"));
    if (view.hidden || !cuts.length) return;
    var at = cuts.indexOf(document.activeElement);
    var next = at < 0 ? (by > 0 ? 0 : cuts.length - 1) : Math.min(Math.max(at + by, 0), cuts.length - 1);
    cuts[next].focus();
  }

  var keys = {
    j: function () { step(1); },
    k: function () { step(-1); },
    n: function () { var i = current(); if (i !== null && i + 1 < docs.length) location.hash = "d" + (i + 1); },
    p: function () { var i = current(); if (i) location.hash = "d" + (i - 1); },
    u: function () { location.hash = ""; }
  };
  document.addEventListener("keydown", function (event) {
    var action = keys[event.key];
    var typing = /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(event.target.tagName);
    if (!action || typing || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    action();
  });
  filter.addEventListener("change", function () { location.hash = filter.value ? "rule=" + filter.value : ""; });
  window.addEventListener("hashchange", route);
  listDocuments(0);
  if (docs.length === 1 && !location.hash) history.replaceState(null, "", "#d0");
  route();
})();
