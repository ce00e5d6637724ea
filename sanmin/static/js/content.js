/*
 * Shared by ballot.js and fill.js, which post a form themselves and get back only
 * the content of the page the server would have shown: put that content in place
 * of this page's, as if it had been loaded — the title from the element `marker`
 * finds (its data-title), the view at the top, the focus on its heading. Returns
 * that element, or null.
 */
window.sanminShowContent = function (html, marker) {
  "use strict";
  var main = document.querySelector("#main .container") || document.getElementById("main");
  main.innerHTML = html;
  var marked = main.querySelector(marker);
  if (marked) document.title = marked.getAttribute("data-title") || document.title;
  window.scrollTo(0, 0);
  var heading = main.querySelector("h1");
  if (heading) heading.focus();
  return marked;
};
