/*
 * 云评议 ballot pages. Everything works without this script; it adds:
 *
 * - the idempotency key kept in localStorage per person and session, so that a
 *   reload of the ballot or a retry after a lost answer reuses it (the server then
 *   answers with the same receipt instead of refusing a second ballot);
 * - a check before sending that every department has a choice, naming the missing
 *   ones;
 * - the confirmation in the page: when every department has a choice, 下一步 opens
 *   a dialog with the whole ballot, and its 确认提交 posts the same form straight to
 *   the cast URL, so that a representative makes two requests (the page, the cast)
 *   instead of three; the script sends it and shows the receipt the server answers
 *   (the page's content only, content.js) in place of the ballot. The server's
 *   confirmation page (the form's own action) stays the fallback for browsers
 *   without this script or without <dialog>;
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
    var confirmInPage = setUpDialog(form, slot);
    form.addEventListener("submit", function (event) {
      var missing = unchosen(form);
      if (missing.length) {
        event.preventDefault();
        showMissing(form, missing, true);
        return;
      }
      if (confirmInPage) {
        event.preventDefault();
        showMissing(form, [], false);
        confirmInPage();
      }
    });
  }

  // The confirmation in the page: the whole ballot in a modal dialog -------------

  function chosenLabel(input) {
    var label = input.labels && input.labels.length ? input.labels[0] : input.closest("label");
    return label ? label.textContent.trim() : input.value;
  }

  function summaryItem(fieldset, number) {
    var choice = fieldset.querySelector("input[type=radio]:checked");
    var comment = fieldset.querySelector("textarea");
    var item = document.createElement("li");
    var head = document.createElement("p");
    head.className = "summary-head";
    var order = document.createElement("span");
    order.className = "order";
    order.setAttribute("aria-hidden", "true");
    order.textContent = String(number);
    var name = document.createElement("span");
    name.className = "name";
    name.textContent = fieldset.getAttribute("data-department");
    var chosen = document.createElement("span");
    // The codes come from the server's scale; keep only what a class name can hold.
    chosen.className = "summary-choice choice-" + choice.value.replace(/[^A-Za-z0-9_-]/g, "");
    chosen.textContent = chosenLabel(choice);
    head.appendChild(order);
    head.appendChild(name);
    head.appendChild(chosen);
    item.appendChild(head);
    // The server strips a comment before storing it; show what will be kept.
    var text = comment ? comment.value.trim() : "";
    if (text) {
      var note = document.createElement("p");
      note.className = "summary-comment";
      var caption = document.createElement("span");
      caption.className = "muted";
      caption.textContent = "意见建议：";
      note.appendChild(caption);
      note.appendChild(document.createTextNode(text));
      item.appendChild(note);
    }
    return item;
  }

  // Sending the cast ---------------------------------------------------------------

  // Posts the form (its key included) itself and shows the receipt in place of the
  // ballot; the address stays the ballot's, which shows 已评议 when reloaded. A
  // refusal (or a browser without fetch) goes the plain way, so that the server's
  // own page says why; a lost answer waits for the 15 s retry, with the same key.
  function send(form, action, shown) {
    function plain() {
      // Not requestSubmit(): that would run the submit handler and open the dialog.
      HTMLFormElement.prototype.submit.call(form);
    }
    if (!window.sanminPostForContent) { plain(); return; }
    window.sanminPostForContent(form, action).then(function (html) {
      if (html === null) { plain(); return; }
      shown();
      showReceipt(html);
    }, function () { /* lost on the network: the retry comes back after 15 s */ });
  }

  function showReceipt(html) {
    var dialog = document.querySelector("dialog[data-ballot-dialog]");
    if (dialog && dialog.open) dialog.close();
    var box = window.sanminShowContent(html, "[data-ballot-cast]");
    if (box) setUpReceipt(box);
  }

  // Returns the function that opens the dialog, or null when this browser cannot
  // show it; the form then goes to the server's confirmation page as without script.
  function setUpDialog(form, slot) {
    var dialog = document.querySelector("dialog[data-ballot-dialog]");
    var castAction = form.getAttribute("data-cast-action");
    if (!dialog || !castAction || typeof dialog.showModal !== "function") return null;
    var body = dialog.querySelector("[data-ballot-dialog-body]");
    var list = dialog.querySelector("[data-ballot-dialog-list]");
    var cast = dialog.querySelector("[data-ballot-dialog-cast]");
    var back = dialog.querySelector("[data-ballot-dialog-back]");
    var next = form.querySelector("button[type=submit]");
    var input = form.querySelector("input[name=idempotency_key]");
    var confirmAction = form.getAttribute("action");
    var castLabel = cast.textContent;
    var busy = false;
    var retry = null;

    function ready() {
      busy = false;
      window.clearTimeout(retry);
      cast.removeAttribute("aria-disabled");
      back.removeAttribute("aria-disabled");
      cast.textContent = castLabel;
    }

    // While the ballot is on its way, going back would let the choices change under
    // a receipt that is coming for the ones sent: neither 返回修改 nor Esc closes.
    back.addEventListener("click", function () {
      if (!busy) dialog.close();
    });
    dialog.addEventListener("cancel", function (event) {
      if (busy) event.preventDefault();
    });
    dialog.addEventListener("close", function () {
      form.setAttribute("action", confirmAction);
      if (next) next.focus();
    });
    cast.addEventListener("click", function () {
      if (busy) return;
      busy = true;
      cast.setAttribute("aria-disabled", "true");
      back.setAttribute("aria-disabled", "true");
      cast.textContent = "正在提交…";
      keepKey(slot, input.value);
      form.setAttribute("action", castAction);
      send(form, castAction, function shown() {
        busy = false;
        window.clearTimeout(retry);
      });
      // If the network drops, let the representative try again with the same key.
      retry = window.setTimeout(ready, 15000);
    });
    // Back from the receipt page through the browser's page cache: a fresh start.
    window.addEventListener("pageshow", function (event) {
      if (!event.persisted) return;
      ready();
      if (dialog.open) dialog.close();
    });

    return function open() {
      list.textContent = "";
      departments(form).forEach(function (fieldset, index) {
        list.appendChild(summaryItem(fieldset, index + 1));
      });
      ready();
      dialog.showModal();
      body.scrollTop = 0;
    };
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
