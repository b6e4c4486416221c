from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse


class Panel(models.Model):
    """A body that meets in public: a panel, committee or sub-committee."""

    name = models.CharField(max_length=200, help_text="As published, e.g. 'Kent and Medway Police and Crime Panel'.")
    slug = models.SlugField(max_length=100, unique=True)
    short_name = models.CharField(
        max_length=100, blank=True, help_text="Used in prose, e.g. 'the Police and Crime Panel'."
    )
    host_authority = models.CharField(max_length=200, help_text="The council that hosts the panel.")
    description = models.TextField(blank=True)
    contact = models.TextField(blank=True, help_text="Clerk's name, phone and email as published.")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sub_committees",
        help_text="For a sub-committee: the panel it belongs to.",
    )
    is_synthetic = models.BooleanField(default=False, help_text="Generated test data, never a real record.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("panel", args=[self.slug])

    @property
    def prose_name(self):
        return self.short_name or self.name


class Person(models.Model):
    class Honorific(models.TextChoices):
        CLLR = "Cllr", "Cllr"
        COUNCILLOR = "Councillor", "Councillor"
        MR = "Mr", "Mr"
        MRS = "Mrs", "Mrs"
        MS = "Ms", "Ms"
        MISS = "Miss", "Miss"
        DR = "Dr", "Dr"
        NONE = "", "(none)"

    honorific = models.CharField(max_length=20, choices=Honorific, blank=True)
    name = models.CharField(max_length=200, help_text="As the record writes it, e.g. 'A Birch' or 'Mike Blakemore'.")
    is_synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return f"{self.honorific} {self.name}".strip()


class Membership(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-Chair"
        MEMBER = "member", "Member"
        INDEPENDENT = "independent", "Independent member"
        CO_OPTED = "co_opted", "Co-opted member"

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role, default=Role.MEMBER)
    council = models.CharField(max_length=200, blank=True, help_text="The council represented; blank for independents.")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["panel", "role", "person__name"]
        constraints = [
            # A membership cannot end before it starts.
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="membership_ends_after_start",
            ),
        ]
        indexes = [
            # The panel page lists current members: panel + end_date.
            models.Index(fields=["panel", "end_date"], name="membership_panel_current"),
        ]

    def __str__(self):
        return f"{self.person} – {self.get_role_display()}, {self.panel}"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "A membership cannot end before it starts."})
