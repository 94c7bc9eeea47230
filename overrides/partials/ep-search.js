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
    query = query.replace(/([\p{Mn}\p{Me}]{3})[\p{Mn}\p{Me}]+/gu, "$1");  /* search.py cap_marks */
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

  /* Excerpts are text, never HTML (dev/search.md, "Safety"). Pagefind 1.5.2 writes the index copy's text with
     < > as &lt; &gt; and matches in <mark></mark>; only those tags and five entities are read. Then: ESC keeps
     the next character as written; a pair of U+2E00.. punctuation becomes the Thai/ASCII letter it hides (twin:
     search.reveal) or stays; ⁅inner words⁆ are dropped and their highlight moves onto the compound. */
  var ESC = "\u2E2A", OPEN = "\u2045", CLOSE = "\u2046", SEP = "\u2009";
  var TOKEN = /<mark>|<\/mark>|\u2E2A[\s\S]?|&(?:lt|gt|amp|quot|#39);|[\s\S]/g;
  var ENTITY = { "&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": "\"", "&#39;": "'" };

  function letter(hi, lo) {  /* the letter a pair hides (search.py _hide), or "" */
    var h = hi.charCodeAt(0) - 0x2E00, l = lo.charCodeAt(0) - 0x2E30;
    if (h < 0 || h > 31 || l < 0 || l > 31) return "";
    var v = h * 32 + l, c = String.fromCharCode(v >= 0x300 ? v - 0x300 + 0x0E00 : v);
    return /^[A-Za-z\u0E01-\u0E4E]$/.test(c) ? c : "";
  }

  function excerpt(source) {
    var chars = [], on = false, m, t;
    TOKEN.lastIndex = 0;
    while ((m = TOKEN.exec(source))) {  /* [character, marked, is the page's own (never index-only)] */
      t = m[0];
      if (t === "<mark>") on = true;
      else if (t === "</mark>") on = false;
      else if (t.charAt(0) === ESC) { if (t.length > 1) chars.push([t.charAt(1), on, true]); }
      else if (t.length > 1) chars.push([ENTITY[t], on, true]);
      else chars.push([t, on, false]);
    }
    var out = [], inner = false, innerMarked = false, opened = false, i, c, mark, l;
    function space(x) { return /\s/.test(x); }
    for (i = 0; i < chars.length; i++) {
      c = chars[i][0]; mark = chars[i][1];
      if (!chars[i][2]) {
        if (c === OPEN) { inner = opened = true; innerMarked = false; continue; }
        if (c === CLOSE) {
          if (inner && innerMarked) {  /* a word inside the compound matched: highlight the compound */
            for (l = out.length - 1; l >= 0 && space(out[l][0]); l--);
            for (; l >= 0 && !space(out[l][0]); l--) out[l][1] = true;
          }
          if (!inner && !opened) out = [];  /* the excerpt began among a compound's inner words */
          inner = false;
          continue;
        }
        if (c === SEP) c = " ";
        if (!inner && i + 1 < chars.length && !chars[i + 1][2] && (l = letter(c, chars[i + 1][0]))) {
          c = l; mark = mark || chars[i + 1][1]; i++;
        }
      }
      if (inner) { innerMarked = innerMarked || mark; continue; }
      if (space(c) && (!out.length || space(out[out.length - 1][0]))) continue;
      out.push([c, mark]);
    }
    while (out.length && space(out[out.length - 1][0])) out.pop();
    return out;
  }

  function fill(el, pieces) {  /* text nodes, and <mark> elements made here for the matched words */
    var run = "", on = false;
    function flush() {
      if (!run) return;
      if (on) { var m = document.createElement("mark"); m.textContent = run; el.appendChild(m); }
      else el.appendChild(document.createTextNode(run));
      run = "";
    }
    pieces.forEach(function (p) { if (p[1] !== on) { flush(); on = p[1]; } run += p[0]; });
    flush();
  }

  function address(url) {  /* a result links only to a page of this site, over http(s) */
    var u;
    try { u = new URL(url, location.href); } catch (e) { return null; }
    return (u.protocol === "http:" || u.protocol === "https:") && u.origin === location.origin ? u.href : null;
  }

  function say(key, n) {
    return (box.getAttribute("data-" + key) || "").replace("#", n);
  }

  function item(r) {  /* null for a result that does not link to this site */
    var href = typeof r.url === "string" ? address(r.url) : null;
    if (!href) return null;
    var li = document.createElement("li"), a = document.createElement("a");
    var article = document.createElement("article"), h = document.createElement("h1"), p = document.createElement("p");
    li.className = "md-search-result__item";
    a.className = "md-search-result__link"; a.href = href; a.tabIndex = -1;
    article.className = "md-search-result__article md-typeset";
    h.textContent = String((r.meta && r.meta.title) || r.url);  /* Pagefind's meta title is plain text */
    fill(p, excerpt(String(r.excerpt || "")));
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
        var li = item(d);
        if (li) slots[k].replaceWith(li); else slots[k].remove();
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
    list.replaceChildren();
    box.removeAttribute("data-ep-first");
    return show(search.results, 0, mine).then(function () {
      if (mine === serial) box.setAttribute("data-ep-state", "done");
    });
  }

  function run() {
    var query = input.value.trim(), mine = ++serial;
    if (!query) { list.replaceChildren(); meta.textContent = ""; box.removeAttribute("data-ep-state"); return; }
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
