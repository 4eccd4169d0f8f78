// Reading helpers: report posts seen (batched "timings"), quote a selection into the
// reply box, and keep composer drafts on the server. The site works without this.
(function () {
  "use strict";

  function csrfToken() {
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function post(url, data) {
    var body = new URLSearchParams(data);
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() }
    });
  }

  // Timings: remember the highest post number seen, send it every few seconds.
  function trackReading(topic) {
    var url = topic.dataset.timingsUrl;
    var reported = parseInt(topic.dataset.lastRead || "0", 10);
    var highest = reported;
    var lastReportAt = Date.now();
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          var number = parseInt(entry.target.dataset.postNumber, 10);
          if (number > highest) { highest = number; }
        }
      });
    }, { threshold: 0.5 });
    function observeAll() {
      topic.querySelectorAll(".post[data-post-number]").forEach(function (el) {
        if (!el.dataset.observed) { el.dataset.observed = "1"; observer.observe(el); }
      });
    }
    observeAll();
    document.body.addEventListener("htmx:afterSettle", observeAll);
    function flush() {
      if (highest > reported) {
        var sending = highest;
        var seconds = Math.round((Date.now() - lastReportAt) / 1000);
        lastReportAt = Date.now();
        post(url, { post_number: sending, seconds: seconds }).then(function (response) {
          if (response.ok) { reported = Math.max(reported, sending); }
        });
      }
    }
    setInterval(flush, 3000);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { flush(); }
    });
  }

  // Quote: select text in a post, press the button, the reply box gets a quote.
  function setUpQuoting() {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "quote-button button";
    button.textContent = "❝ Quote";
    button.hidden = true;
    document.body.appendChild(button);
    var pending = null;

    document.addEventListener("selectionchange", function () {
      var selection = window.getSelection();
      var text = selection ? selection.toString().trim() : "";
      var postEl = text && selection.anchorNode && selection.anchorNode.parentElement &&
        selection.anchorNode.parentElement.closest(".post .cooked");
      var textarea = document.querySelector("#reply textarea");
      if (!postEl || !textarea) { button.hidden = true; pending = null; return; }
      var section = postEl.closest(".post");
      var rect = selection.getRangeAt(0).getBoundingClientRect();
      pending = { text: text, post: section };
      button.style.top = (window.scrollY + rect.bottom + 6) + "px";
      button.style.left = (window.scrollX + rect.left) + "px";
      button.hidden = false;
    });

    button.addEventListener("mousedown", function (event) { event.preventDefault(); });
    button.addEventListener("click", function () {
      if (!pending) { return; }
      var textarea = document.querySelector("#reply textarea");
      var post = pending.post;
      var lines = pending.text.split("\n").map(function (line) { return line ? "> " + line : ">"; });
      var quote = "> **@" + post.dataset.author + "** [wrote](" + post.dataset.postUrl + "):\n" +
        lines.join("\n") + "\n\n";
      textarea.value = (textarea.value ? textarea.value.replace(/\s*$/, "\n\n") : "") + quote;
      var replyTo = document.querySelector("#reply input[name=reply_to_post_number]");
      if (replyTo && !replyTo.value) { replyTo.value = post.dataset.postNumber; }
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
      textarea.focus();
      button.hidden = true;
      window.getSelection().removeAllRanges();
    });
  }

  // Drafts: save the composer as the member types; offer to discard a restored draft.
  function keepDrafts(form) {
    var url = form.dataset.draftUrl;
    var timer = null;
    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var data = {};
        new FormData(form).forEach(function (value, name) {
          if (name !== "csrfmiddlewaretoken") { data[name] = value; }
        });
        post(url, data);
      }, 1500);
    });
    form.addEventListener("submit", function () { clearTimeout(timer); });
    var discard = form.querySelector("[data-discard-draft]");
    if (discard) {
      discard.addEventListener("click", function () {
        post(url, { discard: "1" }).then(function () {
          form.querySelector("textarea").value = "";
          discard.closest(".draft-notice").remove();
        });
      });
    }
  }

  function init() {
    var topic = document.querySelector(".topic[data-timings-url]");
    if (topic && "IntersectionObserver" in window) { trackReading(topic); }
    setUpQuoting();
    document.querySelectorAll("form[data-draft-url]").forEach(keepDrafts);
  }

  document.addEventListener("DOMContentLoaded", init);
  document.body && document.body.addEventListener("htmx:afterSettle", function (event) {
    var form = event.target.querySelector && event.target.querySelector("form[data-draft-url]");
    if (form) { keepDrafts(form); }
  });
})();
