/* Education Partners search (dev/search.md). Loaded on demand by partials/search.html.
 *
 * Thai has no spaces between words. The index was built from a copy of every page cut into words by PyThaiNLP
 * (edupartners/search.py); here the reader's query is cut the same way, with the index's own vocabulary:
 * pagefind/thai/<code points of a prefix>.txt, fetched only for the prefixes in the query (see files()). Pagefind then
 * searches the index of this page's language (from <html lang>), so results are in the reader's language. */
(function () {
  "use strict";
  var box = document.querySelector("[data-ep-search]");
  if (!box || box.epReady) return;
  box.epReady = true;
  var input = box.querySelector("input");
  var list = box.querySelector(".md-search-result__list");
  var meta = box.querySelector(".md-search-result__meta");
  var toggle = document.getElementById("__search");
  var bundle = new URL(box.getAttribute("data-bundle"), location.href).pathname;
  var THAI = /[\u0E01-\u0E4E]+/g;
  var engine = null, chunks = {}, split = null, serial = 0, timer = null;

  function pagefind() {
    if (/^th/.test(document.documentElement.lang)) manifest();  // small; needed before any Thai query is cut
    if (!engine) {
      engine = import(bundle + "pagefind.js").then(function (pf) {
        return pf.options({ basePath: bundle, noWorker: true, excerptLength: 24 })
          .then(function () { return pf.init(); }).then(function () { return pf; });
      });
    }
    return engine;
  }

  /* The dictionary is split by prefix (search.py write_dictionary): thai/split.txt lists the prefixes that have
     a file of their own besides the one-letter files; a word is in the file of the longest listed prefix. */
  function manifest() {
    if (!split) {
      split = fetch(bundle + "thai/split.txt")
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (t) { return new Set(t ? t.split("\n") : []); })
        .catch(function () { return new Set(); });
    }
    return split;
  }

  function starter(ch) {
    var code = ch.codePointAt(0);
    return (code >= 0x0E01 && code <= 0x0E2E) || (code >= 0x0E40 && code <= 0x0E44);
  }

  function name(prefix) {  /* twin of search.py bucket_name: e42.txt for โ, e42-2307.txt for โรง */
    var rest = Array.from(prefix.slice(1)).map(function (ch) {
      return (ch.codePointAt(0) - 0x0E00 + 0x100).toString(16).slice(1);
    }).join("");
    return prefix.codePointAt(0).toString(16) + (rest ? "-" + rest : "") + ".txt";
  }

  function vocabulary(file) {
    if (!chunks[file]) {
      chunks[file] = fetch(bundle + "thai/" + file)
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (t) { return t ? t.split("\n") : []; })
        .catch(function () { return []; });
    }
    return chunks[file];
  }

  /* The files a query needs (twin of search.py dictionary_files): at each position, the file of its letter
     and of every split prefix the run continues with. */
  function files(runs, listed) {
    var out = new Set();
    runs.forEach(function (run) {
      for (var i = 0; i < run.length; i++) {
        if (!starter(run[i])) continue;
        out.add(name(run[i]));
        for (var k = 2; i + k <= run.length && listed.has(run.slice(i, i + k)); k++) out.add(name(run.slice(i, i + k)));
      }
    });
    return Array.from(out);
  }

  /* Fewest unknown letters, then fewest words (the twin of search.py's _segment_thai). */
  function cut(run, known) {
    var n = run.length, best = [[0, 0, -1, true]], i, j, c;
    for (i = 1; i <= n; i++) best[i] = null;
    function better(a, b) { return !b || a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]); }
    for (i = 0; i < n; i++) {
      if (!best[i]) continue;
      if (known.size) {
        for (j = i + 1; j <= n; j++) {
          if (known.has(run.slice(i, j))) {
            c = [best[i][0], best[i][1] + 1, i, true];
            if (better(c, best[j])) best[j] = c;
          }
        }
      }
      c = [best[i][0] + 1, best[i][1] + 1, i, false];
      if (better(c, best[i + 1])) best[i + 1] = c;
    }
    var parts = [];
    for (j = n; j > 0; j = best[j][2]) parts.unshift([run.slice(best[j][2], j), best[j][3]]);
    var out = [], lastKnown = true;
    parts.forEach(function (p) {
      if (!p[1] && !lastKnown) out[out.length - 1] += p[0]; else out.push(p[0]);
      lastKnown = p[1];
    });
    return out;
  }

  function segment(query) {
    var runs = query.match(THAI) || [];
    if (!runs.length) return Promise.resolve(query.replace(/\s+/g, " ").trim());
    return manifest().then(function (listed) {
      return Promise.all(files(runs, listed).map(vocabulary));
    }).then(function (loaded) {
      var known = new Set();
      loaded.forEach(function (words) { words.forEach(function (w) { known.add(w); }); });
      return query.replace(THAI, function (run) { return " " + cut(run, known).join(" ") + " "; })
        .replace(/\s+/g, " ").trim();
    });
  }

  /* Excerpts come from the index copy: drop the ⁅inner words⁆ of compounds and the thin spaces between words,
     and turn index-only characters (Thai marks, repeated words: pairs of U+2E00.. punctuation) back into text. */
  function clean(text) {
    return text.replace(/^[^\u2045]*?\u2046/, "").replace(/\u2009?\u2045[^\u2046]*(\u2046|$)/g, "")
      .replace(/\u2009/g, "")
      .replace(/([\u2E00-\u2E1F])([\u2E30-\u2E4F])/g, function (_, hi, lo) {
        var v = (hi.charCodeAt(0) - 0x2E00) * 32 + lo.charCodeAt(0) - 0x2E30;
        return String.fromCharCode(v >= 0x300 ? v - 0x300 + 0x0E00 : v);
      });
  }

  function say(key, n) {
    return (box.getAttribute("data-" + key) || "").replace("#", n);
  }

  function item(r) {
    var li = document.createElement("li"), a = document.createElement("a");
    var article = document.createElement("article"), h = document.createElement("h1"), p = document.createElement("p");
    li.className = "md-search-result__item";
    a.className = "md-search-result__link"; a.href = r.url; a.tabIndex = -1;
    article.className = "md-search-result__article md-typeset";
    h.textContent = clean((r.meta && r.meta.title) || r.url);
    p.innerHTML = clean(r.excerpt || "");
    article.appendChild(h); article.appendChild(p); a.appendChild(article); li.appendChild(a);
    li.setAttribute("data-ep-url", r.url);
    return li;
  }

  /* Results appear in rank order as each one's fragment (the page's text, a few KB) arrives: the first
     result's fragment alone, so that it is on screen as soon as possible, then the rest of the first PAGE
     together; the next PAGE on "more". */
  var PAGE = 5;
  function show(results, from, mine) {
    var batch = results.slice(from, from + PAGE);
    var slots = batch.map(function () { return document.createElement("li"); });
    slots.forEach(function (s) { s.hidden = true; list.appendChild(s); });
    var more = list.querySelector(".ep-more");
    if (more) more.remove();
    function one(r, k) {
      return r.data().then(function (d) {
        if (mine !== serial) return;
        slots[k].replaceWith(item(d));
        if (!box.hasAttribute("data-ep-first")) box.setAttribute("data-ep-first", "");
      });
    }
    var head = batch.length ? one(batch[0], 0) : Promise.resolve();
    return head.then(function () {
      if (mine !== serial) return;
      return Promise.all(batch.slice(1).map(function (r, k) { return one(r, k + 1); }));
    }).then(function () {
      if (mine !== serial || results.length <= from + PAGE) return;
      var li = document.createElement("li"), b = document.createElement("button");
      li.className = "ep-more"; b.type = "button"; b.className = "md-button";
      b.textContent = box.getAttribute("data-more");
      b.addEventListener("click", function () { show(results, from + PAGE, mine); });
      li.appendChild(b); list.appendChild(li);
    });
  }

  function render(search, mine) {
    if (mine !== serial) return;
    var total = search.results.length;
    meta.textContent = total === 0 ? say("none") : total === 1 ? say("one") : say("other", total);
    list.innerHTML = "";
    box.removeAttribute("data-ep-first");
    return show(search.results, 0, mine).then(function () {
      if (mine === serial) box.setAttribute("data-ep-state", "done");
    });
  }

  function run() {
    var query = input.value.trim(), mine = ++serial;
    if (!query) { list.innerHTML = ""; meta.textContent = ""; box.removeAttribute("data-ep-state"); return; }
    box.setAttribute("data-ep-state", "busy");
    meta.textContent = say("loading");
    Promise.all([pagefind(), segment(query)]).then(function (both) {
      var words = both[1];
      box.setAttribute("data-ep-query", words);
      return both[0].search(words);
    }).then(function (search) {
      if (mine !== serial || !search) return;
      return render(search, mine);
    }).catch(function (err) {
      if (mine !== serial) return;
      meta.textContent = say("error");
      box.setAttribute("data-ep-state", "error");
      if (window.console) console.error(err);
    });
  }

  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 200); });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter") { e.preventDefault(); clearTimeout(timer); run(); }
    if (e.key === "Escape") { toggle.checked = false; input.blur(); }
  });
  input.addEventListener("focus", function () { toggle.checked = true; pagefind(); });
  toggle.addEventListener("change", function () { if (toggle.checked) { input.focus(); pagefind(); } });
  if (toggle.checked || document.activeElement === input) { toggle.checked = true; pagefind(); }
  if (input.value.trim()) run();
})();
