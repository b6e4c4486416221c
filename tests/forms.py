"""Read a rendered HTML form back into POST data, as a browser would submit it unchanged."""

from html.parser import HTMLParser


class _Form(HTMLParser):
    def __init__(self):
        super().__init__()
        self.data, self.textarea, self.select, self.option_value, self.selected_seen = {}, None, None, None, {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.data.setdefault(name, []).append(attrs.get("value", "on"))
                return
            self.data.setdefault(name, []).append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self.textarea = name
            self.data.setdefault(name, []).append("")
        elif tag == "select" and name:
            self.select = name
            self.selected_seen[name] = False
        elif tag == "option" and self.select:
            if "selected" in attrs:
                self.data.setdefault(self.select, []).append(attrs.get("value", ""))
                self.selected_seen[self.select] = True

    def handle_endtag(self, tag):
        if tag == "textarea":
            # As in browsers, a newline straight after <textarea> is not part of the value.
            value = self.data[self.textarea][-1]
            self.data[self.textarea][-1] = value[1:] if value.startswith("\n") else value
            self.textarea = None
        elif tag == "select":
            if self.select and not self.selected_seen.get(self.select):
                self.data.setdefault(self.select, [])
            self.select = None

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea][-1] += data


def form_data(html):
    parser = _Form()
    parser.feed(html)
    return {name: values if len(values) > 1 else (values[0] if values else "") for name, values in parser.data.items()}
