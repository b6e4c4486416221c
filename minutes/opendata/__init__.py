"""Open data: the ModernGov-compatible web service, OParl 1.1, Akoma Ntoso, per-record JSON, the bulk download and
the old ModernGov addresses. Every route here reads through the one public rule (`Meeting.objects.public()`,
`AgendaItem.objects.public()`)."""
