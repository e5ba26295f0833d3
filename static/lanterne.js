/*! Lanterne site snippet: counts views, address-bar shares, copies and share buttons.
 * No cookie, no storage: the only thing it leaves is a share id in the address's fragment.
 * Options and what it sends: docs/site-snippet.md. */
(function (w, d) {
  "use strict";
  // Nothing here may throw into the page: every entry point is wrapped.
  function safe(f) {
    return function () {
      try {
        return f.apply(this, arguments);
      } catch (e) {
        return undefined;
      }
    };
  }

  var me = d.currentScript;
  if (!me || !w.JSON || !w.history || !w.history.replaceState) return;
  var nav = w.navigator;
  var loc = w.location;
  var key = me.getAttribute("data-site");
  var base = me.src.replace(/\/lanterne\.js([?#].*)?$/, "");
  // The reader asked not to be tracked: the view is counted, nothing else is sent.
  var quiet = nav.doNotTrack === "1" || w.doNotTrack === "1" || nav.globalPrivacyControl === true;
  var OURS = /^#\.([A-Za-z0-9]{10})$/;
  var viewId = null;
  var copying = false;

  function utmOnly(search) {
    return search.replace(/^\?/, "").split("&").filter(function (p) {
      return /^utm_/.test(p);
    }).join("&");
  }

  // Origin and path; of the query only utm_*; never the fragment.
  function page(withUtm) {
    var q = withUtm ? utmOnly(loc.search) : "";
    return loc.origin + loc.pathname + (q ? "?" + q : "");
  }

  function newId() {
    var chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    var bytes = new Uint8Array(10);
    var id = "";
    w.crypto.getRandomValues(bytes);
    for (var i = 0; i < 10; i++) id += chars.charAt(bytes[i] % 62);
    return id;
  }

  function send(event, fields) {
    var body = { site: key, event: event, url: page(true) };
    for (var k in fields) if (fields[k]) body[k] = fields[k];
    var data = JSON.stringify(body);
    try {
      if (nav.sendBeacon && nav.sendBeacon(base + "/e", data)) return;
    } catch (e) { /* a page's CSP may refuse it: try fetch */ }
    if (w.fetch) {
      w.fetch(base + "/e", { method: "POST", body: data, keepalive: true, mode: "no-cors", credentials: "omit" })
        .catch(function () {});
    }
  }

  function navigationType() {
    var p = w.performance;
    var entry = p && p.getEntriesByType && p.getEntriesByType("navigation")[0];
    if (entry) return entry.type;
    var old = p && p.navigation && p.navigation.type;
    return old === 1 ? "reload" : old === 2 ? "back_forward" : "navigate";
  }

  function withoutUtm(href) {
    var parts = href.split("#");
    var url = parts[0].split("?");
    var rest = (url[1] || "").split("&").filter(function (p) {
      return p && !/^utm_/.test(p);
    }).join("&");
    return url[0] + (rest ? "?" + rest : "") + (parts.length > 1 ? "#" + parts.slice(1).join("#") : "");
  }

  function view() {
    var clean = me.hasAttribute("data-clean-utm");
    // A reload or a step back and forward shows this tab's view again: the same view, already
    // sent, so nothing is sent for it (not a view, not an arrival, not a share).
    var type = navigationType();
    var again = type === "reload" || type === "back_forward";
    if (quiet) {
      if (!again) send("view", { dnt: true });
    } else {
      var hash = loc.hash === "#" ? "" : loc.hash;
      var arrived = OURS.exec(hash);
      // Shown again without our id (the page's own anchor took the fragment), the view's id
      // is lost: shares and copies there go without one rather than name a view never sent.
      viewId = arrived && again ? arrived[1] : again ? null : newId();
      if (!again) send("view", { referrer: d.referrer, id: viewId, parent: arrived ? arrived[1] : null });
      // Only where the page has no fragment of its own: anchors keep working.
      if (viewId && (!hash || arrived)) {
        var href = loc.href.split("#")[0];
        w.history.replaceState(w.history.state, "", (clean ? withoutUtm(href) : href) + "#." + viewId);
        return;
      }
    }
    if (clean) w.history.replaceState(w.history.state, "", withoutUtm(loc.href));
  }

  // The buttons' words in the page's language (<html lang>), English otherwise; data-label-*
  // and data-buttons-label override them. "group" names the buttons' element.
  var WORDS = {
    en: { email: "Email", copy: "Copy link", share: "Share", group: "Share" },
    fr: { email: "E-mail", copy: "Copier le lien", share: "Partager", group: "Partager" }
  };
  var LABELS = {
    whatsapp: "WhatsApp", telegram: "Telegram", email: "", sms: "SMS", copy: "",
    x: "X", facebook: "Facebook", linkedin: "LinkedIn", share: ""
  };
  function words() {
    var lang = (d.documentElement.getAttribute("lang") || "").toLowerCase().split("-")[0];
    return WORDS.hasOwnProperty(lang) ? WORDS[lang] : WORDS.en;
  }
  var links = {};

  // One short link per page and channel, minted by Lanterne on first use. Without an answer
  // in time (Lanterne down), the page's own address is shared instead.
  function mint(channel, done) {
    var called = false;
    function finish(link) {
      if (!called) {
        called = true;
        done(link);
      }
    }
    if (quiet || !w.fetch) return finish(null);
    w.setTimeout(finish, 2500);
    w.fetch(base + "/e/link", {
      method: "POST", credentials: "omit",
      body: JSON.stringify({ site: key, url: page(false), channel: channel })
    }).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (j) {
      finish(j && j.short_url);
    }, function () {
      finish(null);
    });
  }

  function copyText(text, button) {
    function copied() {
      button.classList.add("lanterne-copied");
      w.setTimeout(function () { button.classList.remove("lanterne-copied"); }, 2000);
    }
    function fallback() {
      var area = d.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      d.body.appendChild(area);
      area.select();
      copying = true;
      try {
        if (d.execCommand("copy")) copied();
      } catch (e) { /* nothing to do: the link is not copied */ }
      copying = false;
      d.body.removeChild(area);
    }
    if (nav.clipboard && w.isSecureContext) nav.clipboard.writeText(text).then(copied, fallback);
    else fallback();
  }

  function open(channel, link, button) {
    var e = encodeURIComponent;
    var title = d.title;
    var url = {
      whatsapp: "https://wa.me/?text=" + e(title + " " + link),
      telegram: "https://t.me/share/url?url=" + e(link) + "&text=" + e(title),
      x: "https://x.com/intent/post?url=" + e(link) + "&text=" + e(title),
      facebook: "https://www.facebook.com/sharer/sharer.php?u=" + e(link),
      linkedin: "https://www.linkedin.com/sharing/share-offsite/?url=" + e(link),
      email: "mailto:?subject=" + e(title) + "&body=" + e(link),
      sms: "sms:?&body=" + e(title + " " + link)
    }[channel];
    if (channel === "copy") copyText(link, button);
    else if (channel === "share") nav.share({ title: title, url: link }).catch(function () {});
    else if (channel === "email" || channel === "sms") loc.href = url;
    else w.open(url, "_blank", "noopener");
  }

  function share(channel, button) {
    if (!quiet) send("share", { id: viewId, channel: channel });
    if (links[channel]) return open(channel, links[channel], button);
    mint(channel, safe(function (link) {
      if (link) links[channel] = link;
      open(channel, link || page(false), button);
    }));
  }

  function buttons() {
    var list = me.getAttribute("data-buttons");
    var into = list && d.querySelector(me.getAttribute("data-buttons-into") || "[data-lanterne-buttons]");
    if (!into) return;
    var said = words();
    if (!into.hasAttribute("aria-label") && !into.hasAttribute("aria-labelledby")) {
      into.setAttribute("role", "group");
      into.setAttribute("aria-label", me.getAttribute("data-buttons-label") || said.group);
    }
    list.split(",").forEach(function (name) {
      var channel = name.replace(/\s/g, "");
      if (!LABELS.hasOwnProperty(channel) || (channel === "share" && !nav.share)) return;
      var button = d.createElement("button");
      button.type = "button";
      button.className = "lanterne-share lanterne-share-" + channel;
      button.setAttribute("data-channel", channel);
      button.textContent = me.getAttribute("data-label-" + channel) || LABELS[channel] || said[channel];
      button.addEventListener("click", safe(function () { share(channel, button); }));
      into.appendChild(button);
    });
  }

  var start = safe(function () {
    view();
    buttons();
    if (me.hasAttribute("data-copy") && !quiet) {
      d.addEventListener("copy", safe(function () {
        // What was copied is never read, let alone sent.
        if (!copying) send("copy", { id: viewId });
      }));
    }
  });
  if (d.readyState === "loading") d.addEventListener("DOMContentLoaded", start);
  else start();
})(window, document);
