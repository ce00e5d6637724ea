/*
 * 云评议 ballot pages. Everything works without this script; it adds:
 *
 * - the idempotency key kept in localStorage per person and session, so that a
 *   reload of the ballot or a retry after a lost answer reuses it (the server then
 *   answers with the same receipt instead of refusing a second ballot);
 * - a check before sending that every department has a choice, naming the missing
 *   ones;
 * - a draft of the choices in sessionStorage (this tab only), so that opening a
 *   department's report or switching to 关怀版 does not lose them;
 * - on coming back after voting, the receipt fetched with the kept key (the server
 *   stores no link from a person to a ballot, so only this browser can ask).
 */
(function () {
  "use strict";

  var KEY_PREFIX = "sanmin-ballot-key:";
  var DRAFT_PREFIX = "sanmin-ballot-draft:";
  var KEY_PATTERN = /^[A-Za-z0-9_-]{32,128}$/;

  function store(kind) {
    try {
      var s = window[kind];
      s.setItem("sanmin-probe", "1");
      s.removeItem("sanmin-probe");
      return s;
    } catch (e) {
      return null;
    }
  }

  var local = store("localStorage");
  var session = store("sessionStorage");

  function keptKey(slot) {
    var key = local && local.getItem(KEY_PREFIX + slot);
    return key && KEY_PATTERN.test(key) ? key : "";
  }

  function keepKey(slot, key) {
    if (local && key && KEY_PATTERN.test(key)) local.setItem(KEY_PREFIX + slot, key);
  }

  // The ballot form ---------------------------------------------------------------

  function departments(form) {
    return Array.prototype.slice.call(form.querySelectorAll("fieldset[data-department]"));
  }

  function isChosen(fieldset) {
    return !!fieldset.querySelector("input[type=radio]:checked");
  }

  function unchosen(form) {
    return departments(form).filter(function (f) { return !isChosen(f); });
  }

  function saveDraft(form, slot) {
    if (!session) return;
    var draft = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.type === "radio" && el.checked) draft[el.name] = el.value;
      if (el.tagName === "TEXTAREA" && el.value) draft[el.name] = el.value;
    });
    session.setItem(DRAFT_PREFIX + slot, JSON.stringify(draft));
  }

  function restoreDraft(form, slot) {
    if (!session || form.querySelector("input[type=radio]:checked")) return;
    var draft;
    try {
      draft = JSON.parse(session.getItem(DRAFT_PREFIX + slot) || "{}");
    } catch (e) {
      return;
    }
    Object.keys(draft).forEach(function (name) {
      var fields = form.elements.namedItem(name);
      if (!fields) return;
      if (fields.tagName === "TEXTAREA") {
        fields.value = draft[name];
        return;
      }
      Array.prototype.forEach.call(fields.length ? fields : [fields], function (el) {
        if (el.value === draft[name]) el.checked = true;
      });
    });
  }

  function showProgress(form) {
    var out = document.querySelector("[data-ballot-progress]");
    if (!out) return;
    var all = departments(form);
    var done = all.filter(isChosen).length;
    out.textContent = "已评议 " + done + " / " + all.length + " 个部门";
  }

  function showMissing(form, missing, focus) {
    var box = document.querySelector("[data-ballot-missing]");
    var list = document.querySelector("[data-ballot-missing-list]");
    departments(form).forEach(function (fieldset) {
      fieldset.closest(".ballot-item").classList.toggle("is-missing", missing.indexOf(fieldset) >= 0);
    });
    if (!box || !list) return;
    list.textContent = "";
    missing.forEach(function (fieldset) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#" + fieldset.closest(".ballot-item").id;
      link.textContent = fieldset.getAttribute("data-department");
      item.appendChild(link);
      list.appendChild(item);
    });
    box.hidden = missing.length === 0;
    if (missing.length && focus) box.focus();
  }

  function setUpBallot(form) {
    var slot = form.getAttribute("data-slot");
    var input = form.querySelector("input[name=idempotency_key]");
    var kept = keptKey(slot);
    if (form.hasAttribute("data-fresh-key") || !kept) {
      keepKey(slot, input.value);
    } else {
      input.value = kept;
    }
    restoreDraft(form, slot);
    showProgress(form);
    form.addEventListener("change", function () {
      saveDraft(form, slot);
      showProgress(form);
      var box = document.querySelector("[data-ballot-missing]");
      if (box && !box.hidden) showMissing(form, unchosen(form), false);
    });
    form.addEventListener("input", function () { saveDraft(form, slot); });
    form.addEventListener("submit", function (event) {
      var missing = unchosen(form);
      if (missing.length) {
        event.preventDefault();
        showMissing(form, missing, true);
      }
    });
  }

  // The confirmation: one tap sends; the button waits for the answer ---------------

  function setUpConfirm(form) {
    var slot = form.getAttribute("data-slot");
    var input = form.querySelector("input[name=idempotency_key]");
    if (slot && input) keepKey(slot, input.value);
    var button = form.querySelector("[data-cast-button]");
    form.addEventListener("submit", function (event) {
      if (!button || event.submitter !== button) return;
      if (button.getAttribute("aria-disabled") === "true") {
        event.preventDefault();
        return;
      }
      button.setAttribute("aria-disabled", "true");
      button.textContent = "正在提交…";
      // If the network drops, let the representative try again with the same key.
      window.setTimeout(function () {
        button.removeAttribute("aria-disabled");
        button.textContent = "确认提交";
      }, 15000);
    });
  }

  // The receipt: keep the key for coming back, forget the draft ---------------------

  function setUpReceipt(box) {
    var slot = box.getAttribute("data-slot");
    keepKey(slot, box.getAttribute("data-key"));
    if (session) session.removeItem(DRAFT_PREFIX + slot);
  }

  // Coming back after voting: fetch the receipt with the kept key -------------------

  function setUpLookup(box) {
    var slot = box.getAttribute("data-slot");
    var key = keptKey(slot);
    if (session) session.removeItem(DRAFT_PREFIX + slot);
    if (!key || !window.fetch) return;
    var smsForm = box.querySelector("[data-receipt-sms]");
    var token = box.querySelector("input[name=csrfmiddlewaretoken]");
    var body = new FormData();
    body.append("key", key);
    fetch(box.getAttribute("data-url"), {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "", "Accept": "application/json" }
    })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || !data.receipt) return;
        var code = box.querySelector("[data-receipt]");
        code.textContent = "";
        // Two halves that never break inside, as on the receipt page.
        [data.receipt.slice(0, 9), data.receipt.slice(10)].forEach(function (half, i) {
          if (i) code.appendChild(document.createTextNode("-"));
          var span = document.createElement("span");
          span.textContent = half;
          code.appendChild(span);
        });
        code.hidden = false;
        var note = box.querySelector("[data-receipt-missing]");
        note.textContent = "这是本设备提交评议时保存的回执。";
        if (smsForm) {
          smsForm.querySelector("input[name=key]").value = key;
          smsForm.hidden = false;
        }
      })
      .catch(function () { /* the note already explains */ });
  }

  function start() {
    var ballot = document.querySelector("form[data-ballot]");
    if (ballot) setUpBallot(ballot);
    var confirm = document.querySelector("form[data-ballot-confirm]");
    if (confirm) setUpConfirm(confirm);
    var cast = document.querySelector("[data-ballot-cast]");
    if (cast) setUpReceipt(cast);
    var lookup = document.querySelector("[data-receipt-lookup]");
    if (lookup) setUpLookup(lookup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
