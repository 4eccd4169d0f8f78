// The composer's aids, with JavaScript only (without it the textarea is plain
// Markdown and nothing here appears): a formatting toolbar, completions for
// @people and #places, and a category's topic template in an empty composer.
(function () {
  "use strict";

  // [label, before, after, placeholder, whole lines]
  var ACTIONS = [
    ["Bold", "**", "**", "bold text", false],
    ["Italic", "*", "*", "italic text", false],
    ["Link", "[", "](https://)", "link text", false],
    ["Quote", "> ", "", "quoted text", true],
    ["Code", "`", "`", "code", false],
    ["Math", "$", "$", "x^2", false],
    ["List", "- ", "", "item", true]
  ];

  function wrap(textarea, action) {
    var start = textarea.selectionStart, end = textarea.selectionEnd;
    var value = textarea.value;
    var chosen = value.slice(start, end) || action[3];
    var before = action[1], after = action[2];
    if (action[4]) {
      chosen = chosen.split("\n").map(function (line) { return before + line; }).join("\n");
      before = "";
      if (start > 0 && value[start - 1] !== "\n") { before = "\n"; }
    } else if (action[0] === "Code" && chosen.indexOf("\n") !== -1) {
      before = "```\n"; after = "\n```";
    }
    textarea.value = value.slice(0, start) + before + chosen + after + value.slice(end);
    textarea.focus();
    textarea.setSelectionRange(start + before.length, start + before.length + chosen.length);
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function addToolbar(textarea) {
    var bar = document.createElement("div");
    bar.className = "composer-toolbar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "Formatting");
    bar.setAttribute("aria-controls", textarea.id);
    ACTIONS.forEach(function (action) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "toolbar-button";
      button.textContent = action[0];
      button.dataset.format = action[0].toLowerCase();
      button.addEventListener("click", function () { wrap(textarea, action); });
      bar.appendChild(button);
    });
    var upload = document.getElementById(textarea.id + "-file");
    if (upload) {
      var attach = document.createElement("button");
      attach.type = "button";
      attach.className = "toolbar-button";
      attach.textContent = "Upload";
      attach.dataset.format = "upload";
      attach.addEventListener("click", function () { upload.click(); });
      bar.appendChild(attach);
    }
    textarea.parentNode.insertBefore(bar, textarea);
  }

  // Completions: the word before the caret, when it starts with @ or #.
  function addCompletions(textarea, url) {
    var list = document.createElement("ul");
    list.className = "composer-completions";
    list.id = textarea.id + "-completions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggestions");
    list.hidden = true;
    textarea.parentNode.insertBefore(list, textarea.nextSibling);
    textarea.setAttribute("aria-autocomplete", "list");
    textarea.setAttribute("aria-controls", list.id);
    // `asked` is the last query sent; a reply to an older one, or one that
    // arrives after the list was closed (Escape, blur), is dropped.
    var active = -1, asked = "", token = null;

    function current() {
      var upto = textarea.value.slice(0, textarea.selectionStart);
      var match = /(^|\s)([@#][\w.-]+)$/.exec(upto);
      return match ? { text: match[2], start: upto.length - match[2].length } : null;
    }
    function close() {
      asked = "";
      list.hidden = true; list.innerHTML = ""; active = -1;
      textarea.removeAttribute("aria-activedescendant");
    }
    function choose(value) {
      var end = token.start + token.text.length;
      textarea.value = textarea.value.slice(0, token.start) + value + " " + textarea.value.slice(end);
      var caret = token.start + value.length + 1;
      textarea.setSelectionRange(caret, caret);
      close();
      textarea.focus();
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    }
    function highlight(index) {
      var items = list.querySelectorAll("li");
      items.forEach(function (item, i) { item.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (items[index]) { textarea.setAttribute("aria-activedescendant", items[index].id); }
    }
    function show(results) {
      list.innerHTML = "";
      results.forEach(function (result, i) {
        var item = document.createElement("li");
        item.id = list.id + "-" + i;
        item.setAttribute("role", "option");
        item.dataset.value = result.value;
        item.textContent = result.label;
        item.addEventListener("mousedown", function (event) { event.preventDefault(); choose(result.value); });
        list.appendChild(item);
      });
      list.hidden = results.length === 0;
      highlight(results.length ? 0 : -1);
    }

    textarea.addEventListener("input", function () {
      token = current();
      if (!token) { close(); return; }
      if (token.text === asked) { return; }
      var query = asked = token.text;
      fetch(url + "?q=" + encodeURIComponent(query), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (asked === query) { show(data.results || []); } })
        .catch(function () { if (asked === query) { close(); } });
    });
    textarea.addEventListener("keydown", function (event) {
      if (list.hidden) { return; }
      var count = list.querySelectorAll("li").length;
      if (event.key === "ArrowDown") { event.preventDefault(); highlight((active + 1) % count); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight((active - 1 + count) % count); }
      else if (event.key === "Enter" || event.key === "Tab") {
        event.preventDefault();
        choose(list.querySelectorAll("li")[Math.max(active, 0)].dataset.value);
      } else if (event.key === "Escape") { event.stopPropagation(); close(); }
    });
    textarea.addEventListener("blur", close);
  }

  // A category's template goes into an empty composer (or replaces the template
  // of the category chosen before, untouched).
  function addTemplates(form) {
    var data = document.getElementById("topic-templates");
    var select = form.querySelector("select[name=category]");
    var textarea = form.querySelector("textarea.composer-body");
    if (!data || !select || !textarea) { return; }
    var templates = JSON.parse(data.textContent);
    var inserted = textarea.value && templates[select.value] === textarea.value ? textarea.value : null;
    select.addEventListener("change", function () {
      var template = templates[select.value];
      if (textarea.value.trim() && textarea.value !== inserted) { return; }
      textarea.value = template || "";
      inserted = template || null;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    });
  }

  // htmx may bring a fresh composer (and this script) again: each once.
  document.querySelectorAll("textarea.composer-body:not([data-composer-ready])").forEach(function (textarea) {
    textarea.dataset.composerReady = "true";
    addToolbar(textarea);
    if (textarea.dataset.completeUrl) { addCompletions(textarea, textarea.dataset.completeUrl); }
  });
  document.querySelectorAll("form.composer-form:not([data-templates-ready])").forEach(function (form) {
    form.dataset.templatesReady = "true";
    addTemplates(form);
  });
})();
