"""Python client for the #WeStandBYyou campaign data.

    from westandbyyou.sdk import Client

    client = Client("http://127.0.0.1:8000", timeout=5)
    print(client.summary(lang="de").headline)
    for godparent in client.godparents(parliament="bundestag"):
        print(godparent.name)

Only this module is public; everything else lives in private modules and may change.
Installing the SDK needs `requests` and nothing else.
"""

from ._cache import Cache, CacheEntry, MemoryCache
from ._client import Client, __version__
from ._errors import (
    APIError,
    BadRequestError,
    InvalidResponseError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    TransportError,
    WestandbyyouError,
)
from ._models import (
    Godchild,
    Godparent,
    Parliament,
    ParliamentDetail,
    ParliamentRef,
    Prisoner,
    PrisonerGodparent,
    Summary,
    Widget,
)
from ._retry import exponential_backoff
from ._transport import ResponseInfo

__all__ = [
    "APIError",
    "BadRequestError",
    "Cache",
    "CacheEntry",
    "Client",
    "Godchild",
    "Godparent",
    "InvalidResponseError",
    "MemoryCache",
    "NotFoundError",
    "Parliament",
    "ParliamentDetail",
    "ParliamentRef",
    "Prisoner",
    "PrisonerGodparent",
    "RateLimitedError",
    "ResponseInfo",
    "ServerError",
    "Summary",
    "TransportError",
    "WestandbyyouError",
    "Widget",
    "__version__",
    "exponential_backoff",
]
