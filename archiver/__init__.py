"""Archive and verify the X (Twitter) posts that news articles quote.

The library API; `archiver.cli` is a thin command line over it.
"""

__version__ = "0.1.0"

from .extract import extract, extract_page  # noqa: E402
from .models import Embed, FetchResult, Page  # noqa: E402

__all__ = [
    "Embed",
    "FetchResult",
    "Page",
    "__version__",
    "extract",
    "extract_page",
]
