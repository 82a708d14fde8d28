"""ACLED exports as input: ACLED's own events (its ids, actors and coordinates, ``x_origin: "acled"``),
and the link between our events and the ACLED events they duplicate (``x_acled_id``).

Nothing of ACLED's data is shipped: the user's export is read at run time.
"""

from geo.acled.duplicates import DUPLICATE_DAYS, DUPLICATE_KM, RecordEvent, link_duplicates
from geo.acled.reader import AcledError, read_acled, read_acled_rows

__all__ = ["DUPLICATE_DAYS", "DUPLICATE_KM", "AcledError", "RecordEvent", "link_duplicates", "read_acled",
           "read_acled_rows"]
