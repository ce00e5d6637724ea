/*
 * Shared by ballot.js and fill.js, which post a form themselves and get back only
 * the content of the page the server would have shown (sanmin/core/fragments.py).
 *
 * sanminPostForContent(form, action): posts the form with the header that asks
 * for the content only. Resolves to that content (HTML), or to null when the server
 * answered anything else (a refusal, a redirect: submit the form the plain way so
 * that its own page shows); rejects when no answer came. Defined only where the
 * browser can do it.
 *
 * sanminShowContent(html, marker): puts that content in place of this page's, as if
 * it had been loaded — the title from the element `marker` finds (its data-title),
 * the view at the top, the focus on its heading. Returns that element, or null.
 */
(function () {
  "use strict";
  var HEADER = "X-Content-Only";

  if (window.fetch && window.URLSearchParams && window.FormData) {
    window.sanminPostForContent = function (form, action) {
      var headers = {};
      headers[HEADER] = "1";
      return fetch(action, {
        method: "POST",
        body: new URLSearchParams(new FormData(form)),
        headers: headers,
        credentials: "same-origin",
        redirect: "manual"
      }).then(function (response) {
        return response.ok && response.headers.get(HEADER) === "done" ? response.text() : null;
      });
    };
  }

  window.sanminShowContent = function (html, marker) {
    var main = document.querySelector("#main .container") || document.getElementById("main");
    main.innerHTML = html;
    var marked = main.querySelector(marker);
    if (marked) document.title = marked.getAttribute("data-title") || document.title;
    window.scrollTo(0, 0);
    var heading = main.querySelector("h1");
    if (heading) heading.focus();
    return marked;
  };
})();
