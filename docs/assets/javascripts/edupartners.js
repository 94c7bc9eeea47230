// "Schools like mine": narrows the case list in the page. Each choice shows how many cases it would leave with the
// other choices kept; the choices are kept in the address (?region=northeast&grade=primary-lower) so a list can be
// shared. Without JavaScript the form stays hidden and every case is listed.
(function () {
  var form = document.getElementById("ep-filter");
  if (!form) return;
  var cases = Array.prototype.slice.call(document.querySelectorAll(".ep-case-list .ep-case"));
  var count = form.querySelector(".ep-filter__count");
  var selects = Array.prototype.slice.call(form.querySelectorAll("select"));

  function has(item, field, value) {
    return (item.getAttribute("data-" + field) || "").split(" ").indexOf(value) !== -1;
  }
  function matches(item, except) {  /* every chosen condition but the one on `except` */
    return selects.every(function (s) { return s === except || !s.value || has(item, s.name, s.value); });
  }
  function countWith(select, value) {
    return cases.filter(function (item) { return matches(item, select) && (!value || has(item, select.name, value)); }).length;
  }
  function label(select) { return select.closest("label").querySelector("span").textContent; }

  function apply() {
    var shown = 0;
    cases.forEach(function (item) {
      var match = matches(item, null);
      item.hidden = !match;
      if (match) shown += 1;
    });
    selects.forEach(function (select) {
      Array.prototype.forEach.call(select.options, function (option) {
        if (!option.value) return;
        var n = countWith(select, option.value);
        option.textContent = option.getAttribute("data-label") + " (" + n + ")";
        option.disabled = n === 0 && !option.selected;
      });
    });
    var text = count.getAttribute("data-template").replace("{shown}", shown).replace("{total}", cases.length);
    if (shown === 0) {  /* name the choices that, removed alone, would bring cases back */
      var relax = selects.filter(function (s) { return s.value; }).map(function (s) {
        var option = s.options[s.selectedIndex];
        return count.getAttribute("data-relax").replace("{field}", label(s))
          .replace("{value}", option.getAttribute("data-label")).replace("{n}", countWith(s, ""));
      });
      text += ". " + count.getAttribute("data-none") + " " + relax.join(" · ");
    }
    count.textContent = text;
    var query = new URLSearchParams();
    selects.forEach(function (s) { if (s.value) query.set(s.name, s.value); });
    var search = query.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : "") + location.hash);
  }

  var given = new URLSearchParams(location.search);
  selects.forEach(function (select) {
    var value = given.get(select.name);
    if (value && Array.prototype.some.call(select.options, function (o) { return o.value === value; })) {
      select.value = value;
    }
  });
  form.hidden = false;
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  apply();
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
