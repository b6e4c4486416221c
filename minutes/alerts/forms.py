from django import forms

from minutes import search as fulltext
from panels.models import Panel, Person

from .models import Subscription

EMAIL_INPUT = forms.EmailInput(attrs={"autocomplete": "email"})


class SignupForm(forms.Form):
    email = forms.EmailField(label="Your email address", max_length=254, widget=EMAIL_INPUT)
    kind = forms.ChoiceField(label="What to follow", choices=Subscription.Kind.choices, widget=forms.RadioSelect)
    panel = forms.ModelChoiceField(
        label="Panel", queryset=Panel.objects.all(), to_field_name="slug", required=False, empty_label="Choose a panel"
    )
    person = forms.ModelChoiceField(
        label="Member",
        queryset=Person.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Choose a member",
    )
    q = forms.CharField(label="Search words", max_length=fulltext.MAX_QUERY_LENGTH, required=False)
    on_agenda = forms.BooleanField(label="When an agenda is published", required=False, initial=True)
    on_minutes = forms.BooleanField(label="When minutes are published", required=False, initial=True)
    frequency = forms.ChoiceField(
        label="How often", choices=Subscription.Frequency.choices, initial=Subscription.Frequency.IMMEDIATE
    )

    def clean_q(self):
        query, _ = fulltext.clean_query(self.cleaned_data.get("q", ""))
        return query

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == Subscription.Kind.PANEL:
            if not data.get("panel"):
                self.add_error("panel", "Choose the panel to follow.")
            elif not (data.get("on_agenda") or data.get("on_minutes")):
                self.add_error("on_minutes", "Choose agendas, minutes or both.")
        elif kind == Subscription.Kind.MEMBER and not data.get("person"):
            self.add_error("person", "Choose the member to follow.")
        elif kind == Subscription.Kind.SEARCH and not (data.get("q") or data.get("panel")):
            self.add_error("q", "Enter the words to look out for (or choose a panel for all its new items).")
        return data

    def request_data(self):
        """What the confirmation link carries (signed): everything needed to create the subscription."""
        data = self.cleaned_data
        kind = data["kind"]
        return {
            "email": data["email"].strip(),
            "kind": kind,
            "panel": data["panel"].pk if data.get("panel") and kind != Subscription.Kind.MEMBER else None,
            "person": data["person"].pk if data.get("person") and kind == Subscription.Kind.MEMBER else None,
            "query": data["q"] if kind == Subscription.Kind.SEARCH else "",
            "on_agenda": bool(data.get("on_agenda")) if kind == Subscription.Kind.PANEL else True,
            "on_minutes": bool(data.get("on_minutes")) if kind == Subscription.Kind.PANEL else True,
            "frequency": data["frequency"],
        }


class ManageLinkForm(forms.Form):
    email = forms.EmailField(label="Your email address", max_length=254, widget=EMAIL_INPUT)


class FrequencyForm(forms.Form):
    subscription = forms.IntegerField(widget=forms.HiddenInput)
    frequency = forms.ChoiceField(label="How often", choices=Subscription.Frequency.choices)
