from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.text import slugify


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
    # The record's id in the ModernGov system it came from: old mg*.aspx links and web-service ids keep working.
    moderngov_id = models.PositiveIntegerField(
        null=True, blank=True, unique=True, verbose_name="ModernGov id", help_text="Its id in the old ModernGov site."
    )
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
    # The member page's address (/people/<slug>/); made from the name on first save when left blank.
    slug = models.SlugField(max_length=120, unique=True, blank=True)
    party = models.CharField(
        max_length=100, blank=True, help_text="Political party or group today, e.g. 'Labour', 'Independent'."
    )
    role_titles = models.CharField(
        max_length=300, blank=True, help_text="Titles held, as published, e.g. 'Cabinet Member for Community Safety'."
    )
    email = models.EmailField(blank=True, help_text="Public contact address, shown on the member page.")
    phone = models.CharField(max_length=50, blank=True, help_text="Public contact number.")
    photo = models.ImageField(upload_to="people/", blank=True)
    is_synthetic = models.BooleanField(default=False)
    # The record's id in the ModernGov system it came from: old mg*.aspx links and web-service ids keep working.
    moderngov_id = models.PositiveIntegerField(
        null=True, blank=True, unique=True, verbose_name="ModernGov id", help_text="Its id in the old ModernGov site."
    )
    # OParl's created/modified, and what its modified_since filter reads.
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("person", args=[self.slug])

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.unique_slug()
        super().save(*args, **kwargs)

    def unique_slug(self):
        base = slugify(self.name)[:100] or "member"
        slug, n = base, 1
        while Person.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug

    def current_representation(self):
        """The council and ward/division the person sits for now (open-ended), else the latest."""
        reps = sorted(self.representations.all(), key=lambda r: (r.end_date is None, r.end_date or r.start_date))
        return reps[-1] if reps else None

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
    # OParl's created/modified, and what its modified_since filter reads.
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

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


class Representation(models.Model):
    """A term a person serves for a council's ward or division (councillors; independents have none).

    Kept apart from Person because wards, councils and parties change over a career, and the record must say who sat
    for what on the date of each meeting."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="representations")
    council = models.CharField(max_length=200, help_text="e.g. 'Medway Council'.")
    division = models.CharField(max_length=200, blank=True, help_text="The ward or electoral division.")
    party = models.CharField(max_length=100, blank=True, help_text="Party or group during this term.")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["person", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="representation_ends_after_start",
            ),
        ]

    def __str__(self):
        where = f"{self.division}, {self.council}" if self.division else self.council
        return f"{self.person} – {where}"
