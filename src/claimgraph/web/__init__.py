"""The web app and HTTP API over a claim store (``claimgraph serve``): JSON endpoints under
``/api`` documented by OpenAPI (``api``), pages rendered from Jinja templates (``pages``)
with a graph drawing library vendored in ``static/``, both built by ``app.create_app``."""
