// The item editor's typing helpers and live preview. The page works without this file: the Preview button posts
// the form, and the server renumbers labels when it saves. Loaded as a file: the CSP allows no inline script.
(function () {
  "use strict";

  var BULLET = "·         "; // the published layout's bullet and gap (rendering.BULLET_GAP)
  var GAP = "    "; // after a number (rendering.NUMBER_GAP)
  var NUMBERED = /^(\(?)(\d{1,3})([.)])(?=\s)/;

  var form = document.getElementById("item-editor");
  if (!form) return;
  var box = form.querySelector("textarea.editor-text");
  var preview = document.getElementById("editor-preview");
  if (!box || box.readOnly) return;

  form.querySelectorAll(".editor-toolbar, .editor-keys").forEach(function (el) {
    el.hidden = false;
  });

  // Replace a range of the text, keeping the browser's undo history where it can.
  function replace(start, end, text, selectFrom, selectTo) {
    box.focus();
    box.setSelectionRange(start, end);
    var done = false;
    try {
      done = document.execCommand("insertText", false, text);
    } catch (e) {
      done = false;
    }
    if (!done) {
      box.setRangeText(text, start, end, "end");
      box.dispatchEvent(new Event("input", { bubbles: true }));
    }
    if (selectFrom !== undefined) box.setSelectionRange(selectFrom, selectTo);
  }

  // Paragraphs are separated by blank lines: [start, end) of the one holding `at`.
  function paragraphAt(text, at) {
    var start = text.lastIndexOf("\n\n", Math.max(0, at - 1));
    start = start < 0 ? 0 : start + 2;
    while (start < text.length && text[start] === "\n") start++;
    var end = text.indexOf("\n\n", at);
    if (end < 0) end = text.length;
    if (start > end) start = end;
    return [start, end];
  }

  function paragraphs(text) {
    return text.split(/\n[ \t\u00a0]*\n/);
  }

  // Plain numbered labels count on from the first of their shape; a shape seen earlier ('1.') restarts the runs of
  // shapes first seen after it ('(1)' under a point), as the server's renumbering does by depth.
  function renumbered(text) {
    var order = [];
    var runs = {};
    return paragraphs(text)
      .map(function (p) {
        var m = NUMBERED.exec(p);
        if (!m) return p;
        var shape = m[1] + "#" + m[3];
        var at = order.indexOf(shape);
        if (at < 0) {
          order.push(shape);
        } else {
          order.slice(at + 1).forEach(function (deeper) {
            delete runs[deeper];
          });
        }
        var n = runs[shape] === undefined ? parseInt(m[2], 10) : runs[shape] + 1;
        runs[shape] = n;
        return m[1] + n + m[3] + p.slice(m[0].length);
      })
      .join("\n\n");
  }

  function renumber() {
    var text = box.value;
    var next = renumbered(text);
    if (next === text) return;
    var caret = box.selectionStart + (next.length - text.length);
    replace(0, text.length, next, caret, caret);
  }

  function nextNumber(before) {
    var found = null;
    paragraphs(before).forEach(function (p) {
      var m = /^(\d{1,3})\.(?=\s)/.exec(p);
      if (m) found = parseInt(m[1], 10);
    });
    return (found || 0) + 1;
  }

  // Start a new paragraph at the caret (or use the empty line the caret is on) with `prefix`.
  function insertParagraph(prefix, placeholder) {
    var text = box.value;
    var at = box.selectionEnd;
    var lineStart = text.lastIndexOf("\n", at - 1) + 1;
    var atEmptyLine = text.slice(lineStart, at).trim() === "";
    var para = paragraphAt(text, at);
    var insertAt = atEmptyLine ? at : para[1];
    var lead = atEmptyLine ? "" : "\n\n";
    if (!atEmptyLine && insertAt === text.length && !text.endsWith("\n")) lead = "\n\n";
    var piece = lead + prefix + (placeholder || "");
    var caret = insertAt + lead.length + prefix.length;
    replace(insertAt, insertAt, piece, caret, caret + (placeholder || "").length);
  }

  var inserts = {
    bullet: function () {
      insertParagraph(BULLET);
    },
    point: function () {
      insertParagraph(nextNumber(box.value.slice(0, box.selectionEnd)) + "." + GAP);
      renumber();
    },
    resolved: function () {
      insertParagraph("RESOLVED that ");
    },
    heading: function () {
      insertParagraph("", "Sub-heading");
    },
    renumber: renumber,
  };

  form.querySelectorAll(".editor-toolbar [data-insert]").forEach(function (button) {
    button.addEventListener("click", function () {
      inserts[button.dataset.insert]();
      box.focus();
    });
  });

  // Alt+Up / Alt+Down: swap the caret's paragraph with its neighbour, then renumber.
  function move(direction) {
    var text = box.value;
    var parts = paragraphs(text);
    var at = box.selectionStart;
    var offset = 0;
    var index = 0;
    for (var i = 0; i < parts.length; i++) {
      if (at <= offset + parts[i].length) {
        index = i;
        break;
      }
      offset += parts[i].length + 2;
      index = i + 1;
    }
    var other = index + direction;
    if (index >= parts.length || other < 0 || other >= parts.length) return;
    var within = at - offset;
    var moving = parts[index];
    parts[index] = parts[other];
    parts[other] = moving;
    var moved = renumbered(parts.join("\n\n"));
    var start = 0;
    var movedParts = paragraphs(moved);
    for (var k = 0; k < other; k++) start += movedParts[k].length + 2;
    var caret = start + Math.min(within, movedParts[other].length);
    replace(0, text.length, moved, caret, caret);
  }

  box.addEventListener("keydown", function (event) {
    if (event.altKey && !event.ctrlKey && (event.key === "ArrowUp" || event.key === "ArrowDown")) {
      event.preventDefault();
      move(event.key === "ArrowUp" ? -1 : 1);
      return;
    }
    if (event.ctrlKey && event.altKey) {
      var which = { b: "bullet", n: "point", r: "resolved", h: "heading" }[event.key.toLowerCase()];
      if (which) {
        event.preventDefault();
        inserts[which]();
      }
    }
  });

  // '- ' or '* ' typed at the start of a line is a bullet.
  box.addEventListener("input", function (event) {
    if (event.inputType !== "insertText" || event.data !== " ") return;
    var at = box.selectionStart;
    var lineStart = box.value.lastIndexOf("\n", at - 1) + 1;
    var typed = box.value.slice(lineStart, at);
    if (typed === "- " || typed === "* ") replace(lineStart, at, BULLET);
  });

  // The live preview: the server renders the text with the public page's code, a moment after typing stops.
  var timer = null;
  var sent = 0;
  function refresh() {
    var number = ++sent;
    var data = new FormData();
    data.append("text", box.value);
    data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    fetch(preview.dataset.url, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) {
        // Signed out meanwhile (the admin redirects to its login page): keep the last preview, marked stale.
        if (!response.ok || response.redirected) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        if (number !== sent) return;
        preview.innerHTML = html;
        preview.removeAttribute("data-stale");
      })
      .catch(function () {
        if (number === sent) preview.setAttribute("data-stale", "true");
      });
  }
  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  });
})();
