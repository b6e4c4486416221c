"""The three roles of the democratic-services team, as groups.

Clerk: types the record (add, change and view the record's models; view panels and people). Cannot publish.
Publisher: a clerk who may also publish agendas and minutes and record minutes as approved.
Administrator: everything, users, panels and people included.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

RECORD_MODELS = [
    "meeting",
    "agendaitem",
    "minutepoint",
    "question",
    "resolution",
    "document",
    "attendance",
    "declaration",
]
HISTORY_MODELS = ["historicalmeeting", "historicalagendaitem", "historicalminutepoint", "historicalquestion",
                  "historicalresolution"]
PANEL_MODELS = ["panel", "person", "membership"]


def create_roles(apps, schema_editor):
    # Permissions are normally made after migrate finishes; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perms(app_label, models, actions):
        codenames = [f"{action}_{model}" for model in models for action in actions]
        found = list(Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))
        assert len(found) == len(codenames), f"missing permissions among {codenames}"
        return found

    clerk = [
        *perms("minutes", RECORD_MODELS, ["add", "change", "view"]),
        *perms("minutes", HISTORY_MODELS, ["view"]),
        *perms("panels", PANEL_MODELS, ["view"]),
    ]
    publishing = list(
        Permission.objects.filter(content_type__app_label="minutes", codename__in=["publish_meeting", "approve_minutes"])
    )
    assert len(publishing) == 2
    everything = Permission.objects.filter(content_type__app_label__in=["auth", "panels", "minutes", "admin"])

    Group.objects.get_or_create(name="Clerk")[0].permissions.set(clerk)
    Group.objects.get_or_create(name="Publisher")[0].permissions.set([*clerk, *publishing])
    Group.objects.get_or_create(name="Administrator")[0].permissions.set(everything)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Clerk", "Publisher", "Administrator"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("panels", "0001_initial"),
        ("minutes", "0003_trustworthy_record"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
