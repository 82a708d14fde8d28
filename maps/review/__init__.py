"""The analyst's review of machine-coded events: corrections, the audit trail, merge and split, what
corrections teach (gazetteer aliases, a report of rejected triggers), read over any event store that
keeps review and audit rows (``maps.review.backend.ReviewBackend``)."""
