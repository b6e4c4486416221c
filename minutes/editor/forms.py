from django import forms

from ..importer.reader import MAX_BYTES


class EditorForm(forms.Form):
    text = forms.CharField(
        label="Minutes",
        required=False,
        strip=False,
        max_length=MAX_BYTES,
        help_text="In the published layout: one paragraph per blank-line-separated block; '1.' numbers a point, "
        "'·' (or '- ') a bullet, 'RESOLVED that …' a resolution.",
        widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "true", "class": "editor-text"}),
    )
    # The item's version when the page was opened: a save from an older page is refused (optimistic locking).
    version = forms.IntegerField(widget=forms.HiddenInput)
    # The text as it was when the page was opened, so a refused save can show what the other clerk changed.
    base = forms.CharField(required=False, strip=False, widget=forms.Textarea(attrs={"hidden": True}))
    change_reason = forms.CharField(
        required=False,
        max_length=500,
        label="Reason for the correction",
        help_text="These minutes are approved: say what was wrong and on whose authority it is corrected. "
        "The reason is published with the correction.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MeetingEditorForm(EditorForm):
    text = forms.CharField(
        label="Agenda and minutes",
        required=False,
        strip=False,
        max_length=MAX_BYTES,
        help_text="The meeting page in the published layout: each item's number ('19.'), title, 'Minutes:' and its "
        "minutes. Items are matched to this meeting's by number and title; the heading lines are for reading only.",
        widget=forms.Textarea(attrs={"rows": 36, "spellcheck": "true", "class": "editor-text"}),
    )
    # The meeting's and its items' versions when the page was opened (see merge.versions_token).
    version = forms.CharField(widget=forms.HiddenInput, max_length=10000)
