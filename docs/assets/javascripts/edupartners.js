// The theme's script (Material's bundle, 35 KB compressed) is not loaded with the page: reading needs none of it,
// and a phone on a slow network shows the text sooner without it. What a first view needs is done here: the `js`
// class (the theme's stylesheet shows the search button only then) and the colour-scheme toggle (the reader's
// choice, kept where the theme keeps it, or the system's). The bundle follows on the reader's first key, touch,
// click, focus or scroll, for the rest (back-to-top button, table of contents that follows, tooltips, wide tables);
// the address is in overrides/main.html. It waits for DOMContentLoaded, which has passed: it is sent again to it.
(function (d) {
  var root = d.documentElement, holder = d.getElementById("ep-theme-script"), loaded = false, ready = false;
  root.classList.remove("no-js");
  root.classList.add("js");

  // The rest of the theme's rules (what a first paint does not use: see edupartners.theme), linked now, after the
  // page's own stylesheet (a <style> inside the page in a build, a link under `serve`) so that the order of the rules
  // is the one they were written in. A stylesheet added by a script does not hold the paint back.
  var first = d.querySelector("[data-later]");
  if (first) {
    var later = d.createElement("link");
    later.rel = "stylesheet";
    later.href = first.getAttribute("data-later");
    first.after(later);
  }

  var form = d.querySelector("[data-md-component=palette]");
  var inputs = form ? Array.prototype.slice.call(form.querySelectorAll("input")) : [];
  function colours(input) {
    var out = {};
    ["media", "scheme", "primary", "accent"].forEach(function (key) {
      out[key] = input.getAttribute("data-md-color-" + key);
    });
    return out;
  }
  function show(index) {  /* the theme's palette component, as it does it */
    var input = inputs[index], color = colours(input);
    Object.keys(color).forEach(function (key) { d.body.setAttribute("data-md-color-" + key, color[key]); });
    inputs.forEach(function (other, i) {
      var label = other.nextElementSibling;
      if (label && label.tagName === "LABEL") label.hidden = i !== index;
    });
    input.checked = true;
    return { index: index, color: color };
  }
  if (inputs.length && typeof __md_get === "function") {
    var saved = __md_get("__palette"), index = saved && typeof saved.index === "number" ? saved.index : -1;
    if (index < 0) {
      index = inputs.findIndex(function (input) { return matchMedia(input.getAttribute("data-md-color-media")).matches; });
    }
    show(Math.max(0, Math.min(index, inputs.length - 1)));
    form.addEventListener("change", function (event) {
      var i = inputs.indexOf(event.target);
      if (i >= 0) __md_set("__palette", show(i));
    });
    form.addEventListener("keydown", function (event) {  /* Enter on the focused option moves to the next one */
      if (event.key !== "Enter" || ready) return;  /* once the theme's script runs, it does this */
      var i = (inputs.findIndex(function (input) { return input.checked; }) + 1) % inputs.length;
      event.preventDefault();
      inputs[i].click();
      inputs[i].focus();
    });
  }

  var events = ["keydown", "pointerdown", "touchstart", "focusin", "scroll", "wheel"];
  function load() {
    if (loaded || !holder) return;
    loaded = true;
    events.forEach(function (name) { window.removeEventListener(name, load, true); });
    var script = d.createElement("script");
    script.src = holder.getAttribute("data-src");
    script.addEventListener("load", function () {
      ready = true;
      d.dispatchEvent(new Event("DOMContentLoaded"));
    });
    d.body.appendChild(script);
  }
  events.forEach(function (name) { window.addEventListener(name, load, { capture: true, passive: true }); });
})(document);

// "Schools like mine": narrows the list of cases. The page lists the cases page by page and gives, beside each
// choice, its count over the whole archive; when a reader first uses the form, the script fetches every case's
// title and filter values (cases/filter-<lang>.json, made by views/listings.py) and from then on shows the matching
// cases of the whole archive, each choice with how many cases it would leave with the other choices kept. The
// choices are kept in the address (?region=northeast&grade=primary-lower) so a list can be shared. Text from the
// data is inserted as text, never as markup. Without JavaScript the form stays hidden and the pages list every case.
(function () {
  var form = document.getElementById("ep-filter");
  if (!form) return;
  var list = document.querySelector(".ep-case-list");
  var pager = document.querySelector(".ep-pager");
  var more = document.querySelector(".ep-filter__more");
  var count = form.querySelector(".ep-filter__count");
  var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
  var listed = Array.prototype.slice.call(list.children);  /* this page's cases, shown when nothing is chosen */
  var STEP = 50;  /* matching cases shown at a time */
  var moreButton = more && more.querySelector("button"), moreLabel = moreButton && moreButton.textContent;
  var data = null, loading = null, limit = STEP;

  function load() {
    if (!loading) {
      loading = fetch(count.getAttribute("data-src"))
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (json) {
          var column = {};
          json.fields.forEach(function (field, i) { column[field] = 3 + i; });
          data = { cases: json.cases, column: column };
        });
    }
    return loading;
  }
  function has(item, field, value) { return item[data.column[field]].indexOf(value) !== -1; }
  function matches(item, except) {  /* every chosen condition but the one on `except` */
    return selects.every(function (s) { return s === except || !s.value || has(item, s.name, s.value); });
  }
  function countWith(select, value) {
    return data.cases.filter(function (item) {
      return matches(item, select) && (!value || has(item, select.name, value));
    }).length;
  }
  function label(select) { return select.closest("label").querySelector("span").textContent; }
  function entry(item) {  /* a case as the list shows it: its title as a link, and its facts line */
    var li = document.createElement("li"), strong = document.createElement("strong");
    var a = document.createElement("a"), meta = document.createElement("span");
    li.className = "ep-case";
    a.setAttribute("href", encodeURIComponent(item[0]) + "/");
    a.textContent = item[1];
    meta.className = "ep-case__meta";
    meta.textContent = item[2];
    strong.appendChild(a);
    li.appendChild(strong);
    li.appendChild(document.createElement("br"));
    li.appendChild(meta);
    return li;
  }

  function apply() {
    var chosen = selects.some(function (s) { return s.value; });
    var found = data.cases.filter(function (item) { return matches(item, null); });
    if (chosen) {
      list.replaceChildren.apply(list, found.slice(0, limit).map(entry));
    } else {
      list.replaceChildren.apply(list, listed);
    }
    if (pager) pager.hidden = chosen;
    if (more) {
      more.hidden = !chosen || found.length <= limit;
      moreButton.textContent = moreLabel + " (" + (found.length - Math.min(limit, found.length)) + ")";
    }
    selects.forEach(function (select) {
      Array.prototype.forEach.call(select.options, function (option) {
        if (!option.value) return;
        var n = countWith(select, option.value);
        option.textContent = option.getAttribute("data-label") + " (" + n + ")";
        option.disabled = n === 0 && !option.selected;
      });
    });
    var text = count.getAttribute("data-template").replace("{shown}", found.length).replace("{total}", data.cases.length);
    if (found.length === 0) {  /* name the choices that, removed alone, would bring cases back */
      var relax = selects.filter(function (s) { return s.value; }).map(function (s) {
        var option = s.options[s.selectedIndex];
        return count.getAttribute("data-relax").replace("{field}", label(s))
          .replace("{value}", option.getAttribute("data-label")).replace("{n}", countWith(s, ""));
      });
      text += ". " + count.getAttribute("data-none") + " " + relax.join(" · ");
    }
    count.textContent = chosen ? text : "";  /* with no choice the page's own list and its pager speak */
    var query = new URLSearchParams();
    selects.forEach(function (s) { if (s.value) query.set(s.name, s.value); });
    var search = query.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : "") + location.hash);
  }
  function update() {  /* the form is aria-busy until the list and the counts follow the choices */
    limit = STEP;
    form.setAttribute("aria-busy", "true");
    if (!data) count.textContent = count.getAttribute("data-loading");
    load().then(apply, function () {
      count.textContent = count.getAttribute("data-failed");
      list.replaceChildren.apply(list, listed);
      if (pager) pager.hidden = false;
    }).then(function () { form.removeAttribute("aria-busy"); });
  }

  var given = new URLSearchParams(location.search), shared = false;
  selects.forEach(function (select) {
    var value = given.get(select.name);
    if (value && Array.prototype.some.call(select.options, function (o) { return o.value === value; })) {
      select.value = value;
      shared = true;
    }
  });
  form.hidden = false;
  form.addEventListener("focusin", function () { load().catch(function () {}); });  /* fetch while the reader chooses */
  form.addEventListener("change", update);
  form.addEventListener("reset", function () { setTimeout(update, 0); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  if (more) {
    moreButton.addEventListener("click", function () {
      limit += STEP;
      apply();
    });
  }
  if (shared) update();  /* a shared list: show it at once */
})();

// "Print / save as PDF" on case and tool pages: the button is hidden until JavaScript can print.
(function () {
  Array.prototype.forEach.call(document.querySelectorAll(".ep-print"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();

// Search: load the search script only when the reader opens search (the index follows on demand).
(function (d) {
  var box = d.querySelector("[data-ep-search]"), toggle = d.getElementById("__search"), loaded = false;
  if (!box || !toggle) return;
  function load() {
    if (loaded) return; loaded = true;
    var s = d.createElement("script"); s.src = box.getAttribute("data-script"); s.defer = true;
    d.head.appendChild(s);
  }
  toggle.addEventListener("change", load);
  Array.prototype.forEach.call(d.querySelectorAll(".ep-open-search"), function (button) {  /* the home page's button */
    button.hidden = false;
    button.addEventListener("click", function () {
      if (!loaded) box.epOpener = button;
      toggle.checked = true; toggle.dispatchEvent(new Event("change"));
      box.querySelector("input").focus();
    });
  });
  box.addEventListener("focusin", function (e) {  /* where focus came from, for Escape before the script is there */
    if (!loaded && e.relatedTarget && !box.contains(e.relatedTarget)) box.epOpener = e.relatedTarget;
    load();
  });
  box.addEventListener("pointerdown", load);
  box.querySelector("form").addEventListener("submit", function (e) { e.preventDefault(); });
  d.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.key === "/" && !(t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)))) {
      e.preventDefault(); box.querySelector("input").focus();
    }
  });
})(document);

// "Cite this page": the retrieval date is the reader's own, in the page's language (Buddhist Era on Thai pages),
// written the way edupartners.dates writes dates. Without JavaScript the placeholder asks the reader to add it.
(function () {
  var months = {
    th: ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม",
         "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"],
    en: ["January", "February", "March", "April", "May", "June", "July", "August", "September",
         "October", "November", "December"]
  };
  var today = new Date();
  Array.prototype.forEach.call(document.querySelectorAll(".ep-retrieved"), function (span) {
    var lang = span.getAttribute("lang") === "th" ? "th" : "en";
    var year = today.getFullYear() + (lang === "th" ? 543 : 0);
    var apa = span.classList.contains("ep-retrieved--apa");  // APA: "November 27, 2026"; the site: "27 November 2026"
    span.textContent = lang === "en" && apa
      ? months.en[today.getMonth()] + " " + today.getDate() + ", " + year
      : today.getDate() + " " + months[lang][today.getMonth()] + " " + year;
  });
})();
