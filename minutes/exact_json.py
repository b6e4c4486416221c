"""Django's JSON serializer, keeping datetimes and times to the microsecond.

The stock encoder cuts them to milliseconds, so a dump and load (backup_archive → restore_archive) would not give the
record back exactly: a history entry stamped at 12:15:03.000500 would come back as 12:15:03. Registered as the "json"
format in settings.SERIALIZATION_MODULES; loading is unchanged (ISO 8601 with any precision)."""

import datetime

from django.core.serializers import json as django_json


class ExactJSONEncoder(django_json.DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time) and o.utcoffset() is None:
            return o.isoformat()
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self):
        self.options.setdefault("cls", ExactJSONEncoder)
        super()._init_options()


Deserializer = django_json.Deserializer
