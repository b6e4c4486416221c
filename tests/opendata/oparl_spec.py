"""Checks of OParl 1.1 objects, written from the specification (https://oparl.org/spezifikation/ and the schema in
github.com/OParl/spec): each type's required properties, and the JSON type of every property this archive sends.

In 1.1 `created` and `modified` are required on every object (1.0 left them out for six types), and Body gained the
external lists agendaItem, consultation, file, locationList, legislativeTermList and membership. A deleted object
carries only id, type, created, modified and `deleted: true`."""

import re

SCHEMA = "https://schema.oparl.org/1.1/"

REQUIRED = {
    "System": ["oparlVersion", "body"],
    "Body": [
        "name",
        "organization",
        "person",
        "meeting",
        "paper",
        "legislativeTerm",
        "agendaItem",
        "consultation",
        "file",
        "locationList",
        "legislativeTermList",
        "membership",
    ],
    "Organization": [],
    "Person": [],
    "Membership": ["organization"],
    "Meeting": [],
    "AgendaItem": ["name", "order"],
    "File": ["accessUrl"],
    "Location": [],
    "LegislativeTerm": [],
    "Paper": [],
    "Consultation": [],
}
# Required only when the object stands alone (not embedded in its parent).
REQUIRED_EXTERNAL = {"AgendaItem": ["meeting"], "Membership": ["person"]}

URL = "url"
DATETIME = "date-time"
DATE = "date"
STRING = "string"
BOOLEAN = "boolean"
INTEGER = "integer"
URL_LIST = "url list"
STRING_LIST = "string list"
OBJECT = "object"
OBJECT_LIST = "object list"

PROPERTIES = {
    "id": URL,
    "type": STRING,
    "created": DATETIME,
    "modified": DATETIME,
    "deleted": BOOLEAN,
    "web": URL,
    "license": URL,
    "name": STRING,
    "shortName": STRING,
    "keyword": STRING_LIST,
    # System
    "oparlVersion": STRING,
    "website": URL,
    # Body: external lists are URLs; legislativeTerm is embedded.
    "system": URL,
    "body": URL,
    "organization": (URL, URL_LIST),  # a list URL on Body and Membership's one URL; an array on Meeting
    "person": URL,
    "paper": URL,
    "agendaItem": (URL, URL_LIST, OBJECT_LIST),  # list URL on Body, URLs on File, objects on Meeting
    "consultation": URL,
    "file": URL,
    "locationList": URL,
    "legislativeTermList": URL,
    "legislativeTerm": OBJECT_LIST,
    "membership": (URL, URL_LIST, OBJECT_LIST),
    "meeting": (URL, URL_LIST),
    # Organization
    "subOrganizationOf": URL,
    "organizationType": STRING,
    "classification": STRING,
    # Person
    "formOfAddress": STRING,
    "email": STRING_LIST,
    "phone": STRING_LIST,
    "status": STRING_LIST,
    # Membership
    "role": STRING,
    "votingRight": BOOLEAN,
    "startDate": DATE,
    "endDate": DATE,
    # Meeting
    "meetingState": STRING,
    "cancelled": BOOLEAN,
    "start": DATETIME,
    "end": DATETIME,
    "location": OBJECT,
    "participant": URL_LIST,
    "invitation": OBJECT,
    "resultsProtocol": OBJECT,
    "auxiliaryFile": OBJECT_LIST,
    # AgendaItem
    "number": STRING,
    "order": INTEGER,
    "public": BOOLEAN,
    "resolutionText": STRING,
    # File
    "fileName": STRING,
    "mimeType": STRING,
    "size": INTEGER,
    "accessUrl": URL,
    "downloadUrl": URL,
    # Location
    "description": STRING,
}

DATETIME_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$")
DATE_RE = re.compile(r"^\d{4}-\d\d-\d\d$")


def is_kind(value, kind):
    if kind == URL:
        return isinstance(value, str) and value.startswith(("http://", "https://"))
    if kind == DATETIME:
        return isinstance(value, str) and bool(DATETIME_RE.match(value))
    if kind == DATE:
        return isinstance(value, str) and bool(DATE_RE.match(value))
    if kind == STRING:
        return isinstance(value, str)
    if kind == BOOLEAN:
        return isinstance(value, bool)
    if kind == INTEGER:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == URL_LIST:
        return isinstance(value, list) and all(is_kind(v, URL) for v in value)
    if kind == STRING_LIST:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind == OBJECT:
        return isinstance(value, dict)
    if kind == OBJECT_LIST:
        return isinstance(value, list) and all(isinstance(v, dict) for v in value)
    raise AssertionError(kind)


def problems(obj, embedded=False, path="$"):
    """Everything wrong with one object (and the objects embedded in it), as readable lines."""
    found = []
    if not isinstance(obj, dict):
        return [f"{path}: not an object"]
    kind = obj.get("type", "")
    if not kind.startswith(SCHEMA) or kind[len(SCHEMA) :] not in REQUIRED:
        return [f"{path}: type {kind!r} is not an OParl 1.1 type"]
    name = kind[len(SCHEMA) :]
    required = ["id", "type", "created", "modified"]
    if obj.get("deleted") is True:
        extra = set(obj) - {"id", "type", "created", "modified", "deleted"}
        if extra:
            found.append(f"{path}: a deleted object carries {sorted(extra)}")
    else:
        required += REQUIRED[name] + ([] if embedded else REQUIRED_EXTERNAL.get(name, []))
    for prop in required:
        if prop not in obj:
            found.append(f"{path} ({name}): required property {prop} is missing")
    for prop, value in obj.items():
        kinds = PROPERTIES.get(prop)
        if kinds is None:
            found.append(f"{path} ({name}): unknown property {prop}")
            continue
        kinds = kinds if isinstance(kinds, tuple) else (kinds,)
        if value is None or value == "":
            found.append(f"{path} ({name}): {prop} is empty (OParl leaves such properties out)")
        elif not any(is_kind(value, k) for k in kinds):
            found.append(f"{path} ({name}): {prop}={value!r} is not a {' or '.join(kinds)}")
        elif isinstance(value, dict):
            found += problems(value, embedded=True, path=f"{path}.{prop}")
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            for n, child in enumerate(value):
                found += problems(child, embedded=True, path=f"{path}.{prop}[{n}]")
    if name == "System" and obj.get("oparlVersion") != SCHEMA:
        found.append(f"{path}: oparlVersion must be {SCHEMA}")
    return found
