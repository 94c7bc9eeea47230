// The site's root 404.html is the Thai page; GitHub Pages serves it for every missing address. A reader who was
// looking for a page in another language's folder (en/...) is sent to that language's own "page not found".
// Loaded only by the Thai 404 page (overrides/404.html); without JavaScript, that page links to the English home.
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me) return;
  var site = new URL("../../", me.src); // this file is <site>/assets/javascripts/ep-404.js
  if (location.origin !== site.origin || location.pathname.indexOf(site.pathname) !== 0) return;
  var first = location.pathname.slice(site.pathname.length).split("/")[0];
  var languages = (me.getAttribute("data-languages") || "").split(" ");
  if (first && languages.indexOf(first) >= 0) {
    location.replace(new URL(first + "/404.html", site).href);
  }
})();
