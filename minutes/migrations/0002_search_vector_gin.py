import django.contrib.postgres.indexes
from django.db import migrations

import minutes.postgres


class Migration(migrations.Migration):
    dependencies = [("minutes", "0001_initial")]

    operations = [
        minutes.postgres.AddIndexOnPostgres(
            model_name="agendaitem",
            index=django.contrib.postgres.indexes.GinIndex(fields=["search_vector"], name="item_search_vector_gin"),
        ),
    ]
