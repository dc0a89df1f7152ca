"""claimgraph: claims about who did what to whom, extracted from news text.

    >>> import claimgraph
    >>> claims = claimgraph.extract("Iran has never attacked Iraq, officials said.")

``extract`` returns typed ``Claim`` objects (see ``claimgraph.model``); ``extract_document``
returns everything extracted from one ``Document``: claims, attributions, affiliations.
"""

from __future__ import annotations

from claimgraph.model import Affiliation, Attribution, Claim, Document, Entity, Extraction

__version__ = "0.1.0"
__all__ = ["extract", "extract_document", "Claim", "Attribution", "Affiliation", "Document", "Entity",
           "Extraction", "__version__"]


def extract_document(document: Document, model: str | None = None) -> Extraction:
    """Claims, attributions and affiliations of one document."""
    from claimgraph.pipeline import default_extractor

    return next(default_extractor(model).extract_documents([document]))


def extract(text: str, published: str | None = None, doc_id: str = "doc", model: str | None = None) -> list[Claim]:
    """The claims of one text; ``published`` (ISO date) resolves relative times."""
    return extract_document(Document(doc_id, text, published=published), model).claims
