/* 社情民意调查: the questionnaire page.
 *
 * 1. Conditional display from the structure (json_script "survey-structure"), the
 *    rule of Structure.visible on the server: a question with show_if is shown when
 *    its source is shown and answered with one of show_if_options. Hidden questions
 *    are hidden and their inputs disabled, so that they are not sent.
 * 2. Draft answers kept in localStorage (per questionnaire and person: data-slot),
 *    restored when the person comes back, removed on the thank-you page. The
 *    form is posted from here (fetch), and the server answers with the thank-you
 *    page's content, which takes the form's place; its own address replaces the
 *    form's in the address bar, so that reloading it sends nothing again.
 * 3. Anonymous answers: the proof of work of services/antiabuse.py, computed in the
 *    background; a submit waits for it a few seconds at most. The server refuses a
 *    challenge younger than data-pow-min-seconds, so a submit that early (a person
 *    who came back to a restored draft) is held until the challenge is old enough.
 * 4. The builder's preview (data-preview) is the same form with no slot and no
 *    action: conditions apply, nothing is kept or sent.
 * Without JavaScript the server shows every question and checks everything.
 */
(function () {
  "use strict";

  function finished(done) {
    var prefix = done.getAttribute("data-survey-done");
    try {
      for (var i = localStorage.length - 1; i >= 0; i--) {
        var key = localStorage.key(i);
        if (key && key.indexOf(prefix) === 0) localStorage.removeItem(key);
      }
    } catch (e) { /* storage unavailable */ }
    var thanks = done.getAttribute("data-survey-thanks");
    if (thanks && window.history && history.replaceState && location.pathname !== thanks) {
      history.replaceState(null, "", thanks);
    }
  }

  var done = document.querySelector("[data-survey-done]");
  if (done) { finished(done); return; }
  var form = document.querySelector("form[data-survey]");
  var source = document.getElementById("survey-structure");
  if (!form || !source) return;
  var structure = JSON.parse(source.textContent);
  var questions = [];
  structure.sections.forEach(function (s) { questions = questions.concat(s.questions); });
  var slot = form.getAttribute("data-slot");
  var status = document.querySelector("[data-survey-status]");

  function fieldset(code) { return document.getElementById("q-" + code); }

  function chosen(code) {
    var box = fieldset(code);
    if (!box) return [];
    return Array.prototype.map.call(
      box.querySelectorAll('input[name="q-' + code + '"]:checked'),
      function (input) { return input.value; }
    );
  }

  function visible() {
    var shown = {};
    questions.forEach(function (q) {
      if (!q.show_if) { shown[q.code] = true; return; }
      if (!shown[q.show_if]) return;
      var picked = chosen(q.show_if);
      shown[q.code] = picked.some(function (v) { return q.show_if_options.indexOf(v) >= 0; });
    });
    return shown;
  }

  function apply() {
    var shown = visible();
    questions.forEach(function (q) {
      var box = fieldset(q.code);
      if (!box) return;
      var hide = !shown[q.code];
      box.hidden = hide;
      box.disabled = hide;
      var note = box.querySelector(".survey-condition");
      if (note) note.hidden = true;  // the page decides for the person
    });
  }

  function save() {
    if (!slot) return;
    var values = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name.indexOf("q-") !== 0) return;
      if ((el.type === "radio" || el.type === "checkbox")) {
        if (el.checked) (values[el.name] = values[el.name] || []).push(el.value);
      } else if (el.value) {
        values[el.name] = [el.value];
      }
    });
    try { localStorage.setItem(slot, JSON.stringify(values)); } catch (e) { /* full */ }
  }

  function restore() {
    if (!slot) return;
    var raw = null;
    try { raw = localStorage.getItem(slot); } catch (e) { return; }
    if (!raw) return;
    var values;
    try { values = JSON.parse(raw); } catch (e) { return; }
    var any = false;
    Array.prototype.forEach.call(form.elements, function (el) {
      var stored = values[el.name];
      if (!stored) return;
      if (el.type === "radio" || el.type === "checkbox") {
        el.checked = stored.indexOf(el.value) >= 0;
      } else {
        el.value = stored[0];
      }
      any = true;
    });
    if (any && status) status.textContent = "已恢复您上次在本设备上填写的内容。";
    if (any) {
      var notice = document.createElement("p");
      notice.className = "notice info";
      notice.setAttribute("data-survey-restored", "");
      notice.textContent = "已恢复您上次在本设备上填写的内容，可以继续填写。";
      form.parentNode.insertBefore(notice, form);
    }
  }

  // Proof of work ------------------------------------------------------------------
  var bits = parseInt(form.getAttribute("data-pow-bits") || "0", 10);
  var challengeInput = form.querySelector("[data-pow-challenge]");
  var nonceInput = form.querySelector("[data-pow-nonce]");
  var proved = !bits;
  var waiting = null;
  var minSeconds = parseInt(form.getAttribute("data-pow-min-seconds") || "0", 10);
  var shownAt = Date.now();

  // Milliseconds until the server takes the challenge (0.5 s of margin for the
  // render-to-load gap and clock rounding); 0 or less when it does now.
  function tooEarly() { return bits ? shownAt + minSeconds * 1000 + 500 - Date.now() : 0; }

  function zeroBits(bytes) {
    var count = 0;
    for (var i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0) { count += 8; continue; }
      var b = bytes[i];
      while (!(b & 0x80)) { count++; b <<= 1; }
      return count;
    }
    return count;
  }

  function work() {
    if (proved || !challengeInput || !window.crypto || !crypto.subtle || !window.TextEncoder) {
      proved = true;  // without it the server only limits harder
      return;
    }
    var encoder = new TextEncoder();
    var challenge = challengeInput.value;
    var nonce = 0;
    function step() {
      var batch = [];
      for (var k = 0; k < 256; k++) {
        batch.push(crypto.subtle.digest("SHA-256", encoder.encode(challenge + ":" + (nonce + k))));
      }
      Promise.all(batch).then(function (digests) {
        for (var k = 0; k < digests.length; k++) {
          if (zeroBits(new Uint8Array(digests[k])) >= bits) {
            nonceInput.value = String(nonce + k);
            proved = true;
            if (waiting) waiting();
            return;
          }
        }
        nonce += 256;
        setTimeout(step, 0);
      }, function () { proved = true; if (waiting) waiting(); });
    }
    step();
  }

  form.addEventListener("change", function () { apply(); save(); });
  form.addEventListener("input", save);
  // The thank-you page's content in place of the form (the server sends only that
  // to this request); anything else (answers refused, a closed survey, an answer
  // already given, a lost connection) goes to the server's own page with a
  // plain submit, which checks everything again and stores nothing twice.
  function show(html) {
    var doneNow = window.sanminShowContent(html, "[data-survey-done]");
    if (doneNow) finished(doneNow);
  }

  var sent = false;
  function send() {
    if (sent) return;
    sent = true;
    if (!window.sanminPostForContent) { form.submit(); return; }
    window.sanminPostForContent(form, form.getAttribute("action") || location.href)
      .then(function (html) {
        if (html === null) form.submit(); else show(html);
      }, function () { form.submit(); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (form.hasAttribute("data-preview")) {
      if (status) status.textContent = "这是预览，答卷不会提交。";
      return;
    }
    save();
    if (status) status.textContent = "正在提交，请稍候……";
    function ready() {
      var left = tooEarly();
      if (left > 0) setTimeout(send, left); else send();
    }
    if (proved) { ready(); return; }
    waiting = ready;
    setTimeout(send, 8000);
  });

  if (form.hasAttribute("data-restore")) restore();
  apply();
  work();
})();
