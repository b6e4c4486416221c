"""/alerts/: sign up, confirm, manage, unsubscribe. Thin views; the mail goes out through the task worker.

The sign-up and manage-link pages answer the same whatever the address (subscribed or not, valid sign-up or over a
limit only for that address's own counter), so nobody can learn from them whether an address is subscribed."""

from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from minutes.tasks import enqueue_safely
from panels.models import Panel, Person

from . import tokens
from .forms import FrequencyForm, ManageLinkForm, SignupForm
from .models import Subscription
from .tasks import send_confirmation, send_manage_link
from .throttling import allow_signup

BREADCRUMBS = [("Email alerts", None)]


def page(request, template, context=None, status=200):
    return render(request, f"alerts/{template}.html", {"breadcrumbs": BREADCRUMBS, **(context or {})}, status=status)


def refused(request):
    return page(request, "limited", status=429)


def initial_from(request):
    """Pre-fill from a link: ?panel=<slug>, ?person=<slug> or a search's ?q=…&panel=…"""
    get = request.GET
    initial = {"kind": Subscription.Kind.PANEL}
    if get.get("person"):
        initial.update(kind=Subscription.Kind.MEMBER, person=get["person"])
    elif "q" in get or get.get("follow") == "search":
        initial.update(kind=Subscription.Kind.SEARCH, q=get.get("q", ""), panel=get.get("panel", ""))
    elif get.get("panel"):
        initial.update(panel=get["panel"])
    return initial


def describe(data):
    """How mail and pages name what a sign-up follows; None when its panel or member no longer exists."""
    panel = Panel.objects.filter(pk=data["panel"]).first() if data["panel"] else None
    if data["kind"] == Subscription.Kind.MEMBER:
        person = Person.objects.filter(pk=data["person"]).first()
        return person.display_name if person else None
    if data["kind"] == Subscription.Kind.PANEL:
        return panel.name if panel else None
    where = f" in {panel.name}" if panel else ""
    return f"the search “{data['query']}”{where}" if data["query"] else f"new items{where}"


@require_http_methods(["GET", "POST"])
def signup(request):
    form = SignupForm(request.POST if request.method == "POST" else None, initial=initial_from(request))
    if request.method == "POST":
        if not form.is_valid():
            return page(request, "signup", {"form": form, "manage_form": ManageLinkForm()}, status=400)
        if not allow_signup(request, form.cleaned_data["email"]):
            return refused(request)
        data = form.request_data()
        enqueue_safely(send_confirmation, data, describe(data))
        return page(request, "check_email")
    return page(request, "signup", {"form": form, "manage_form": ManageLinkForm()})


@require_http_methods(["POST"])
def request_manage_link(request):
    form = ManageLinkForm(request.POST)
    if not form.is_valid():
        return page(request, "signup", {"form": SignupForm(initial=initial_from(request)), "manage_form": form}, 400)
    if not allow_signup(request, form.cleaned_data["email"]):
        return refused(request)
    enqueue_safely(send_manage_link, form.cleaned_data["email"].strip())
    return page(request, "check_email")


def bad_link(request):
    return page(request, "bad_link", status=400)


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    data = tokens.read(tokens.CONFIRM, token)
    subject = describe(data) if data is not None else None
    if subject is None:
        return bad_link(request)
    if request.method == "GET":
        # Confirming takes a button press: mail scanners that open links must not subscribe anyone.
        return page(request, "confirm", {"subject": subject})
    subscription = create(data)
    return redirect(reverse("alerts:manage", args=[tokens.make(tokens.MANAGE, {"e": subscription.email})]))


def create(data):
    fields = {"email": data["email"], "kind": data["kind"], "panel_id": data["panel"], "person_id": data["person"]}
    fields["query"] = data["query"]
    existing = Subscription.objects.filter(**fields).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            return Subscription.objects.create(
                **fields,
                on_agenda=data["on_agenda"],
                on_minutes=data["on_minutes"],
                frequency=data["frequency"],
                confirmed_at=timezone.now(),
            )
    except IntegrityError:  # the same link confirmed twice at once
        return Subscription.objects.get(**fields)


@require_http_methods(["GET", "POST"])
def manage(request, token):
    data = tokens.read(tokens.MANAGE, token)
    if data is None:
        return bad_link(request)
    subscriptions = Subscription.objects.filter(email=data["e"]).select_related("panel", "person").order_by("pk")
    notice = ""
    if request.method == "POST":
        form = FrequencyForm(request.POST)
        if not form.is_valid():
            return bad_link(request)
        subscription = get_object_or_404(subscriptions, pk=form.cleaned_data["subscription"])
        if request.POST.get("action") == "unsubscribe":
            subscription.delete()
            notice = f"You will no longer get alerts for {subscription.subject}."
        else:
            subscription.frequency = form.cleaned_data["frequency"]
            subscription.save(update_fields=["frequency"])
            notice = f"Alerts for {subscription.subject}: {subscription.get_frequency_display().lower()}."
    rows = [(s, FrequencyForm(initial={"subscription": s.pk, "frequency": s.frequency})) for s in subscriptions]
    return page(request, "manage", {"rows": rows, "notice": notice, "token": token})


@csrf_exempt  # RFC 8058 one-click: the mail client POSTs with no page, hence no CSRF token; the signed link is the key
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    data = tokens.read(tokens.UNSUBSCRIBE, token)
    if data is None:
        return bad_link(request)
    if request.method == "GET":
        return page(request, "unsubscribe", {"token": token, "all": "e" in data})
    if "e" in data:
        Subscription.objects.filter(email=data["e"]).delete()
    else:
        Subscription.objects.filter(pk=data["s"]).delete()
    return page(request, "unsubscribed")
