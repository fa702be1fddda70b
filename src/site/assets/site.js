// archgen's static site: the search box over the index that assets/search-index.js sets
// (window.ARCHGEN_SEARCH, [title, page, url] triples), and the diagrams, drawn by the Mermaid
// bundle loaded before this script on the pages that have one. No network, works from file://.
(function () {
  "use strict";
  var root = document.body.getAttribute("data-root") || "";
  var input = document.getElementById("search");
  var list = document.getElementById("results");
  var index = window.ARCHGEN_SEARCH || [];
  var LIMIT = 30;

  function clear() {
    while (list.firstChild) list.removeChild(list.firstChild);
  }

  // Every word of the query must appear in the title or its page; titles that start with the
  // first word come first, then the index's order (documents, services, events).
  function show(query) {
    clear();
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (!words.length) {
      list.hidden = true;
      return;
    }
    var first = [], rest = [];
    for (var i = 0; i < index.length; i++) {
      var title = index[i][0].toLowerCase();
      var hay = title + " " + index[i][1].toLowerCase();
      var all = words.every(function (w) { return hay.indexOf(w) >= 0; });
      if (all) (title.indexOf(words[0]) === 0 ? first : rest).push(index[i]);
    }
    var found = first.concat(rest).slice(0, LIMIT);
    found.forEach(function (e) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + e[2];
      a.textContent = e[0];
      li.appendChild(a);
      if (e[1]) {
        var page = document.createElement("span");
        page.textContent = e[1];
        li.appendChild(page);
      }
      list.appendChild(li);
    });
    if (!found.length) {
      var none = document.createElement("li");
      none.textContent = "No match";
      list.appendChild(none);
    }
    list.hidden = false;
  }

  if (input && list) {
    input.addEventListener("input", function () { show(input.value); });
    input.addEventListener("keydown", function (e) {
      var link = list.querySelector("a");
      if (e.key === "Enter" && link) window.location.href = link.href;
    });
  }

  if (window.mermaid) {
    window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });
    window.mermaid.run({ querySelector: "pre.mermaid" });
  }
})();
