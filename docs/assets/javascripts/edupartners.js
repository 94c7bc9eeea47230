// "Schools like mine": narrows the case list in the page. Without JavaScript the form stays hidden
// and every case is listed.
(function () {
  var form = document.getElementById("ep-filter");
  if (!form) return;
  var cases = Array.prototype.slice.call(document.querySelectorAll(".ep-case-list .ep-case"));
  var count = form.querySelector(".ep-filter__count");
  var selects = Array.prototype.slice.call(form.querySelectorAll("select"));

  function apply() {
    var shown = 0;
    cases.forEach(function (item) {
      var match = selects.every(function (select) {
        if (!select.value) return true;
        var values = (item.getAttribute("data-" + select.name) || "").split(" ");
        return values.indexOf(select.value) !== -1;
      });
      item.hidden = !match;
      if (match) shown += 1;
    });
    count.textContent = count.getAttribute("data-template")
      .replace("{shown}", shown).replace("{total}", cases.length);
  }

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
  box.addEventListener("focusin", load);
  box.addEventListener("pointerdown", load);
  box.querySelector("form").addEventListener("submit", function (e) { e.preventDefault(); });
  d.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.key === "/" && !(t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)))) {
      e.preventDefault(); box.querySelector("input").focus();
    }
  });
})(document);
