/* Education Partners search (dev/search.md). Loaded on demand by docs/assets/javascripts/edupartners.js.
 *
 * The index (edupartners/search, written at build time under search/) is read here in small files: the query's
 * terms are looked up exactly (a word, never a prefix), a page must hold every term, and the scores were computed
 * at build time. Thai queries are cut into words with the index's own dictionary and algorithm (`cut`, the twin
 * of search/thai.py `cut`). Results are built from text nodes; nothing read from the index is parsed as HTML. */
(function () {
  "use strict";
  var box = document.querySelector("[data-ep-search]");
  if (!box || box.epReady) return;
  box.epReady = true;
  var input = box.querySelector("input");
  var list = box.querySelector(".md-search-result__list");
  var status = box.querySelector(".md-search-result__meta");
  var toggle = document.getElementById("__search");
  var bundle = new URL(box.getAttribute("data-bundle"), location.href);
  var lang = /^th/.test(document.documentElement.lang) ? "th" : "en";
  var THAI = /[\u0E01-\u0E4E]+/g, TOKEN = /[\u0E01-\u0E4E]+|[a-z0-9]+/g;
  var PAGE = 5, WINDOW = 220;
  var files = {}, serial = 0, timer = null, opener = null, metaPromise = null;

  /* ------------------------------------------------------------------------------------------- files */

  function get(path, as) {  /* a file of the index, kept for the page's life (a failed one is asked again) */
    if (!files[path]) {
      files[path] = meta().then(function (m) {
        return fetch(new URL(path + "?v=" + m.v, bundle)).then(function (r) {  /* versioned: no stale mix */
          if (!r.ok) throw new Error(path + ": " + r.status);
          return as === "text" ? r.text() : r.json();
        });
      }).catch(function (err) { delete files[path]; throw err; });
    }
    return files[path];
  }

  function meta() {
    if (!metaPromise) {
      metaPromise = fetch(new URL("meta.json", bundle), { cache: "no-cache" }).then(function (r) {
        if (!r.ok) throw new Error("meta.json: " + r.status);
        return r.json();
      }).catch(function (err) { metaPromise = null; throw err; });
    }
    return metaPromise;
  }

  /* ------------------------------------------------------------------------------------------- Thai */

  function isStarter(ch) {  /* a consonant or a leading vowel: what a dictionary word starts with */
    var c = ch.charCodeAt(0);
    return (c >= 0x0E01 && c <= 0x0E2E) || (c >= 0x0E40 && c <= 0x0E44);
  }

  function fileName(prefix) {  /* twin of store.py bucket_name: e42.txt for โ, e42-2307.txt for โรง */
    var rest = "";
    for (var i = 1; i < prefix.length; i++) rest += (prefix.charCodeAt(i) - 0x0E00 + 0x100).toString(16).slice(1);
    return prefix.charCodeAt(0).toString(16) + (rest ? "-" + rest : "") + ".txt";
  }

  /* The dictionary files a query needs (twin of store.py dictionary_files): at each position, the file of its
     letter and of every split prefix the run continues with. */
  function dictionaryFiles(runs, split) {
    var out = new Set();
    runs.forEach(function (run) {
      for (var i = 0; i < run.length; i++) {
        if (!isStarter(run[i])) continue;
        out.add(fileName(run[i]));
        for (var k = 2; i + k <= run.length && split.has(run.slice(i, i + k)); k++) {
          out.add(fileName(run.slice(i, i + k)));
        }
      }
    });
    return Array.from(out);
  }

  function dictionary(runs) {
    return get("thai/split.txt", "text").then(function (text) {
      var split = new Set(text ? text.split("\n") : []);
      return Promise.all(dictionaryFiles(runs, split).map(function (f) { return get("thai/" + f, "text"); }));
    }).then(function (texts) {
      var known = new Set();
      texts.forEach(function (t) { if (t) t.split("\n").forEach(function (w) { known.add(w); }); });
      return known;
    });
  }

  var NON_START = /[\u0E30-\u0E3A\u0E45\u0E47-\u0E4E]/, LEADING = /[\u0E40-\u0E44]/;
  function boundary(run, k) {
    return k === 0 || k === run.length || !(NON_START.test(run[k]) || LEADING.test(run[k - 1]));
  }

  /* Fewest unknown letters, then fewest words; ties to the first found; unknown letters next to each other stay
     one word. Line for line the twin of search/thai.py `cut`. */
  function cut(run, known) {
    var n = run.length, best = [[0, 0, -1, true]], i, j;
    for (i = 1; i <= n; i++) best[i] = null;
    function better(u, c, cur) { return !cur || u < cur[0] || (u === cur[0] && c < cur[1]); }
    for (i = 0; i < n; i++) {
      if (!best[i]) continue;
      var u = best[i][0], c = best[i][1];
      if (boundary(run, i)) {
        for (j = i + 1; j <= n; j++) {
          if (known.has(run.slice(i, j)) && boundary(run, j) && better(u, c + 1, best[j])) {
            best[j] = [u, c + 1, i, true];
          }
        }
      }
      if (better(u + 1, c + 1, best[i + 1])) best[i + 1] = [u + 1, c + 1, i, false];
    }
    var pieces = [];
    for (j = n; j > 0; j = best[j][2]) {
      var word = run.slice(best[j][2], j), isKnown = best[j][3];
      if (!isKnown && pieces.length && !pieces[0][1]) pieces[0][0] = word + pieces[0][0];
      else pieces.unshift([word, isKnown]);
    }
    return pieces.map(function (p) { return p[0]; });
  }

  /* ------------------------------------------------------------------------------------------- terms */

  function normal(text) {  /* twin of words.py normal: marks capped (thai.py cap_marks), ASCII lowercased */
    return text.replace(/([\p{Mn}\p{Me}]{3})[\p{Mn}\p{Me}]+/gu, "$1")
      .replace(/[A-Z]/g, function (c) { return c.toLowerCase(); });
  }

  function stem(w) {  /* twin of words.py stem: a plural ending off a Latin word */
    if (w.length < 4 || /^[0-9]+$/.test(w)) return w;
    if (/ies$/.test(w) && !/[ea]ies$/.test(w)) return w.slice(0, -3) + "y";
    if (/(sses|xes|zes|ches|shes)$/.test(w)) return w.slice(0, -2);
    if (/es$/.test(w) && !/[aeo]es$/.test(w)) return w.slice(0, -1);
    if (/s$/.test(w) && !/(us|ss|is)$/.test(w)) return w.slice(0, -1);
    return w;
  }

  /* The terms a query looks up, in order, without repeats (twin of words.py query_terms). */
  function terms(query) {
    var text = normal(query), runs = text.match(THAI) || [];
    return (runs.length ? dictionary(runs) : Promise.resolve(null)).then(function (known) {
      var out = [];
      (text.match(TOKEN) || []).forEach(function (t) {
        (/^[\u0E01-\u0E4E]/.test(t) ? cut(t, known) : [stem(t)]).forEach(function (w) {
          if (out.indexOf(w) < 0) out.push(w);
        });
      });
      return out;
    });
  }

  /* ------------------------------------------------------------------------------------------- lookup */

  function fnv(term) {  /* twin of store.py fnv: FNV-1a, 32 bits, over UTF-16 code units */
    var h = 0x811C9DC5;
    for (var i = 0; i < term.length; i++) h = Math.imul(h ^ term.charCodeAt(i), 0x01000193) >>> 0;
    return h;
  }

  function postings(term, m) {  /* Map page id -> score */
    return get(lang + "/w/" + (fnv(term) % m[lang].buckets) + ".json").then(function (bucket) {
      var found = Object.prototype.hasOwnProperty.call(bucket, term) ? bucket[term] : null, out = new Map(), id = 0;
      if (found) found[0].forEach(function (delta, k) { id += delta; out.set(id, found[1][k]); });
      return out;
    });
  }

  /* Pages that hold every term, best first (twin of search/reader.py `search`). */
  function lookup(words) {
    if (!words.length) return Promise.resolve([]);
    return meta().then(function (m) {
      return Promise.all(words.map(function (t) { return postings(t, m); }));
    }).then(function (lists) {
      var out = [];
      lists[0].forEach(function (score, id) {
        for (var k = 1; k < lists.length; k++) {
          if (!lists[k].has(id)) return;
          score += lists[k].get(id);
        }
        out.push([id, score]);
      });
      return out.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    });
  }

  /* ------------------------------------------------------------------------------------------- excerpts */

  /* Where the terms are in a page's own text: [start, end] ranges, sorted and merged. Thai terms are found as
     written; Latin terms as whole words with the same stem. */
  function ranges(text, words) {
    var lower = text.replace(/[A-Z]/g, function (c) { return c.toLowerCase(); }), out = [], m;
    var latin = new Set(words.filter(function (w) { return !/^[\u0E01-\u0E4E]/.test(w); }));
    words.forEach(function (w) {
      if (!/^[\u0E01-\u0E4E]/.test(w)) return;
      for (var at = lower.indexOf(w); at >= 0; at = lower.indexOf(w, at + w.length)) out.push([at, at + w.length]);
    });
    var word = /[a-z0-9]+/g;
    while ((m = word.exec(lower))) if (latin.has(stem(m[0]))) out.push([m.index, m.index + m[0].length]);
    out.sort(function (a, b) { return a[0] - b[0]; });
    return out.reduce(function (acc, r) {
      var last = acc[acc.length - 1];
      if (last && r[0] < last[1]) last[1] = Math.max(last[1], r[1]); else acc.push(r);
      return acc;
    }, []);
  }

  /* A window of the page's text around the first match: [text, marked] pieces, cut at spaces where it can. */
  function excerpt(text, words) {
    var found = ranges(text, words), first = found.length ? found[0][0] : 0;
    var start = Math.max(0, first - 50), end, space;
    if (start > 0 && (space = text.indexOf(" ", start)) >= 0 && space < first) start = space + 1;
    end = Math.min(text.length, start + WINDOW);
    if (end < text.length && (space = text.lastIndexOf(" ", end)) > first + 40) end = space;
    var pieces = [], at = start;
    if (start > 0) pieces.push(["… ", false]);
    found.forEach(function (r) {
      var a = Math.max(r[0], at), b = Math.min(r[1], end);
      if (b <= a) return;
      if (a > at) pieces.push([text.slice(at, a), false]);
      pieces.push([text.slice(a, b), true]);
      at = b;
    });
    if (at < end) pieces.push([text.slice(at, end), false]);
    if (end < text.length) pieces.push([" …", false]);
    return pieces;
  }

  function fill(el, pieces) {  /* text nodes, and <mark> elements made here for the matches */
    pieces.forEach(function (p) {
      if (p[1]) { var mark = document.createElement("mark"); mark.textContent = p[0]; el.appendChild(mark); }
      else el.appendChild(document.createTextNode(p[0]));
    });
  }

  /* ------------------------------------------------------------------------------------------- results */

  function address(url) {  /* a result links only to a page of this site, over http(s) */
    var u;
    try { u = new URL(url, new URL("../", bundle)); } catch (e) { return null; }
    return (u.protocol === "http:" || u.protocol === "https:") && u.origin === location.origin ? u.href : null;
  }

  function say(key, n) {  /* a UI string of the page's language; "#" is the number or the query, as text */
    return (box.getAttribute("data-" + key) || "").replace("#", function () { return String(n); });
  }

  function item(page, words) {  /* null for a page that does not link to this site */
    var href = typeof page.url === "string" ? address(page.url) : null;
    if (!href) return null;
    var li = document.createElement("li"), a = document.createElement("a");
    var article = document.createElement("article"), h = document.createElement("h1"), p = document.createElement("p");
    li.className = "md-search-result__item";
    li.setAttribute("data-ep-url", new URL(href).pathname);
    a.className = "md-search-result__link";
    a.href = href;
    article.className = "md-search-result__article md-typeset";
    h.textContent = String(page.title || page.url);
    fill(p, excerpt(String(page.text || ""), words));
    article.appendChild(h); article.appendChild(p); a.appendChild(article); li.appendChild(a);
    return li;
  }

  /* Results in rank order: the first result's page alone, so that it is on screen as soon as possible, then the
     rest of the first PAGE together; the next PAGE on "more", which gives focus to the first new result. */
  function show(found, from, words, mine, focus) {
    var batch = found.slice(from, from + PAGE), more = list.querySelector(".ep-more");
    var slots = batch.map(function () {
      var s = document.createElement("li");
      s.hidden = true;
      list.insertBefore(s, more);
      return s;
    });
    function one(hit, k) {
      return get(lang + "/p/" + hit[0] + ".json").then(function (page) {
        if (mine !== serial) return;
        var li = item(page, words);
        if (li) slots[k].replaceWith(li); else slots[k].remove();
        if (li && focus && k === 0) li.querySelector("a").focus();
        if (!box.hasAttribute("data-ep-first")) box.setAttribute("data-ep-first", "");
      });
    }
    var head = batch.length ? one(batch[0], 0) : Promise.resolve();
    return head.then(function () {
      if (more) more.remove();
      if (mine !== serial) return;
      return Promise.all(batch.slice(1).map(function (hit, k) { return one(hit, k + 1); }));
    }).then(function () {
      if (mine !== serial || found.length <= from + PAGE) return;
      var li = document.createElement("li"), b = document.createElement("button");
      li.className = "ep-more"; b.type = "button"; b.className = "md-button ep-more__button";
      b.textContent = say("more");
      b.addEventListener("click", function () { show(found, from + PAGE, words, mine, true); }, { once: true });
      li.appendChild(b); list.appendChild(li);
    });
  }

  function nothing(query) {  /* "not found", with what to try instead */
    status.replaceChildren(document.createTextNode(say("none", query) + " " + say("hint") + " "));
    var a = document.createElement("a");
    a.href = box.getAttribute("data-browse");
    a.textContent = say("browse-label");
    status.appendChild(a);
  }

  function render(found, words, query, mine) {
    /* The scrolling box is focusable only while it has nothing focusable inside (axe: scrollable-region-
       focusable); with results or the "browse" link in it, Tab goes from the search box straight to them. */
    box.querySelector(".md-search__scrollwrap").removeAttribute("tabindex");
    list.replaceChildren();
    box.removeAttribute("data-ep-first");
    box.setAttribute("data-ep-count", found.length);
    if (!found.length) nothing(query);
    else status.textContent = found.length === 1 ? say("one") : say("other", found.length);
    return show(found, 0, words, mine).then(function () {
      if (mine === serial) box.setAttribute("data-ep-state", "done");
    });
  }

  function run() {
    var query = input.value.trim(), mine = ++serial;
    if (!query) { list.replaceChildren(); status.textContent = ""; box.removeAttribute("data-ep-state"); return; }
    box.setAttribute("data-ep-state", "busy");
    box.removeAttribute("data-ep-first");
    status.textContent = say("loading");
    var words;
    terms(query).then(function (found) {
      words = found;
      box.setAttribute("data-ep-query", words.join(" "));
      return lookup(words);
    }).then(function (found) {
      if (mine === serial) return render(found, words, query, mine);
    }).catch(function (err) {
      if (mine !== serial) return;
      status.textContent = say("error");
      box.setAttribute("data-ep-state", "error");
      if (window.console) console.error(err);
    });
  }

  /* ------------------------------------------------------------------------------------------- keyboard */

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll(".md-search-result__link, .ep-more__button"));
  }

  function open(from) {  /* from: the element that had focus before, given back on Escape */
    opener = from && from !== document.body && !box.contains(from) ? from : null;
    toggle.checked = true;
    meta().catch(function () {});  /* start loading while the reader types */
  }

  function close() {  /* Escape: close search, and give focus back to where it was before */
    toggle.checked = false;
    if (opener && opener.isConnected) opener.focus();
    else if (input.offsetParent) input.focus();
    else input.blur();
    opener = null;
  }

  function move(step) {  /* ArrowDown / ArrowUp among the input and the results */
    var all = [input].concat(links()), at = all.indexOf(document.activeElement);
    var next = all[Math.min(all.length - 1, Math.max(0, at + step))];
    if (next) next.focus();
  }

  box.epTerms = terms;  /* for tests/test_search_parity.py: the browser cuts a query as the index was cut */
  box.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { e.preventDefault(); close(); }
    else if (e.key === "ArrowDown") { e.preventDefault(); move(1); }
    else if (e.key === "ArrowUp" && document.activeElement !== input) { e.preventDefault(); move(-1); }
  });
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 200); });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter") { e.preventDefault(); clearTimeout(timer); run(); }
  });
  box.addEventListener("focusin", function (e) {  /* coming in from outside (not from a result to the input) */
    if (!e.relatedTarget || !box.contains(e.relatedTarget)) open(e.relatedTarget);
  });
  toggle.addEventListener("change", function () {
    if (toggle.checked) { open(document.activeElement); input.focus(); }
  });
  if (toggle.checked || document.activeElement === input) open(box.epOpener || null);  /* set by edupartners.js */
  if (input.value.trim()) run();
})();
