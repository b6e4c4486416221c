"""An item's minutes as HTML, from the shared ordered walk (`rendering.walk` → `rendering.list_events`).

This is the one hot loop of the meeting and item pages: a 20-item meeting holds hundreds of paragraphs, and rendering
them through three nested template includes took two thirds of the page's time. Here it is plain string building.
The markup is fixed strings; every piece of the record's text, labels and anchors included, goes through `esc`
(the same escaping as Django's autoescape), so nothing a clerk typed is ever taken as HTML.
"""

from html import escape

from django.utils.safestring import SafeString


def esc(value):
    """Django's autoescape of one value: & < > " ' become entities."""
    return escape(str(value))


def labelled_html(paras):
    """Response paragraphs or resolution clauses: a list when they carry labels ('1.', '(a)'), else paragraphs."""
    if not paras:
        return "\n"
    if paras[0].label:
        out = ['<ol class="points">']
        for p in paras:
            value = p.value
            out.append(
                f'<li{f' value="{value}"' if value else ""}><span class="label">{esc(p.label)}</span>'
                f'<div class="content"><p>{esc(p.text)}</p></div></li>'
            )
        out.append("</ol>")
    else:
        out = [f"<p>{esc(p.label) + ' ' if p.label else ''}{esc(p.text)}</p>" for p in paras]
    out.append("\n")
    return "".join(out)


def block_html(block, hl):
    """One paragraph-level block (a point, sub-heading, note, question, resolution or an exempt item's summary)."""
    obj, paras, kind = block.obj, block.extra.get("paras", []), block.kind
    out = ['<div class="content">']
    if kind == "heading":
        out.append(f'<h{hl} class="minutes-heading">{" ".join(esc(p) for p in paras)}</h{hl}>')
    elif kind == "question":
        if obj.heading:
            out.append(f'<h{hl} class="question-heading">{esc(obj.heading)}</h{hl}>')
        last = len(paras) - 1
        for index, p in enumerate(paras):
            inline = index == last and obj.response_inline
            response = f' <span class="response">{esc(obj.response)}</span>' if inline else ""
            out.append(f'<p class="question">{esc(p)}{response}</p>')
        if obj.asked_by_text:
            out.append(f'<p class="attribution">{esc(obj.asked_by_text)}</p>')
        if not obj.response_inline:
            out.append(labelled_html(block.extra["response"]))
    elif kind == "resolution":
        lead_in = f"<strong>{esc(obj.lead_in)}</strong>" if obj.lead_in else ""
        if not paras:
            out.append(f'<p class="resolution"><strong>{esc(obj.lead_in)}</strong></p>')
        for index, p in enumerate(paras):
            out.append(f'<p class="resolution">{lead_in + " " if index == 0 and lead_in else ""}{esc(p)}</p>')
        out.append(labelled_html(block.extra["clauses"]))
    else:
        css = "" if kind == "point" else f' class="{esc(kind)}"'
        out += [f"<p{css}>{esc(p)}</p>" for p in paras]
    out.append("</div>\n")
    return "".join(out)


def opening_class(block):
    """A labelled block that opens with a heading says so, for print's layout of its label (print-minutes.css): a
    class, where a `:has()` selector made WeasyPrint walk every list item's subtree (a third of a meeting's render)."""
    if block.kind == "heading":
        return ' class="opens-heading sub-heading"'
    if block.kind == "question" and block.obj.heading:
        return ' class="opens-heading"'
    return ""


def minutes_html(events, hl):
    """The minutes of one item: labelled blocks as <li>s of <ol>/<ul> lists (label as written, `value` for plain
    numbers), unlabelled ones as blocks; `hl` is the heading level of sub-headings and question headings."""
    out = []
    for event in events:
        op = event.op
        if op == "open":
            out.append(f'<{event.tag} class="points">')
        elif op == "close":
            out.append(f"</{event.tag}>")
        elif op == "end":
            out.append("</li>\n")
        elif op == "item":
            block = event.block
            value = block.value
            out.append(
                f'<li{f' value="{value}"' if value else ""}{opening_class(block)} id="{esc(block.anchor)}">'
                f'<span class="label">{esc(block.label)}</span>{block_html(block, hl)}\n'
            )
        else:
            block = event.block
            out.append(f'<div class="block" id="{esc(block.anchor)}">{block_html(block, hl)}</div>\n')
    out.append("\n")
    return SafeString("".join(out))
