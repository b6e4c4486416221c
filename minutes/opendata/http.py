"""What every data response shares: conditional GET, as the pages have it."""

import hashlib

from django.utils.cache import get_conditional_response
from django.utils.http import http_date


def conditional(request, response, last_modified=None):
    """Tag `response` with a strong ETag of its body and, when known, the newest change it shows; answer 304 when
    the client already holds it."""
    etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
    response["ETag"] = etag
    # HTTP dates have whole seconds; compared with a fraction, a client's copy would always look older.
    timestamp = int(last_modified.timestamp()) if last_modified else None
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    response.setdefault("Cache-Control", "public, max-age=0, must-revalidate")
    return get_conditional_response(request, etag=etag, last_modified=timestamp, response=response)
