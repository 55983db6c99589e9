/* Anhöriglotsen: the embeddable chat widget.
 *
 * Embed with one element and one script:
 *   <div id="anhoriglotsen" data-api="(the web app)/chat/api"></div>
 *   <script src="(the web app)/chat/widget.js" defer></script>
 * /chat/widget.js is this file with its texts and numbers built in (bot/texts/widget_ui.py);
 * a page may also give them as data-texts and data-fallback. This file holds only their keys. Talks to the JSON chat API (docs/widget.md)
 * with the visitor cookie on every request; no inline script or style, no external hosts.
 */
(() => {
  "use strict";
  const host = document.getElementById("anhoriglotsen");
  if (!host || host.dataset.ready) return;
  host.dataset.ready = "1";

  const json = (value, fallback) => {
    try { return value ? JSON.parse(value) : fallback; } catch (e) { return fallback; }
  };
  // The only text held here: what must show even if the page gave no texts.
  // Texts and numbers built into /chat/widget.js; the element's data-* attributes win.
  const BUILT_IN = window.ANHORIGLOTSEN || {};
  const T = Object.assign({ emergency: "Akut? Ring 112", unavailable: "Chatten fungerar inte just nu." },
    BUILT_IN.texts || {}, json(host.dataset.texts, {}));
  const t = (key, vars) => String(T[key] || key).replace(/\{(\w+)\}/g, (m, k) => (vars && k in vars ? vars[k] : m));
  const API = (host.dataset.api || "/chat/api").replace(/\/$/, "");
  // Addresses the API gives (privacy notice, full page) are the web app's: resolved against the API.
  const appUrl = (path) => { try { return new URL(path, new URL(API + "/", location.href)).href; } catch (e) { return path; } };
  const TIMEOUT_MS = 20000;
  const WARN_BEFORE_S = 120;
  const MAX_CHARS = Number(host.dataset.maxChars) || 1000;
  const K = { open: "anhoriglotsen.open", queue: "anhoriglotsen.queue", config: "anhoriglotsen.config",
    expires: "anhoriglotsen.expires", lead: "anhoriglotsen.lead" };

  const store = {
    get(key, fallback) { try { return json(sessionStorage.getItem(key), fallback); } catch (e) { return fallback; } },
    set(key, value) { try { sessionStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode */ } },
    drop(key) { try { sessionStorage.removeItem(key); } catch (e) { /* private mode */ } },
  };

  let uid = 0;
  const id = (name) => "al-" + name + "-" + (++uid);
  const h = (tag, attrs, ...kids) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === false || value == null) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const kid of kids.flat()) if (kid != null) node.append(kid);
    return node;
  };
  const show = (node, yes) => { node.hidden = !yes; };
  const tel = (phone) => "tel:" + String(phone).replace(/[^\d+]/g, "");

  // ------------------------------------------------------------ the elements
  const ids = { panel: id("panel"), title: id("title"), log: id("log"), input: id("input"), hint: id("hint"),
    error: id("error"), qr: id("qr"), shortcut: id("shortcut") };
  const sos = h("a", { class: "al-sos", href: "tel:112", text: t("emergency") });
  const launcher = h("button", { type: "button", class: "al-launcher", "aria-expanded": "false",
    "aria-controls": ids.panel, "aria-keyshortcuts": "Alt+Shift+C" },
  h("span", { text: t("launcher") }), h("span", { class: "al-kbd", text: " (" + t("shortcut") + ")" }));
  // The time-out warning while the panel is closed: a polite status above the launcher,
  // which it also describes, with its own "Fortsätt samtalet".
  const barNote = h("p", { id: id("barnote"), class: "al-bar-note", role: "status" });
  const barExtend = h("button", { type: "button", class: "al-secondary al-bar-extend", text: t("extend"), hidden: true });
  const bar = h("div", { class: "al-bar" }, barNote, barExtend, sos, launcher);

  const closeBtn = h("button", { type: "button", class: "al-close", "aria-keyshortcuts": "Escape",
    text: t("close") });
  const titleEl = h("h2", { id: ids.title, class: "al-title", text: t("title") });
  const head = h("div", { class: "al-head" },
    h("div", { class: "al-heading" }, titleEl, h("p", { class: "al-sub", text: t("subtitle") })),
    h("div", { class: "al-actions" }, h("a", { class: "al-sos al-sos-in", href: "tel:112", text: t("emergency") }),
      closeBtn));
  const shortcutHelp = h("p", { id: ids.shortcut, class: "al-help", text: t("shortcut_help") });

  const warnText = h("p", { class: "al-warn-text" });
  const extendBtn = h("button", { type: "button", class: "al-secondary", text: t("extend") });
  const warn = h("div", { class: "al-notice al-warn", role: "alert", hidden: true }, warnText, extendBtn);

  const endQuestion = h("p", { class: "al-confirm-text", tabindex: "-1", text: t("end_question") });
  const endYes = h("button", { type: "button", class: "al-danger", text: t("end_yes") });
  const endNo = h("button", { type: "button", class: "al-secondary", text: t("end_no") });
  const confirmBox = h("div", { class: "al-notice al-confirm", hidden: true }, endQuestion,
    h("p", { class: "al-row" }, endYes, endNo));
  const doneBox = h("div", { class: "al-notice al-done", tabindex: "-1", hidden: true });

  const list = h("ol", { class: "al-list" });
  const emptyNote = h("p", { class: "al-empty", text: t("empty") });
  // role=log: polite, additions only. Hidden until the history is in it, so loading
  // the conversation so far is not read out; afterwards only new nodes are appended.
  const log = h("div", { id: ids.log, class: "al-log", role: "log", "aria-live": "polite",
    "aria-relevant": "additions", "aria-label": t("log_label"), tabindex: "0", hidden: true }, list);
  const typing = h("p", { class: "al-typing", hidden: true, "aria-hidden": "true" },
    h("span", { class: "al-dots" }, h("span"), h("span"), h("span")), " " + t("typing"));
  const qrLabel = h("p", { id: ids.qr, class: "al-qr-label", text: t("quick_replies") });
  const qr = h("div", { class: "al-qr", role: "group", "aria-labelledby": ids.qr, hidden: true });
  const status = h("p", { class: "al-status", role: "status" });

  const input = h("textarea", { id: ids.input, class: "al-input", rows: "2", maxlength: String(MAX_CHARS),
    "aria-describedby": ids.hint, autocomplete: "off" });
  const errorEl = h("p", { id: ids.error, class: "al-error", role: "alert", hidden: true });
  const sendBtn = h("button", { type: "submit", class: "al-send", text: t("send") });
  const form = h("form", { class: "al-form", novalidate: true },
    h("label", { for: ids.input, class: "al-label", text: t("input_label") }),
    h("p", { id: ids.hint, class: "al-hint", text: t("input_hint") }), errorEl,
    h("div", { class: "al-row al-compose" }, input, sendBtn));

  const privacy = h("a", { class: "al-link", href: host.dataset.privacyUrl || appUrl("/personuppgifter"),
    text: t("privacy") });
  const fullPage = h("a", { class: "al-link", href: host.dataset.fullPage || appUrl("/"), text: t("full_page") });
  const endBtn = h("button", { type: "button", class: "al-secondary al-end", text: t("end") });
  const foot = h("div", { class: "al-foot" }, privacy, fullPage, endBtn);

  const panel = h("section", { id: ids.panel, class: "al-panel", "aria-labelledby": ids.title, hidden: true },
    head, shortcutHelp, warn, confirmBox, doneBox, h("div", { class: "al-body" }, emptyNote, log, typing),
    h("div", { class: "al-qr-wrap" }, qr), status, form, foot);

  // The stylesheet sits next to this script; the widget appears once it is loaded.
  const cssUrl = ((document.currentScript && document.currentScript.src) || "/static/widget/widget.js")
    .replace(/\.js(\?.*)?$/, ".css$1");
  const mount = () => {
    host.textContent = "";
    host.setAttribute("lang", "sv");
    host.classList.add("al-root");
    host.append(panel, bar);
  };
  if (document.querySelector('link[data-anhoriglotsen]')) mount();
  else {
    const link = h("link", { rel: "stylesheet", href: cssUrl, "data-anhoriglotsen": "" });
    link.addEventListener("load", mount);
    link.addEventListener("error", mount);
    document.head.append(link);
  }

  // ------------------------------------------------------------ theme and config
  const FALLBACK = json(host.dataset.fallback, BUILT_IN.fallback || { emergency: "112", lines: [] });
  let config = store.get(K.config, null);

  const channel = (hex) => {
    const v = parseInt(hex, 16) / 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  };
  const luminance = (c) => 0.2126 * channel(c.slice(1, 3)) + 0.7152 * channel(c.slice(3, 5)) + 0.0722 * channel(c.slice(5, 7));
  const contrast = (a, b) => {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const HEX = /^#[0-9a-fA-F]{6}$/;
  // A colour from the profile is used only where it keeps 4.5:1 against its partner.
  const applyTheme = (c) => {
    if (!c || typeof c !== "object") return;
    const bg = HEX.test(c.background || "") ? c.background : "#ffffff";
    const text = HEX.test(c.text || "") ? c.text : "#1b1b1b";
    const on = HEX.test(c.primary_text || "") ? c.primary_text : "#ffffff";
    const ok = (a, b) => HEX.test(a || "") && HEX.test(b || "") && contrast(a, b) >= 4.5;
    if (ok(bg, text)) { host.style.setProperty("--al-bg", bg); host.style.setProperty("--al-text", text); }
    // The primary colour is the buttons' background and the secondary buttons' text.
    if (ok(c.primary, on) && ok(c.primary, bg)) {
      host.style.setProperty("--al-primary", c.primary);
      host.style.setProperty("--al-on-primary", on);
    }
  };
  const applyConfig = (c) => {
    if (!c) return;
    if (c.title || c.name) titleEl.textContent = c.title || c.name;
    if (c.privacy_url && !host.dataset.privacyUrl) privacy.href = appUrl(c.privacy_url); // the page's own wins
    if (c.logo && !head.querySelector(".al-logo")) {
      head.prepend(h("img", { class: "al-logo", src: c.logo, alt: "" }));
    }
    applyTheme(c.colors);
  };
  applyConfig(config);

  // ------------------------------------------------------------ requests
  class Offline extends Error {}
  async function call(method, path, body) {
    if (navigator.onLine === false) throw new Offline();
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
    let res;
    try {
      res = await fetch(API + path, { method, credentials: "include", signal: abort.signal,
        headers: body ? { "Content-Type": "application/json", Accept: "application/json" } : { Accept: "application/json" },
        body: body ? JSON.stringify(body) : undefined });
    } catch (e) {
      throw navigator.onLine === false ? new Offline() : e;
    } finally {
      clearTimeout(timer);
    }
    let data = null;
    try { data = await res.json(); } catch (e) { data = null; }
    return { ok: res.ok && !(data && data.error), status: res.status, data: data || {} };
  }

  // ------------------------------------------------------------ the conversation
  const say = (text, cls) => h("p", { class: cls || "al-text", text });

  function line(sender, text, opts) {
    const o = opts || {};
    const li = h("li", { class: "al-msg al-" + sender + (o.cls ? " " + o.cls : ""), lang: o.lang || false },
      h("span", { class: "al-who al-vh", text: t(sender === "user" ? "you" : "bot") + ": " }));
    for (const part of String(text || "").split(/\n{2,}/)) if (part.trim()) li.append(say(part));
    if (o.hint) li.append(h("span", { class: "al-vh al-hint-qr", text: " " + t("quick_replies_hint") }));
    return li;
  }

  function append(node) {
    show(emptyNote, false);
    list.append(node);
    log.scrollTop = log.scrollHeight;
  }

  // Quick replies belong to the last bot message only; its hint goes when they go.
  function setQuickReplies(buttons) {
    qr.textContent = "";
    const usable = (buttons || []).filter((b) => b && b.title && b.payload);
    for (const old of list.querySelectorAll(".al-hint-qr")) if (!usable.length || old !== list.lastElementChild.lastElementChild) old.remove();
    if (!usable.length) { show(qr, false); return; }
    qr.append(qrLabel);
    for (const b of usable) {
      qr.append(h("button", { type: "button", class: "al-reply", text: b.title,
        onclick: () => { submit(b.payload, b.title); input.focus(); } }));
    }
    show(qr, true);
  }

  function botMessages(messages) {
    let last = [];
    for (const m of messages) {
      const buttons = (m.buttons || []).filter((b) => b && b.title && b.payload);
      append(line("bot", m.text || buttons.map((b) => b.title).join(", "), { lang: m.lang, hint: buttons.length > 0 }));
      last = buttons;
    }
    setQuickReplies(last);
  }

  function fallbackMessage(data) {
    const fb = Object.assign({}, FALLBACK, (config && config.fallback) || {}, (data && data.fallback) || {});
    const unit = fb.unit || (config && config.phone);
    const lines = [unit, fb.socialjour || (config && config.socialjour)]
      .concat(fb.lines && fb.lines.length ? fb.lines : (config && config.lines) || []);
    const li = line("bot", (data && data.message) || t("unavailable"), { cls: "al-failed" });
    const calls = h("ul", { class: "al-calls" },
      h("li", {}, h("a", { href: "tel:" + (fb.emergency || "112"), text: t("emergency_line") })));
    const seen = new Set();
    for (const l of lines) {
      if (!l || !l.phone || seen.has(l.phone)) continue;
      seen.add(l.phone);
      const name = l.name || (l.role ? l.role.charAt(0).toUpperCase() + l.role.slice(1) : "");
      const label = name && name !== l.phone ? t("unit_line", { name, phone: l.phone }) : l.phone;
      calls.append(h("li", {}, h("a", { href: tel(l.phone), text: label }),
        l.example ? " " + t("example_number") : null));
    }
    li.append(say(t("unavailable_call")), calls);
    append(li);
    setQuickReplies([]);
  }

  // ------------------------------------------------------------ sending, with a queue that survives offline
  const queue = () => store.get(K.queue, []);
  const saveQueue = (q) => store.set(K.queue, q);
  const pendingNodes = new Map();
  const newKey = () => (crypto.randomUUID ? crypto.randomUUID()
    : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join(""));

  function userLine(item) {
    const li = line("user", item.title || item.text, { cls: "al-pending" });
    li.append(h("span", { class: "al-state", "aria-hidden": "true", text: navigator.onLine === false ? t("pending") : "" }));
    pendingNodes.set(item.key, li);
    return li;
  }

  function settle(key, cls) {
    const li = pendingNodes.get(key);
    pendingNodes.delete(key);
    if (!li) return;
    li.classList.remove("al-pending");
    const state = li.querySelector(".al-state");
    if (cls && state) { li.classList.add(cls); state.textContent = t("not_sent"); state.removeAttribute("aria-hidden"); }
    else if (state) state.remove();
  }

  function submit(text, title) {
    const item = { key: newKey(), text, title: title && title !== text ? title : undefined };
    saveQueue(queue().concat([item]));
    setQuickReplies([]);
    hideDone();
    if (log.hidden) { if (!loaded) loadHistory(); return; } // loadHistory shows the queue after the history
    append(userLine(item));
    flush();
  }

  let flushing = false;
  let retryTimer = null;
  const RETRIES = 5;
  const RETRY_MS = 10000;
  async function flush() {
    if (flushing) return;
    flushing = true;
    try {
      for (let q = queue(); q.length; q = queue()) {
        const item = q[0];
        show(typing, true);
        let res;
        for (let tries = 0; ; tries++) {
          try {
            res = await call("POST", "/message", { text: item.text, key: item.key });
          } catch (e) {
            show(typing, false);
            if (e instanceof Offline) { offline(); return; }
            res = null;
          }
          // The first request with this key still waits for the assistant: ask again shortly.
          if (!res || res.status !== 409 || res.data.error !== "in_progress" || tries > 20) break;
          await new Promise((done) => setTimeout(done, 1000));
        }
        show(typing, false);
        if (!res && (item.tries || 0) < RETRIES) {
          // Lost connection or no answer in time: the message stays queued and goes again with
          // the same key (answered once, never processed twice); meanwhile the numbers show.
          if (!item.tries) fallbackMessage(null);
          saveQueue(queue().map((x) => (x.key === item.key ? Object.assign({}, x, { tries: (x.tries || 0) + 1 }) : x)));
          offline();
          if (!retryTimer) retryTimer = setTimeout(() => { retryTimer = null; flush(); }, RETRY_MS);
          return;
        }
        saveQueue(queue().filter((x) => x.key !== item.key));
        status.textContent = "";
        const messages = res && res.ok && Array.isArray(res.data.messages) ? res.data.messages : [];
        session(res && res.data.session);
        if (res && res.status === 400 && res.data.message) {
          settle(item.key, "al-unsent");
          showError(res.data.message);
        } else if (messages.some((m) => m && (m.text || (m.buttons || []).length))) {
          settle(item.key);
          botMessages(messages);
        } else {
          settle(item.key, !res || res.status >= 500 ? "al-unsent" : "");
          fallbackMessage(res && res.data);
        }
      }
    } finally {
      flushing = false;
      show(typing, false);
    }
  }

  function offline() {
    status.textContent = t("offline");
    for (const li of pendingNodes.values()) li.querySelector(".al-state").textContent = t("pending");
  }
  window.addEventListener("online", () => { status.textContent = ""; flush(); });
  window.addEventListener("offline", () => { if (queue().length) offline(); });

  // ------------------------------------------------------------ input errors
  function showError(message) {
    errorEl.textContent = message;
    show(errorEl, true);
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", ids.error + " " + ids.hint);
  }
  function clearError() {
    show(errorEl, false);
    errorEl.textContent = "";
    input.removeAttribute("aria-invalid");
    input.setAttribute("aria-describedby", ids.hint);
  }
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (sendBtn.disabled) return;
    const text = input.value.trim();
    if (!text) { showError(t("error_empty")); input.focus(); return; }
    if (text.length > MAX_CHARS) { showError(t("error_too_long", { max: MAX_CHARS })); input.focus(); return; }
    clearError();
    input.value = "";
    submit(text);
    input.focus();
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); form.requestSubmit(); }
  });
  input.addEventListener("input", () => { if (!errorEl.hidden && input.value.trim()) clearError(); });

  // ------------------------------------------------------------ the session's time limit
  let warnTimer = 0, endTimer = 0;
  function session(info) {
    if (info && typeof info.expires_in === "number") {
      if (info.expires_in > 0) {
        store.set(K.expires, Date.now() + info.expires_in * 1000);
        store.set(K.lead, Math.min(WARN_BEFORE_S, info.expires_in / 2));
      } else store.drop(K.expires);
    }
    schedule();
  }
  function schedule() {
    clearTimeout(warnTimer); clearTimeout(endTimer);
    const at = store.get(K.expires, 0);
    if (!at) return;
    const left = at - Date.now();
    if (left <= 0) { expired(); return; }
    warnTimer = setTimeout(warnNow, Math.max(0, left - store.get(K.lead, WARN_BEFORE_S) * 1000));
    endTimer = setTimeout(expired, left);
  }
  // On the bar only while the panel is closed; opening the panel shows the warning there.
  function barSays(text, extendable) {
    barNote.textContent = panel.hidden ? text || "" : "";
    show(barExtend, !!(barNote.textContent && extendable));
    if (barNote.textContent) launcher.setAttribute("aria-describedby", barNote.id);
    else launcher.removeAttribute("aria-describedby");
  }
  function warnNow() {
    const minutes = Math.max(1, Math.ceil((store.get(K.expires, 0) - Date.now()) / 60000));
    warnText.textContent = t(minutes === 1 ? "timeout_warning" : "timeout_warning_plural", { minutes });
    show(warn, true);
    barSays(warnText.textContent, true);
  }
  function expired() {
    show(warn, false);
    barSays("");
    store.drop(K.expires);
    if (list.children.length) {
      append(line("bot", t("expired"), { cls: "al-info" }));
      setQuickReplies([]);
      barSays(t("expired"), false);
    }
  }
  async function extend(fromBar) {
    let res = null;
    try { res = await call("POST", "/extend", {}); } catch (e) { res = null; }
    if (res && res.ok) {
      show(warn, false);
      session(res.data.session);
      status.textContent = t("extended");
      barSays(fromBar ? t("extended") : "", false);
      (panel.hidden ? launcher : input).focus();
    } else {
      fallbackMessage(res && res.data);
      if (panel.hidden) open(true); // the numbers to call are in the conversation
    }
  }
  extendBtn.addEventListener("click", () => extend(false));
  barExtend.addEventListener("click", () => extend(true));

  // ------------------------------------------------------------ end and delete, with a confirm step
  function hideDone() { show(doneBox, false); doneBox.textContent = ""; }
  endBtn.addEventListener("click", () => { show(confirmBox, true); endQuestion.focus(); });
  endNo.addEventListener("click", () => { show(confirmBox, false); endBtn.focus(); });
  endYes.addEventListener("click", async () => {
    let res = null;
    sendBtn.disabled = endYes.disabled = true;
    try { res = await call("POST", "/end", {}); } catch (e) { res = null; }
    sendBtn.disabled = endYes.disabled = false;
    show(confirmBox, false);
    hideDone();
    if (res && res.ok && res.data.deleted) {
      list.textContent = "";
      pendingNodes.clear();
      saveQueue([]);
      store.drop(K.expires);
      schedule();
      show(warn, false);
      barSays("");
      setQuickReplies([]);
      show(emptyNote, true);
      const kept = (res.data.kept || []).map((k) => (typeof k === "string" ? k : k.text || k.label || k.name || ""))
        .filter(Boolean);
      doneBox.append(say(t("end_done")), say(kept.length ? t("end_kept") : t("end_nothing_kept")));
      if (kept.length) doneBox.append(h("ul", {}, kept.map((k) => h("li", { text: k }))));
    } else {
      doneBox.append(say(t("end_failed")));
    }
    show(doneBox, true);
    doneBox.focus();
  });

  // ------------------------------------------------------------ open, close, keyboard
  let loaded = false;
  async function loadHistory() {
    loaded = true;
    let res = null;
    try { res = await call("GET", "/history"); } catch (e) { res = null; }
    if (res && res.ok && Array.isArray(res.data.messages)) {
      let last = [];
      const messages = res.data.messages;
      messages.forEach((m, i) => {
        const user = m.sender === "user";
        last = user ? [] : (m.buttons || []).filter((b) => b && b.title && b.payload);
        list.append(line(user ? "user" : "bot", m.text, { lang: m.lang, hint: i === messages.length - 1 && last.length > 0 }));
      });
      if (res.data.messages.length) show(emptyNote, false);
      setQuickReplies(last);
      session(res.data.session);
    }
    for (const item of queue()) list.append(userLine(item));
    if (list.children.length) show(emptyNote, false);
    show(log, true);
    log.scrollTop = log.scrollHeight;
    // The conversation could not be read back: say so (read out once) and give the numbers.
    if (!res || res.status >= 500) fallbackMessage(res && res.data);
    if (queue().length) {
      if (navigator.onLine === false) offline();
      else flush();
    }
  }

  async function loadConfig() {
    try {
      const res = await call("GET", "/config");
      if (res.ok) { config = res.data; store.set(K.config, config); applyConfig(config); }
    } catch (e) { /* the page's own texts and numbers are used */ }
  }

  function open(focus) {
    show(panel, true);
    host.classList.add("al-open");
    launcher.setAttribute("aria-expanded", "true");
    store.set(K.open, true);
    barSays("");
    if (!loaded) loadHistory();
    if (focus) input.focus();
  }
  function close() {
    show(panel, false);
    host.classList.remove("al-open");
    launcher.setAttribute("aria-expanded", "false");
    store.set(K.open, false);
    if (!warn.hidden) barSays(warnText.textContent, true);
    launcher.focus();
  }
  const toggle = () => (panel.hidden ? open(true) : close());

  launcher.addEventListener("click", toggle);
  closeBtn.addEventListener("click", close);
  panel.addEventListener("keydown", (e) => {
    if (e.key !== "Escape") return;
    e.preventDefault();
    if (!confirmBox.hidden) { show(confirmBox, false); endBtn.focus(); } else close();
  });
  document.addEventListener("keydown", (e) => {
    if (e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey && e.code === "KeyC") { e.preventDefault(); toggle(); }
  });

  // Timers sleep in a background tab: look at the clock again when the page is seen.
  document.addEventListener("visibilitychange", () => { if (!document.hidden) schedule(); });

  loadConfig();
  schedule();
  if (store.get(K.open, false)) open(false);
  else if (queue().length) loadHistory();
})();
