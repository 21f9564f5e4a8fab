/*
 * Capaian boot script: the first script of taskpane.html and commands.html after Office.js.
 *
 * Hand-written ES5 (no build step, no transpiled code) because it must parse and run in every
 * browser an Excel host may use for add-ins, including Internet Explorer 11 (Trident) and the old
 * Microsoft Edge (EdgeHTML) of Excel 2016/2019 perpetual and older Microsoft 365 builds.
 * tests/taskpane/boot.test.ts parses it as ECMAScript 5 (acorn, ecmaVersion 5).
 *
 * - Modern host (WebView2, Safari/WKWebView, a browser for Excel on the web): it adds the page's
 *   bundle(s), named in its data-bundle attribute, and does nothing else.
 * - Trident or EdgeHTML (navigator.userAgent contains "Trident/" or "Edge/"): the ES2020 + React 19
 *   bundle cannot run there, so it is never loaded. Instead the page shows a bilingual message
 *   (Bahasa Indonesia / English, the display language first): which Excel versions run Capaian,
 *   that Excel on the web opens the same file, and that the `capaian` command line works on the same
 *   files. The ribbon's "Check sheet" (FunctionName checkSheet) is defined here: it shows the same
 *   message in an Office dialog (the only surface a ribbon command has in Excel; Excel has no
 *   notification bar for add-ins) and completes the event when the dialog closes, or at once when
 *   no dialog can be shown. The workbook is never touched.
 */
/* ES5 has no optional catch binding: unused catch parameters are allowed here. */
/* eslint @typescript-eslint/no-unused-vars: ["error", { "caughtErrors": "none" }] */
(function (w) {
  "use strict";
  var d = w.document;

  var MESSAGES = {
    id: {
      title: "Capaian tidak dapat berjalan di Excel ini",
      reason:
        "Excel ini menampilkan add-in dengan Internet Explorer 11 atau Microsoft Edge versi lama (EdgeHTML), " +
        "yang tidak dapat menjalankan Capaian. Tidak ada yang diubah pada buku kerja Anda.",
      worksIn: "Capaian berjalan di:",
      hosts: [
        "Microsoft 365 dan Excel 2021 atau lebih baru di Windows, dengan Microsoft Edge WebView2",
        "Excel untuk Mac",
        "Excel di web (Excel for the web), di browser modern apa pun"
      ],
      fix:
        "Di Windows, memasang Microsoft Edge WebView2 Runtime (dan memperbarui Microsoft 365) sering sudah cukup; " +
        "Excel 2019 versi ritel pun lalu menjalankan Capaian. Excel 2019 berlisensi volume selalu memakai Internet Explorer.",
      web:
        "Buka berkas yang sama di Excel di web (misalnya dari OneDrive atau SharePoint) dan pakai Capaian di sana: " +
        "berkasnya tetap sama.",
      cli:
        "Perintah baris capaian (capaian check, capaian fill) juga memeriksa dan mengisi berkas .xlsx yang sama, tanpa Excel.",
      close: "Tutup"
    },
    en: {
      title: "Capaian cannot run in this Excel",
      reason:
        "This Excel shows add-ins with Internet Explorer 11 or the old Microsoft Edge (EdgeHTML), " +
        "which cannot run Capaian. Nothing in your workbook was changed.",
      worksIn: "Capaian works in:",
      hosts: [
        "Microsoft 365 and Excel 2021 or later on Windows, with Microsoft Edge WebView2",
        "Excel for Mac",
        "Excel on the web, in any modern browser"
      ],
      fix:
        "On Windows, installing the Microsoft Edge WebView2 Runtime (and updating Microsoft 365) is often enough; " +
        "retail Excel 2019 then runs Capaian too. Volume-licensed Excel 2019 always uses Internet Explorer.",
      web:
        "Open the same file in Excel on the web (for example from OneDrive or SharePoint) and use Capaian there: " +
        "it is the same file.",
      cli: "The capaian command line (capaian check, capaian fill) checks and fills the same .xlsx files, without Excel.",
      close: "Close"
    }
  };

  /** Trident (Internet Explorer 11) or EdgeHTML (the old Edge; Chromium Edge says "Edg/"). */
  function isLegacyHost(userAgent) {
    var ua = String(userAgent || "");
    return ua.indexOf("Trident/") >= 0 || ua.indexOf("Edge/") >= 0;
  }

  /** "id" for Indonesian (id-ID, id, and the legacy code in-ID), else "en". */
  function languageOf(tag) {
    var t = String(tag || "").toLowerCase();
    return t === "id" || t === "in" || t.indexOf("id-") === 0 || t.indexOf("in-") === 0 ? "id" : "en";
  }

  function browserLanguage() {
    var n = w.navigator || {};
    return n.language || n.userLanguage || n.browserLanguage || "";
  }

  function officeLanguage() {
    try {
      return (w.Office && w.Office.context && w.Office.context.displayLanguage) || "";
    } catch (e) {
      return "";
    }
  }

  function el(tag, text, attrs) {
    var node = d.createElement(tag);
    if (text) node.appendChild(d.createTextNode(text));
    if (attrs) {
      for (var k in attrs) {
        if (Object.prototype.hasOwnProperty.call(attrs, k)) node.setAttribute(k, attrs[k]);
      }
    }
    return node;
  }

  function section(lang) {
    var m = MESSAGES[lang];
    var box = el("section", "", { lang: lang, "data-lang": lang });
    box.appendChild(el("h1", m.title, { style: "font-size:18px;margin:0 0 8px" }));
    box.appendChild(el("p", m.reason));
    box.appendChild(el("p", m.worksIn, { style: "margin-bottom:4px" }));
    var list = el("ul", "", { style: "margin-top:0;padding-left:20px" });
    for (var i = 0; i < m.hosts.length; i++) list.appendChild(el("li", m.hosts[i]));
    box.appendChild(list);
    box.appendChild(el("p", m.fix));
    box.appendChild(el("p", m.web));
    box.appendChild(el("p", m.cli));
    return box;
  }

  function inDialog() {
    return String(w.location && w.location.search).indexOf("capaian=unsupported") >= 0;
  }

  /** Shows the message (both languages, `lang` first) in place of the task pane. */
  function render(lang) {
    var first = lang === "id" ? "id" : "en";
    var second = first === "id" ? "en" : "id";
    var old = d.getElementById("capaian-unsupported");
    if (old && old.parentNode) old.parentNode.removeChild(old);
    var box = el("div", "", {
      id: "capaian-unsupported",
      role: "alert",
      "data-testid": "capaian-unsupported",
      "data-lang": first,
      style: "font-family:'Segoe UI',Tahoma,Arial,sans-serif;font-size:14px;line-height:1.45;padding:16px;color:#201f1e;max-width:560px"
    });
    box.appendChild(section(first));
    box.appendChild(el("hr", "", { style: "border:0;border-top:1px solid #c8c6c4;margin:16px 0" }));
    box.appendChild(section(second));
    if (inDialog()) {
      var button = el("button", MESSAGES[first].close + " / " + MESSAGES[second].close, { type: "button" });
      button.onclick = function () {
        try {
          w.Office.context.ui.messageParent("close");
        } catch (e) {
          /* not in an Office dialog */
        }
      };
      box.appendChild(button);
    }
    var host = d.getElementById("container") || d.body;
    if (host) host.appendChild(box);
    return box;
  }

  /** The ribbon command on a legacy host: the message in a dialog, then event.completed(). */
  function legacyCheckSheet(event) {
    var done = false;
    function complete() {
      if (done) return;
      done = true;
      try {
        if (event && typeof event.completed === "function") event.completed();
      } catch (e) {
        /* nothing more to do */
      }
    }
    try {
      var ui = w.Office && w.Office.context && w.Office.context.ui;
      if (!ui || typeof ui.displayDialogAsync !== "function") {
        complete();
        return;
      }
      var base = String(w.location.href).split("#")[0].split("?")[0].replace(/[^\/]*$/, "");
      var types = (w.Office && w.Office.EventType) || {};
      ui.displayDialogAsync(base + "taskpane.html?capaian=unsupported", { height: 60, width: 40, displayInIframe: true }, function (result) {
        if (!result || result.status !== "succeeded" || !result.value) {
          complete();
          return;
        }
        var dialog = result.value;
        dialog.addEventHandler(types.DialogMessageReceived || "dialogMessageReceived", function () {
          try {
            dialog.close();
          } catch (e) {
            /* already closed */
          }
          complete();
        });
        // the user closed the dialog (or it could not be shown)
        dialog.addEventHandler(types.DialogEventReceived || "dialogEventReceived", complete);
      });
    } catch (e) {
      complete();
    }
  }

  function loadBundles() {
    var boot = d.getElementById("capaian-boot");
    var list = String((boot && boot.getAttribute("data-bundle")) || "").split(/\s+/);
    var parent = (boot && boot.parentNode) || d.body || d.getElementsByTagName("head")[0];
    for (var i = 0; i < list.length; i++) {
      if (!list[i]) continue;
      var s = d.createElement("script");
      s.src = list[i];
      s.async = false; // in document order, like the deferred scripts they replace
      parent.appendChild(s);
    }
  }

  var legacy = isLegacyHost(w.navigator && w.navigator.userAgent);
  w.CapaianBoot = { legacy: legacy, isLegacyHost: isLegacyHost, languageOf: languageOf, messages: MESSAGES, render: render };

  if (!legacy) {
    loadBundles();
    return;
  }

  w.checkSheet = legacyCheckSheet;
  render(languageOf(browserLanguage()));
  var Office = w.Office;
  if (Office) {
    var ready = function () {
      var lang = officeLanguage();
      if (lang) render(languageOf(lang));
      try {
        if (Office.actions && typeof Office.actions.associate === "function") Office.actions.associate("checkSheet", legacyCheckSheet);
      } catch (e) {
        /* older hosts look up the global checkSheet */
      }
    };
    if (typeof Office.onReady === "function") Office.onReady(ready);
    else Office.initialize = ready;
  }
})(window);
