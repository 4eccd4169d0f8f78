// Uploads in the composer: pick a file, drop it or paste an image into the text;
// it goes to POST /api/v1/uploads with a progress bar, and its Markdown is put at
// the cursor (the live preview then shows it). Also the lightbox for full images.
// Everything here has a plain-HTML fallback: the Attach button, and image links.
(function () {
  "use strict";
  if (window.meridianUploads) { return; }  // htmx may run this script again
  window.meridianUploads = true;

  function csrfToken(form) {
    var field = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    if (field) { return field.value; }
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function boxFor(element) {
    var form = element.closest("form");
    return form && form.querySelector(".composer-upload");
  }

  function insertAtCursor(textarea, text) {
    var start = textarea.selectionStart, end = textarea.selectionEnd;
    var before = textarea.value.slice(0, start);
    var pad = before && !/\n\n$/.test(before) ? (/\n$/.test(before) ? "\n" : "\n\n") : "";
    textarea.focus();
    textarea.setRangeText(pad + text + "\n", start, end, "end");
    // The live preview listens for input.
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function upload(box, file) {
    var textarea = document.getElementById(box.dataset.uploadTarget);
    var progress = box.querySelector("[data-upload-progress]");
    var status = box.querySelector("[data-upload-status]");
    var body = new FormData();
    body.append("file", file, file.name || "pasted-image.png");
    var request = new XMLHttpRequest();
    request.open("POST", box.dataset.uploadUrl);
    request.setRequestHeader("X-CSRFToken", csrfToken(box.closest("form")));
    request.setRequestHeader("Accept", "application/json");
    progress.hidden = false;
    progress.value = 0;
    status.textContent = "Uploading " + (file.name || "image") + "…";
    request.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) { progress.value = Math.round(100 * event.loaded / event.total); }
    });
    request.addEventListener("load", function () {
      progress.hidden = true;
      var answer = {};
      try { answer = JSON.parse(request.responseText); } catch (e) { /* not JSON */ }
      if (request.status === 201) {
        insertAtCursor(textarea, answer.markdown);
        status.textContent = "Attached " + answer.name + ".";
      } else {
        status.textContent = answer.detail || ("The upload failed (" + request.status + ").");
      }
    });
    request.addEventListener("error", function () {
      progress.hidden = true;
      status.textContent = "The upload failed: the connection was lost. Try again.";
    });
    request.send(body);
  }

  function uploadAll(box, files) {
    for (var i = 0; i < files.length; i++) { upload(box, files[i]); }
  }

  // Removed rather than hidden: pressing Enter in the title must submit the topic,
  // not this first submit button of the form.
  function enhance(root) {
    root.querySelectorAll("[data-upload-nojs]").forEach(function (button) { button.remove(); });
  }
  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:afterSwap", function (event) { enhance(event.target); });
  enhance(document);

  document.addEventListener("change", function (event) {
    var input = event.target.closest("[data-upload-input]");
    if (!input || !input.files.length) { return; }
    uploadAll(boxFor(input), input.files);
    input.value = "";
  });

  document.addEventListener("paste", function (event) {
    var textarea = event.target.closest("textarea.composer-body");
    var box = textarea && boxFor(textarea);
    if (!box || !event.clipboardData) { return; }
    var files = Array.prototype.filter.call(event.clipboardData.files || [], function (file) {
      return /^image\//.test(file.type);
    });
    if (!files.length) { return; }
    event.preventDefault();
    uploadAll(box, files);
  });

  document.addEventListener("dragover", function (event) {
    if (event.target.closest && event.target.closest("textarea.composer-body")) {
      event.preventDefault();
    }
  });
  document.addEventListener("drop", function (event) {
    var textarea = event.target.closest && event.target.closest("textarea.composer-body");
    var box = textarea && boxFor(textarea);
    if (!box || !event.dataTransfer || !event.dataTransfer.files.length) { return; }
    event.preventDefault();
    uploadAll(box, event.dataTransfer.files);
  });

  // The lightbox: a full image over the page; Escape, a click or Close ends it.
  // Without JavaScript the thumbnail is a plain link to the full image.
  function closeLightbox() {
    var open = document.querySelector(".lightbox-overlay");
    if (open) { open.remove(); }
  }
  document.addEventListener("click", function (event) {
    if (event.target.closest(".lightbox-overlay")) { closeLightbox(); return; }
    var link = event.target.closest("a.lightbox");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    event.preventDefault();
    var overlay = document.createElement("div");
    overlay.className = "lightbox-overlay";
    overlay.setAttribute("role", "dialog");
    overlay.setAttribute("aria-modal", "true");
    overlay.setAttribute("aria-label", "Full image");
    var image = document.createElement("img");
    image.src = link.getAttribute("href");
    image.alt = (link.querySelector("img") || {}).alt || "";
    var close = document.createElement("button");
    close.type = "button";
    close.className = "button";
    close.textContent = "Close";
    overlay.append(image, close);
    document.body.append(overlay);
    close.focus();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { closeLightbox(); }
  });
})();
